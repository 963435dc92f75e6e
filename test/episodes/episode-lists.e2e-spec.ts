import { createFamily, giveConsent, openEpisode, startTaf } from '../helpers/case-factory';
import { TestClock } from '../helpers/clock';
import { setupTestApp } from '../helpers/setup';

type Episode = { id: string; openedOn: string; reviewDueOn: string | null; leadProfessionalUserId: string | null };

describe('episode and caseload lists: filters, sorts and keyset paging under the access rule', () => {
  const hub = { type: 'family_hub', name: 'Wednesbury Family Hub' } as const;
  const clock = new TestClock('2026-03-02');
  const { t, worker, colleague, stranger } = setupTestApp(
    {
      worker: { roles: ['practitioner'], organisation: hub },
      colleague: { roles: ['practitioner'], organisation: hub },
      stranger: { roles: ['practitioner'], organisation: { type: 'police', name: 'West Midlands Police' } },
    },
    { SIGN_OFF_REQUIRED: 'false' },
    { clock },
  );
  const ids: Record<string, string> = {};

  const list = async (query: string) =>
    ((await t.as(worker).get(`/episodes?${query}`).expect(200)).body.items as Episode[]).map((e) => e.id);

  beforeAll(async () => {
    for (const [name, openedOn, level] of [
      ['old', '2025-06-02', 'multi_agency_early_help'],
      ['mid', '2025-11-03', 'early_help'],
      ['new', '2026-02-02', 'multi_agency_early_help'],
    ] as const) {
      const family = await createFamily(t, worker, `${name} household`);
      await giveConsent(t, worker, family.familyId, family.motherId, [worker.organisationId]);
      ids[name] = await openEpisode(t, worker, family.familyId, { openedOn, level });
    }
    // old: colleague leads it; its TAF review (six weekly from 2025-06-02) is long overdue.
    await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId: ids.old, needs: ['neglect'] })
      .expect(201);
    await t
      .as(worker)
      .put(`/episodes/${ids.old}/lead-professional`)
      .send({ userId: colleague.id, reason: 'Caseload' })
      .expect(200);
    await startTaf(t, worker, ids.old, { startedOn: '2025-06-02' });
    // mid: the worker leads it; its review falls due in April.
    await t
      .as(worker)
      .post('/assessments')
      .send({ episodeId: ids.mid, needs: ['neglect'] })
      .expect(201);
    await t
      .as(worker)
      .put(`/episodes/${ids.mid}/lead-professional`)
      .send({ userId: worker.id, reason: 'Caseload' })
      .expect(200);
    await startTaf(t, worker, ids.mid, { startedOn: '2026-02-23' });
    // new: closed.
    await t
      .as(worker)
      .post(`/episodes/${ids.new}/close`)
      .set('If-Match', '"1"')
      .send({ reason: 'outcomes_met', closedOn: '2026-02-20' })
      .expect(200);
  });

  it('sorts newest first by default, and by due review (none last)', async () => {
    expect(await list('')).toEqual([ids.new, ids.mid, ids.old]);
    expect(await list('sort=due_review')).toEqual([ids.old, ids.mid, ids.new]);
  });

  it('filters by Lead Professional (me), lead organisation, level, status and date ranges', async () => {
    expect(await list('leadProfessional=me')).toEqual([ids.mid]);
    expect(await list(`leadProfessional=${colleague.id}`)).toEqual([ids.old]);
    expect(await list(`leadOrganisationId=${worker.organisationId}`)).toEqual([ids.mid, ids.old]);
    expect(await list('level=early_help')).toEqual([ids.mid]);
    expect(await list('status=closed')).toEqual([ids.new]);
    expect(await list('status=open')).toEqual([ids.mid, ids.old]);
    expect(await list('openedFrom=2025-07-01&openedTo=2025-12-31')).toEqual([ids.mid]);
    expect(await list('closedFrom=2026-02-01&closedTo=2026-02-28')).toEqual([ids.new]);
    expect(await list('overdueReview=true')).toEqual([ids.old]);
  });

  it('pages by keyset in either order', async () => {
    for (const sort of ['newest', 'due_review']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await t.as(worker).get(`/episodes?${query}`).expect(200)).body;
        seen.push(...(body.items as Episode[]).map((e) => e.id));
        cursor = body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toEqual(await list(`sort=${sort}`));
    }
  });

  it('an organisation without access sees none of them; its own caseload is empty', async () => {
    const items = (await t.as(stranger).get('/episodes?leadProfessional=me').expect(200)).body.items;
    expect(items).toEqual([]);
    expect(
      (await t.as(stranger).get(`/episodes?leadOrganisationId=${worker.organisationId}`).expect(200)).body.items,
    ).toEqual([]);
  });

  it.each([
    ['leadOrganisationId=nope', 'leadOrganisationId'],
    ['leadProfessional=you', 'leadProfessional'],
    ['level=Not A Level', 'level'],
    ['status=pending', 'status'],
    ['openedFrom=2026-02-30', 'openedFrom'],
    ['openedTo=yesterday', 'openedTo'],
    ['closedFrom=2026-13-01', 'closedFrom'],
    ['closedTo=1', 'closedTo'],
    ['overdueReview=maybe', 'overdueReview'],
    ['sort=oldest', 'sort'],
    ['open=true&status=closed', 'status'],
    [`cursor=${Buffer.from(JSON.stringify(['not-a-date', 'x'])).toString('base64url')}`, 'cursor'],
  ])('refuses %s with a 400 naming the field', async (query, field) => {
    const response = await t.as(worker).get(`/episodes?${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});
