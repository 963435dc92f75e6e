import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentStores, type DocumentStorage } from '../../src/documents/document-storage';
import { RetentionService } from '../../src/retention/retention.service';
import { createFamily } from '../helpers/case-factory';
import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';
import type { TestApp, TestUser } from '../helpers/test-app';
import { pdf } from '../documents/document-files';
import { s3StandIn } from '../documents/s3-stand-in';
import { decide, decisionBody, marfBody, submitted, triage } from '../marf/marf-helpers';

/** A family with one document, its work over; returns the document's storage key. */
async function familyWithDocument(t: TestApp, worker: TestUser): Promise<{ familyId: string; key: string }> {
  const { familyId } = await createFamily(t, worker);
  const created = await t
    .as(worker)
    .post('/documents')
    .field('targetType', 'family')
    .field('targetId', familyId)
    .attach('file', pdf(), 'plan.pdf')
    .expect(201);
  const { rows } = await t.sql.query(`SELECT storage_key FROM documents WHERE id = $1`, [created.body.id]);
  return { familyId, key: rows[0].storage_key as string };
}

/**
 * The family is deleted by retention and the document's bytes leave the store after the batch
 * commits; a removal that fails stays queued with its error and the next run removes it.
 */
async function removesFilesAfterCommit(t: TestApp, worker: TestUser, clock: TestClock, files: () => Promise<string[]>) {
  clock.set('2026-03-02');
  const kept = await familyWithDocument(t, worker);
  const failing = await familyWithDocument(t, worker);
  expect((await files()).sort()).toEqual([kept.key, failing.key].sort());
  // Their children were born long enough ago for both families to be due.
  await t.sql.query(
    `UPDATE persons SET date_of_birth = '1990-01-01'
      WHERE id IN (SELECT person_id FROM family_members WHERE family_id = ANY($1::uuid[]))`,
    [[kept.familyId, failing.familyId]],
  );
  const stores = t.app.get(DocumentStores);
  const real = stores.of.bind(stores);
  // The store refuses to remove the second family's file the first time it is asked.
  let refused = 0;
  const spy = jest.spyOn(stores, 'of').mockImplementation((kind) => {
    const store = real(kind);
    return {
      ...store,
      kind: store.kind,
      put: store.put.bind(store),
      open: store.open.bind(store),
      remove: (key: string) => {
        if (key === failing.key && refused++ === 0) return Promise.reject(new Error('store unavailable'));
        return store.remove(key);
      },
    } as DocumentStorage;
  });
  try {
    clock.set('2030-01-01');
    const first = await t.app.get(RetentionService).run();
    expect(first.status).toBe('done');
    expect(first.counts).toMatchObject({ families: 2, documents: 2, document_files: 1, document_files_failed: 1 });
    expect(await files()).toEqual([failing.key]);
    const { rows: queued } = await t.sql.query(`SELECT storage_key, attempts, last_error FROM document_file_removals`);
    expect(queued).toEqual([{ storage_key: failing.key, attempts: 1, last_error: 'Error: store unavailable' }]);

    const second = await t.app.get(RetentionService).run();
    expect(second.counts).toEqual({ document_files: 1 });
    expect(await files()).toEqual([]);
    expect((await t.sql.query(`SELECT 1 FROM document_file_removals`)).rows).toEqual([]);
    expect(spy).toHaveBeenCalled();
  } finally {
    spy.mockRestore();
  }
}

describe('retention removes the files of deleted documents (DOCUMENT_STORAGE=local)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'retention-documents-'));
  const clock = new TestClock('2026-03-02');
  const { t, worker, mash } = setupTestApp(
    { worker: ['practitioner'], mash: ['mash'] },
    { DOCUMENT_STORAGE: 'local', DOCUMENT_DIR: dir },
    { clock },
  );
  const files = async () => (existsSync(dir) ? readdirSync(dir) : []);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('removes each file once its batch has committed, and retries a failed removal on the next run', async () => {
    await removesFilesAfterCommit(t, worker, clock, files);
  });

  it('removes the file of a document on a MARF deleted whole under its rule', async () => {
    clock.set('2026-03-02');
    const marf = await submitted(t, worker, marfBody());
    await triage(t, mash, marf.id, { rag: 'green', assigneeUserId: mash.id }).expect(200);
    await decide(t, mash, marf.id, decisionBody()).expect(201);
    const created = await t
      .as(mash)
      .post('/documents')
      .field('targetType', 'marf')
      .field('targetId', marf.id)
      .attach('file', pdf(), 'referral.pdf')
      .expect(201);
    expect(await files()).toHaveLength(1);
    await t.sql.query(`UPDATE retention_rules SET action = 'delete' WHERE record_type = 'marf_no_further_action'`);
    clock.set('2040-01-01');
    const run = await t.app.get(RetentionService).run();
    expect(run.counts).toMatchObject({ marfs: 1, documents: 1, document_files: 1 });
    expect(await files()).toEqual([]);
    expect((await t.sql.query(`SELECT 1 FROM documents WHERE id = $1`, [created.body.id])).rows).toEqual([]);
  });
});

describe('retention removes the objects of deleted documents (DOCUMENT_STORAGE=s3, against s3rver)', () => {
  const clock = new TestClock('2026-03-02');
  const s3 = s3StandIn();
  const { t, worker } = setupTestApp({ worker: ['practitioner'] }, s3.env, { clock });

  it('removes each object once its batch has committed, and retries a failed removal on the next run', async () => {
    await removesFilesAfterCommit(t, worker, clock, s3.keys);
  });
});
