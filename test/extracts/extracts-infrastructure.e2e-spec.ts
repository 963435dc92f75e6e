import { createHmac } from 'node:crypto';
import { ExtractRegistry, extractFrom, extractTo } from '../../src/extracts/extract-registry';
import { DatabaseService } from '../../src/platform/database/database.service';
import { setupTestApp } from '../helpers/setup';

describe('streamed, pseudonymised extracts', () => {
  const ids = ['0b5e7c5e-1111-4a5a-9c1e-000000000001', '0b5e7c5e-1111-4a5a-9c1e-000000000002'];

  const { t, analyst } = setupTestApp({ analyst: ['analyst'] });
  beforeAll(async () => {
    await t.sql.query(
      `CREATE TABLE extract_fixture (person_id uuid, name text, date_of_birth date, happened_on date, note text)`,
    );
    await t.sql.query(
      `INSERT INTO extract_fixture VALUES
         ($1, 'Amara Okafor', '2016-04-12', '2026-01-10', 'said "hello", then left'),
         ($2, 'Jay Smith', '2010-02-28', '2026-02-27', E'line one\\nline two'),
         ($1, 'Amara Okafor', '2016-04-12', '2025-12-31', 'outside the range')`,
      ids,
    );
    t.app.get(ExtractRegistry).register({
      name: 'fixture-events',
      description: 'test rows',
      sql: `SELECT eh_pseudonym(person_id) AS "Person", eh_age_years(date_of_birth, happened_on) AS "Age at event",
                   happened_on AS "Happened on", note AS "Note"
              FROM extract_fixture WHERE happened_on BETWEEN ${extractFrom()} AND ${extractTo()}
             ORDER BY happened_on`,
    });
  });

  const pseudonym = (id: string) => createHmac('sha256', t.config.pseudonymKey).update(id).digest('hex');
  const download = (query: Record<string, string>) => t.as(analyst).get('/extracts/fixture-events').query(query);

  it('streams CSV with a BOM and a readable header, pseudonyms and ages instead of identities', async () => {
    const response = await download({ from: '2026-01-01', to: '2026-03-31' }).buffer(true).expect(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    expect(response.headers['content-disposition']).toContain('fixture-events_2026-01-01_2026-03-31.csv');
    expect(response.text.startsWith('\ufeff')).toBe(true);
    const lines = response.text.slice(1).trimEnd().split('\n');
    expect(lines[0]).toBe('Person,Age at event,Happened on,Note');
    expect(lines[1]).toBe(`${pseudonym(ids[0]!)},9,2026-01-10,"said ""hello"", then left"`);
    expect(lines[2]).toBe(`${pseudonym(ids[1]!)},15,2026-02-27,"line one`);
    expect(response.text).not.toContain('Okafor');
    expect(response.text).not.toContain('outside the range');
  });

  it('streams NDJSON, one JSON document a line, escapes intact', async () => {
    const response = await download({ from: '2026-01-01', to: '2026-03-31', format: 'ndjson' })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    const documents = String(response.body)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents).toEqual([
      { Person: pseudonym(ids[0]!), 'Age at event': 9, 'Happened on': '2026-01-10', Note: 'said "hello", then left' },
      { Person: pseudonym(ids[1]!), 'Age at event': 15, 'Happened on': '2026-02-27', Note: 'line one\nline two' },
    ]);
  });

  it('lists extracts, audits each download, and refuses bad requests', async () => {
    const list = await t.as(analyst).get('/extracts').expect(200);
    expect(list.body).toEqual({
      items: expect.arrayContaining([{ name: 'fixture-events', description: 'test rows' }]),
      nextCursor: null,
    });
    expect(await t.count(`audit_events WHERE action = 'export' AND entity_id = 'fixture-events'`)).toBeGreaterThan(0);
    await download({ from: '2026-03-31', to: '2026-01-01' }).expect(400);
    await download({ from: '2026-01-01', to: 'soon' }).expect(400);
    await t.as(analyst).get('/extracts/nope').query({ from: '2026-01-01', to: '2026-01-02' }).expect(404);
  });

  it('leaves no pseudonym key on pooled connections', async () => {
    await download({ from: '2026-01-01', to: '2026-03-31' }).expect(200);
    const db = t.app.get(DatabaseService);
    const settings = await Promise.all(
      Array.from({ length: 25 }, () =>
        db.query<{ key: string | null }>(`SELECT current_setting('eh.pseudonym_key', true) AS key`),
      ),
    );
    expect(settings.every(([row]) => !row?.key)).toBe(true);
  });
});
