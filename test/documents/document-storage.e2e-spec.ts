import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFamily } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import type { TestApp, TestUser } from '../helpers/test-app';
import { binary, exe, png, sha256 } from './document-files';
import { s3StandIn } from './s3-stand-in';

/** The same upload, download and refusal through the other storages (PostgreSQL is covered in documents.e2e-spec). */
async function roundTrip(t: TestApp, worker: TestUser, familyId: string): Promise<string> {
  const content = png(300 * 1024);
  const created = await t
    .as(worker)
    .post('/documents')
    .field('targetType', 'family')
    .field('targetId', familyId)
    .attach('file', content, 'photo.png')
    .expect(201);
  const back = await t.as(worker).get(`/documents/${created.body.id}/content`).buffer(true).parse(binary).expect(200);
  expect(sha256(back.body as Buffer)).toBe(sha256(content));
  const storage = await t.sql.query(`SELECT storage, storage_key FROM documents WHERE id = $1`, [created.body.id]);
  await t
    .as(worker)
    .post('/documents')
    .field('targetType', 'family')
    .field('targetId', familyId)
    .attach('file', exe(), 'report.pdf')
    .expect(415);
  return storage.rows[0].storage_key as string;
}

describe('documents in a local directory (DOCUMENT_STORAGE=local)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'documents-'));
  const { t, worker } = setupTestApp({ worker: ['practitioner'] }, { DOCUMENT_STORAGE: 'local', DOCUMENT_DIR: dir });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one file per document named by its key, and leaves none for a refused upload', async () => {
    const { familyId } = await createFamily(t, worker);
    const key = await roundTrip(t, worker, familyId);
    expect(existsSync(join(dir, key))).toBe(true);
    expect(readdirSync(dir)).toEqual([key]);
  });
});

describe('documents in S3-compatible storage (DOCUMENT_STORAGE=s3, against s3rver)', () => {
  const s3 = s3StandIn();
  const { t, worker } = setupTestApp({ worker: ['practitioner'] }, s3.env);

  it('uploads by multipart upload, streams back, and keeps no object for a refused upload', async () => {
    const { familyId } = await createFamily(t, worker);
    const key = await roundTrip(t, worker, familyId);
    expect(await s3.keys()).toEqual([key]);
  });
});
