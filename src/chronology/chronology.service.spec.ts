import type { DatabaseService } from '../platform/database/database.service';
import { ChronologyRepository } from './chronology.repository';
import { ChronologyService } from './chronology.service';

function serviceWith(rows: unknown[] = []) {
  const calls: { sql: string; params: unknown[] }[] = [];
  const db = {
    query: async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return rows;
    },
  } as unknown as DatabaseService;
  return { service: new ChronologyService(new ChronologyRepository(db)), calls };
}

describe('ChronologyService registry', () => {
  it('refuses a kind that is not snake_case, or registered twice', () => {
    const { service } = serviceWith();
    expect(() => service.register({ kind: 'Consent Given', sql: 'SELECT 1' })).toThrow(/snake_case/);
    service.register({ kind: 'consent_given', sql: 'SELECT 1' });
    expect(() => service.register({ kind: 'consent_given', sql: 'SELECT 2' })).toThrow(/twice/);
    expect(service.kinds()).toEqual(['consent_given']);
  });

  it('returns an empty page without querying when no feature has registered', async () => {
    const { service, calls } = serviceWith();
    await expect(service.forFamily('f', {})).resolves.toEqual({ items: [], nextCursor: null });
    expect(calls).toHaveLength(0);
  });

  it('unions every provider for the family, ordered by London day then time, and continues after the cursor', async () => {
    const occurred = new Date('2026-01-02T03:04:05.000Z');
    const row = {
      occurred_at: occurred,
      day: '2026-01-02',
      sort_at: occurred,
      date_only: false,
      kind: 'a_kind',
      entity_type: 'x',
      entity_id: '1',
      details: null,
    };
    const { service, calls } = serviceWith([row, { ...row, entity_id: '2' }]);
    service.register({ kind: 'a_kind', sql: 'SELECT now() AS occurred_at FROM a WHERE family_id = $1' });
    service.register({
      kind: 'b_kind',
      dateOnly: true,
      sql: 'SELECT current_date AS occurred_on, now() AS recorded_at FROM b WHERE family_id = $1',
    });
    const page = await service.forFamily('family-1', { limit: 1 });
    expect(calls[0]!.sql).toMatch(/UNION ALL/);
    expect(calls[0]!.sql).toMatch(/ORDER BY day, sort_at, date_only, kind, entity_id/);
    expect(calls[0]!.params).toEqual(['family-1', 2]);
    expect(page.items).toEqual([
      {
        occurredAt: '2026-01-02T03:04:05.000Z',
        occurredOn: '2026-01-02',
        kind: 'a_kind',
        entityType: 'x',
        entityId: '1',
        details: {},
      },
    ]);
    await service.forFamily('family-1', { limit: 1, cursor: page.nextCursor! });
    expect(calls[1]!.params).toEqual(['family-1', '2026-01-02', '2026-01-02T03:04:05.000Z', false, 'a_kind', '1', 2]);
  });

  it('refuses a cursor whose day or time is not real', async () => {
    const { service } = serviceWith();
    service.register({ kind: 'a_kind', sql: 'SELECT now() AS occurred_at FROM a WHERE family_id = $1' });
    const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    for (const values of [
      ['2026-02-30', '2026-01-02T03:04:05.000Z', 0, 'a_kind', '1'],
      ['2026-01-02', 'not a time', 0, 'a_kind', '1'],
      ['2026-01-02', '2026-01-02T03:04:05.000Z', 2, 'a_kind', '1'],
    ]) {
      await expect(service.forFamily('f', { cursor: cursor(values) })).rejects.toThrow();
    }
  });
});
