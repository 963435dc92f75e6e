import { createFamily, giveConsent, openEpisode, startTaf } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { binary, docx, exe, jpeg, pdf, png, sha256 } from './document-files';

describe('documents', () => {
  const { t, worker, colleague, manager, stranger, mash } = setupTestApp(
    {
      worker: { roles: ['practitioner'], organisation: { type: 'school', name: 'Tipton Academy' } },
      colleague: { roles: ['practitioner'], organisation: { type: 'school', name: 'Tipton Academy' } },
      manager: { roles: ['manager'], organisation: { type: 'school', name: 'Tipton Academy' } },
      stranger: ['practitioner'],
      mash: ['mash'],
    },
    { DOCUMENT_MAX_BYTES: String(1024 * 1024) },
  );
  let familyId: string;
  let motherId: string;
  let episodeId: string;
  let planId: string;

  beforeAll(async () => {
    ({ familyId, motherId } = await createFamily(t, worker));
    episodeId = await openEpisode(t, worker, familyId);
    await giveConsent(t, worker, familyId, motherId, [worker.organisationId]);
    planId = await startTaf(t, worker, episodeId);
  });

  const upload = (user = worker, fields: Record<string, string> = {}, content: Buffer = pdf(), name = 'form.pdf') => {
    let request = t.as(user).post('/documents');
    for (const [key, value] of Object.entries({ targetType: 'family', targetId: familyId, ...fields }))
      request = request.field(key, value);
    return request.attach('file', content, { filename: name, contentType: 'application/octet-stream' });
  };
  const count = async (table: string) =>
    (await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  it('stores a PDF against a family, typed from its content, and streams it back with an audit row', async () => {
    const content = pdf('signed by mum');
    const created = await upload(worker, { title: 'Signed consent form' }, content, '../../consent.png').expect(201);
    expect(created.body).toMatchObject({
      familyId,
      targetType: 'family',
      targetId: familyId,
      title: 'Signed consent form',
      fileName: 'consent.png',
      contentType: 'application/pdf',
      byteSize: content.length,
      sha256: sha256(content),
      uploadedByUserId: worker.id,
      deletedAt: null,
    });
    const id = created.body.id as string;
    await t.as(worker).get(`/documents/${id}`).expect(200);
    const download = await t.as(worker).get(`/documents/${id}/content`).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('filename="consent.png"');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, content)).toBe(0);
    const audit = await t.sql.query(
      `SELECT action, details FROM audit_events WHERE entity_type = 'document' AND entity_id = $1 ORDER BY occurred_at, id`,
      [id],
    );
    expect(audit.rows.map((row: { action: string }) => row.action)).toEqual(['create', 'read', 'read']);
    expect(audit.rows[2].details).toMatchObject({ content: true });
  });

  it('takes PNG, JPEG and DOCX on an episode, EHA-less TAF plan and the family, several chunks long', async () => {
    const big = png(600 * 1024);
    const onEpisode = await upload(worker, { targetType: 'episode', targetId: episodeId }, big, 'photo.pdf').expect(
      201,
    );
    expect(onEpisode.body).toMatchObject({ contentType: 'image/png', byteSize: big.length, sha256: sha256(big) });
    const back = await t
      .as(worker)
      .get(`/documents/${onEpisode.body.id}/content`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(sha256(back.body as Buffer)).toBe(sha256(big));
    const chunks = await t.sql.query(
      `SELECT count(*)::int AS n FROM document_chunks c JOIN documents d ON d.storage_key = c.storage_key WHERE d.id = $1`,
      [onEpisode.body.id],
    );
    expect(chunks.rows[0].n).toBe(3);
    await upload(worker, { targetType: 'taf_plan', targetId: planId }, jpeg(), 'plan.jpg').expect(201);
    const word = await upload(worker, {}, docx(), 'letter.docx').expect(201);
    expect(word.body.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

    const listed = await t.as(worker).get('/documents').query({ targetType: 'taf_plan', targetId: planId }).expect(200);
    expect(listed.body.items.map((item: { contentType: string }) => item.contentType)).toEqual(['image/jpeg']);
    const chronology = await t.as(worker).get(`/families/${familyId}/chronology`).expect(200);
    expect(chronology.body.items.filter((event: { kind: string }) => event.kind === 'document_added').length).toBe(4);
  });

  it('refuses content of a type not allowed, too large, not multipart or without a file, and keeps nothing', async () => {
    const [documents, chunks] = [await count('documents'), await count('document_chunks')];
    const executable = await upload(worker, {}, exe(), 'report.pdf').expect(415);
    expect(executable.body.type).toContain('document-type-not-allowed');
    const spreadsheet = await upload(worker, {}, docx(false), 'letter.docx').expect(415);
    expect(spreadsheet.body.type).toContain('document-type-not-allowed');
    const large = await upload(worker, {}, Buffer.concat([pdf(), Buffer.alloc(1024 * 1024 + 10, 32)])).expect(413);
    expect(large.body.type).toContain('document-too-large');
    await upload(worker, {}, Buffer.alloc(0), 'empty.pdf').expect(400);
    await t.as(worker).post('/documents').send({ targetType: 'family', targetId: familyId }).expect(415);
    const noFile = await t.as(worker).post('/documents').field('targetType', 'family').field('targetId', familyId);
    expect(noFile.status).toBe(400);
    const badFields = await upload(worker, { targetType: 'pet', targetId: 'x', title: '' }).expect(400);
    expect(badFields.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'targetId',
      'targetType',
      'title',
    ]);
    await upload(worker, { targetType: 'episode', targetId: familyId }).expect(404);
    expect([await count('documents'), await count('document_chunks')]).toEqual([documents, chunks]);
  });

  it('follows the access rule of the record: 404 to an organisation without access, read by the MASH', async () => {
    const id = (await upload(worker, { targetType: 'episode', targetId: episodeId }).expect(201)).body.id as string;
    const denied = await t.as(stranger).get(`/documents/${id}`).expect(404);
    expect(denied.body.detail).toBe(`No document with id ${id}`);
    await t.as(stranger).get(`/documents/${id}/content`).expect(404);
    await t.as(stranger).get('/documents').query({ targetType: 'episode', targetId: episodeId }).expect(404);
    await upload(stranger, { targetType: 'episode', targetId: episodeId }).expect(404);
    await t.as(stranger).post(`/documents/${id}/delete`).send({ reason: 'Not ours' }).expect(404);
    const denials = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'read_denied' AND actor_user_id = $1`,
      [stranger.id],
    );
    expect(denials.rows[0].n).toBeGreaterThan(0);
    await t.as(mash).get(`/documents/${id}/content`).expect(200);
    await t.as(colleague).get(`/documents/${id}`).expect(200);
  });

  it('soft-deletes with a reason, by the uploader or their manager only; the content is no longer served', async () => {
    const id = (await upload(worker).expect(201)).body.id as string;
    const refused = await t.as(colleague).post(`/documents/${id}/delete`).send({ reason: 'Wrong family' }).expect(403);
    expect(refused.body.type).toContain('not-document-uploader');
    await t.as(manager).post(`/documents/${id}/delete`).send({}).expect(400);
    const deleted = await t
      .as(manager)
      .post(`/documents/${id}/delete`)
      .send({ reason: 'Uploaded to the wrong family' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ deletedByUserId: manager.id, deletionReason: 'Uploaded to the wrong family' });
    expect(deleted.body.deletedAt).toEqual(expect.any(String));
    await t.as(worker).get(`/documents/${id}/content`).expect(410);
    await t.as(worker).post(`/documents/${id}/delete`).send({ reason: 'Again please' }).expect(410);
    const live = await t.as(worker).get('/documents').query({ targetType: 'family', targetId: familyId }).expect(200);
    expect(live.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    const all = await t
      .as(worker)
      .get('/documents')
      .query({ targetType: 'family', targetId: familyId, includeDeleted: 'true' })
      .expect(200);
    expect(all.body.items.map((item: { id: string }) => item.id)).toContain(id);
  });
});
