import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createFamily } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import type { TestApp, TestUser } from '../helpers/test-app';
import { binary, exe, png, sha256 } from './document-files';

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
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  let server: S3rver;
  let client: S3Client;
  let endpoint = '';
  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({
      region: 'eu-west-2',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new CreateBucketCommand({ Bucket: 'early-help-documents' }));
  });
  const { t, worker } = setupTestApp({ worker: ['practitioner'] }, () => ({
    DOCUMENT_STORAGE: 's3',
    S3_BUCKET: 'early-help-documents',
    S3_ENDPOINT: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  }));
  afterAll(async () => {
    client.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads by multipart upload, streams back, and keeps no object for a refused upload', async () => {
    const { familyId } = await createFamily(t, worker);
    const key = await roundTrip(t, worker, familyId);
    const objects = await client.send(new ListObjectsV2Command({ Bucket: 'early-help-documents' }));
    expect((objects.Contents ?? []).map((object) => object.Key)).toEqual([key]);
  });
});
