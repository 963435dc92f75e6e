import { setupTestApp } from '../helpers/setup';
import { decide, decisionBody, submitted, triage, marfBody } from './marf-helpers';

const HOUR = 3600_000;

describe('MASH queue: order, filters and the one-working-day deadline', () => {
  const { t, practitioner, mash, admin } = setupTestApp({
    practitioner: ['practitioner'],
    mash: ['mash'],
    admin: ['admin'],
  });

  const receivedAt = (id: string, instant: Date | string) =>
    t.sql.query(`UPDATE marfs SET received_at = $2 WHERE id = $1`, [id, instant]);
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR);
  const queue = async (params = '') => (await t.as(mash).get(`/mash/queue${params}`).expect(200)).body;

  /** A MARF received at `at`, triaged to `rag` when given, and decided at `decidedAt` when given. */
  async function marfAt(
    at: Date | string,
    options: { immediateRisk?: boolean; rag?: string; decidedAt?: string } = {},
  ): Promise<string> {
    const marf = await submitted(t, practitioner, marfBody({ immediateRisk: options.immediateRisk ?? false }));
    if (options.rag || options.decidedAt) {
      await triage(t, mash, marf.id, { rag: options.rag ?? 'green', assigneeUserId: mash.id }).expect(200);
    }
    if (options.decidedAt) {
      await decide(t, mash, marf.id, decisionBody()).expect(201);
      await t.sql.query(`UPDATE marf_decisions SET decided_at = $2 WHERE marf_id = $1`, [marf.id, options.decidedAt]);
    }
    await receivedAt(marf.id, at);
    return marf.id;
  }

  describe('order and filters', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      ids.untriaged = await marfAt(hoursAgo(72));
      ids.riskGreen = await marfAt(hoursAgo(24), { immediateRisk: true, rag: 'green' });
      ids.riskRed = await marfAt(hoursAgo(2), { immediateRisk: true, rag: 'red' });
      ids.red = await marfAt(hoursAgo(120), { rag: 'red' });
      ids.newerAmber = await marfAt(hoursAgo(24), { rag: 'amber' });
      ids.olderAmber = await marfAt(hoursAgo(48), { rag: 'amber' });
      ids.decided = await marfAt(hoursAgo(30), { decidedAt: hoursAgo(1).toISOString() });
    });

    it('puts immediate risk first, then red, amber, green, untriaged, then the oldest first', async () => {
      const body = await queue();
      expect(body.items.map((item: { id: string }) => item.id)).toEqual([
        ids.riskRed,
        ids.riskGreen,
        ids.red,
        ids.olderAmber,
        ids.newerAmber,
        ids.untriaged,
      ]);
      expect(body.items[0]).toMatchObject({
        status: 'triaged',
        immediateRisk: true,
        rag: 'red',
        assigneeUserId: mash.id,
        childCount: 1,
        decidedAt: null,
      });
      expect(body.items[5]).toMatchObject({ status: 'received', rag: null, assigneeUserId: null });
    });

    it('pages through the same order with the cursor', async () => {
      const all = (await queue()).items.map((item: { id: string }) => item.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await queue(
          `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('filters by RAG and by status', async () => {
      expect((await queue('?rag=amber')).items.map((item: { id: string }) => item.id)).toEqual([
        ids.olderAmber,
        ids.newerAmber,
      ]);
      expect((await queue('?status=received')).items.map((item: { id: string }) => item.id)).toEqual([ids.untriaged]);
      expect((await queue('?status=decided')).items.map((item: { id: string }) => item.id)).toEqual([ids.decided]);
      await t.as(mash).get('/mash/queue?rag=purple').expect(400);
      await t.as(mash).get('/mash/queue?status=closed').expect(400);
      await t.as(mash).get('/mash/queue?cursor=not-ours').expect(400);
    });

    it('flags open MARFs past the deadline, and not those just received', async () => {
      const items: { id: string; overdue: boolean; waitedWorkingMs: number }[] = (await queue()).items;
      const byId = new Map(items.map((item) => [item.id, item]));
      expect(byId.get(ids.red)!.overdue).toBe(true);
      expect(byId.get(ids.riskRed)!.overdue).toBe(false);
      expect(byId.get(ids.riskRed)!.waitedWorkingMs).toBeLessThanOrEqual(2 * HOUR + 60_000);
    });
  });

  describe('working-day edges (decided MARFs, so the clock has stopped)', () => {
    const item = async (id: string) =>
      (await queue('?status=decided&limit=200')).items.find((entry: { id: string }) => entry.id === id);

    it('Friday afternoon: due Monday afternoon; decided Monday morning is on time after 18 working hours', async () => {
      const id = await marfAt('2026-11-20T15:00:00Z', { decidedAt: '2026-11-23T09:00:00Z' });
      expect(await item(id)).toMatchObject({
        decisionDueAt: '2026-11-23T15:00:00.000Z',
        waitedWorkingMs: 18 * HOUR,
        waitedWorkingHours: 18,
        overdue: false,
      });
    });

    it('Friday afternoon decided on Tuesday is overdue after 43 working hours', async () => {
      const id = await marfAt('2026-11-20T15:00:00Z', { decidedAt: '2026-11-24T10:00:00Z' });
      expect(await item(id)).toMatchObject({ waitedWorkingMs: 43 * HOUR, overdue: true });
    });

    it('Easter bank holiday weekend: Thursday afternoon is due the following Tuesday', async () => {
      // Thursday 2 April 2026 16:00 BST; Good Friday and Easter Monday are bank holidays.
      const onTime = await marfAt('2026-04-02T15:00:00Z', { decidedAt: '2026-04-07T14:00:00Z' });
      expect(await item(onTime)).toMatchObject({
        decisionDueAt: '2026-04-07T15:00:00.000Z',
        waitedWorkingMs: 23 * HOUR,
        overdue: false,
      });
      const late = await marfAt('2026-04-02T15:00:00Z', { decidedAt: '2026-04-07T15:30:00Z' });
      expect(await item(late)).toMatchObject({ overdue: true });
    });

    it('Christmas: Christmas Eve is due on Tuesday 29 December 2026 (Boxing Day substituted to Monday)', async () => {
      const id = await marfAt('2026-12-24T12:00:00Z', { decidedAt: '2026-12-29T11:00:00Z' });
      expect(await item(id)).toMatchObject({ decisionDueAt: '2026-12-29T12:00:00.000Z', overdue: false });
    });

    it('a bank holiday an admin adds moves the deadline of MARFs received before it', async () => {
      const id = await marfAt('2025-06-04T10:00:00Z', { decidedAt: '2025-06-05T12:00:00Z' });
      expect(await item(id)).toMatchObject({ decisionDueAt: '2025-06-05T10:00:00.000Z', overdue: true });

      const added = await t
        .as(admin)
        .post('/bank-holidays')
        .send({ date: '2025-06-05', name: 'Partnership test holiday' })
        .expect(201);
      expect(added.body).toEqual({ date: '2025-06-05', name: 'Partnership test holiday' });
      expect(await item(id)).toMatchObject({
        decisionDueAt: '2025-06-06T10:00:00.000Z',
        waitedWorkingMs: 13 * HOUR, // 11:00 BST to midnight on the Wednesday; Thursday is now a holiday
        overdue: false,
      });

      const again = await t.as(admin).post('/bank-holidays').send({ date: '2025-06-05', name: 'Twice' }).expect(409);
      expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
      const weekend = await t
        .as(admin)
        .post('/bank-holidays')
        .send({ date: '2025-06-07', name: 'A Saturday' })
        .expect(422);
      expect(weekend.body.errors[0].field).toBe('date');
      await t.as(mash).post('/bank-holidays').send({ date: '2025-06-09', name: 'Not admin' }).expect(403);
      const listed = await t.as(mash).get('/bank-holidays?from=2025-06-01&to=2025-12-31').expect(200);
      expect(listed.body.items).toEqual([
        { date: '2025-06-05', name: 'Partnership test holiday' },
        { date: '2025-08-25', name: 'Bank holiday' },
        { date: '2025-12-25', name: 'Bank holiday' },
        { date: '2025-12-26', name: 'Bank holiday' },
      ]);
    });
  });
});
