import type { Response } from 'supertest';
import { setupTestApp } from '../helpers/setup';
import { tableSnapshot } from './table-snapshot';

/**
 * Bad input to the statutory returns and the national code lists' year (the bad-input suite,
 * split by topic): each a 400 problem+json naming the field, with every table as it was (a
 * refused download writes no audit row either).
 */
describe('bad input to returns and code-list years', () => {
  const { t, returnsUser, admin } = setupTestApp({ returnsUser: ['returns'], admin: ['admin'] });

  async function refused(send: () => Promise<Response>, field?: string): Promise<void> {
    const before = await tableSnapshot(t.sql);
    const response = await send();
    const summary = `${response.status} ${response.text.slice(0, 300)}`;
    expect({ status: response.status, summary }).toEqual({ status: 400, summary });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await tableSnapshot(t.sql)).toEqual(before);
  }

  const PERIOD = 'from=2026-03-01&to=2026-03-31';

  it.each([
    ['no from', 'to=2026-03-31', 'from'],
    ['no to', 'from=2026-03-01', 'to'],
    ['from not a date', 'from=yesterday&to=2026-03-31', 'from'],
    ['from dd/mm/yyyy', 'from=01/03/2026&to=2026-03-31', 'from'],
    ['from without leading zeros', 'from=2026-3-1&to=2026-03-31', 'from'],
    ['from 30 February', 'from=2026-02-30&to=2026-03-31', 'from'],
    ['to a timestamp', 'from=2026-03-01&to=2026-03-31T00:00:00Z', 'to'],
    ['from twice', 'from=2026-03-01&from=2026-03-02&to=2026-03-31', 'from'],
    ['to before from', 'from=2026-03-31&to=2026-03-01', 'to'],
    ['from with a NUL', 'from=2026-03-01%00&to=2026-03-31', 'from'],
    ['format unknown', `${PERIOD}&format=xls`, 'format'],
    ['format in capitals', `${PERIOD}&format=CSV`, 'format'],
    ['format twice', `${PERIOD}&format=csv&format=xlsx`, 'format'],
    ['format empty', `${PERIOD}&format=`, 'format'],
    ['an unknown parameter', `${PERIOD}&year=2026`, undefined],
  ])('GET /returns/annex-a-list-1 refuses %s', async (_label, query, field) => {
    await refused(() => t.as(returnsUser).get(`/returns/annex-a-list-1?${query}`), field);
  });

  it.each([
    ['xlsx for a return that is not Annex A', 'ssd-early-help-episodes', 'format=xlsx', 'format'],
    ['csv for the Annex A workbook', 'annex-a', 'format=csv', 'format'],
  ])('GET /returns/{name} refuses %s', async (_label, name, format, field) => {
    await refused(() => t.as(returnsUser).get(`/returns/${name}?${PERIOD}&${format}`), field);
  });

  it.each(['annex-a-list-9', 'ANNEX-A-LIST-1', '%00', '%FF', 'annex-a-list-1%20'])(
    'GET /returns/%s (an unknown name) and its validation',
    async (name) => {
      await refused(() => t.as(returnsUser).get(`/returns/${name}?${PERIOD}`));
      await refused(() => t.as(returnsUser).get(`/returns/${name}/validation?${PERIOD}`));
    },
  );

  it.each([
    ['no from', 'to=2026-03-31', 'from'],
    ['from 30 February', 'from=2026-02-30&to=2026-03-31', 'from'],
    ['to before from', 'from=2026-03-31&to=2026-03-01', 'to'],
    ['a format (the report has none)', `${PERIOD}&format=csv`, undefined],
  ])('GET /returns/{name}/validation refuses %s', async (_label, query, field) => {
    await refused(() => t.as(returnsUser).get(`/returns/annex-a-list-2/validation?${query}`), field);
  });

  it.each([
    ['year=twenty', 'year'],
    ['year=2024.5', 'year'],
    ['year=1999', 'year'],
    ['year=2101', 'year'],
    ['year=', 'year'],
    ['year=0x7E8', 'year'],
    ['year=%202024', 'year'],
    ['year=2024&year=2025', 'year'],
    ['list=nope', 'list'],
  ])('GET /national-codes?%s', async (query, field) => {
    await refused(() => t.as(returnsUser).get(`/national-codes?${query}`), field);
  });

  it.each(['twenty', '2024.5', '0x7E8', '1e3', '-2024'])(
    'the code-list year path /national-codes/years/%s',
    async (year) => {
      await refused(() => t.as(admin).get(`/national-codes/years/${year}`), 'year');
      await refused(() => t.as(admin).post(`/national-codes/years/${year}`).send({}), 'year');
    },
  );
});
