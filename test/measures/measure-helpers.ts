import type { TestApp, TestUser } from '../helpers/test-app';

/** Recomputes every measure over [from, to] through the API and waits for the run to finish. */
export async function recompute(t: TestApp, analyst: TestUser, from: string, to: string): Promise<void> {
  const accepted = await t.as(analyst).post('/measures/runs').send({ from, to }).expect(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await t.as(analyst).get(`/measures/runs/${accepted.body.id}`).expect(200);
    if (run.body.status === 'completed') return;
    if (run.body.status === 'failed') throw new Error(`measure run failed: ${JSON.stringify(run.body.errors)}`);
    if (Date.now() > deadline) throw new Error('measure run did not finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface StoredValue {
  periodKey: string;
  breakdownValue: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  windowComplete: boolean | null;
}

export async function measureValues(
  t: TestApp,
  analyst: TestUser,
  key: string,
  query: { from: string; to: string; period: string; by?: string },
): Promise<StoredValue[]> {
  const response = await t.as(analyst).get(`/measures/${key}`).query(query).expect(200);
  return response.body.values as StoredValue[];
}

/** The single `all` value of a measure for one period. */
export async function valueOf(
  t: TestApp,
  analyst: TestUser,
  key: string,
  period: { kind: string; start: string; end: string },
): Promise<Pick<StoredValue, 'numerator' | 'denominator' | 'value'>> {
  const values = await measureValues(t, analyst, key, { from: period.start, to: period.end, period: period.kind });
  if (values.length !== 1) throw new Error(`${key}: expected one value for ${period.start}, got ${values.length}`);
  const { numerator, denominator, value } = values[0]!;
  return { numerator, denominator, value };
}

/** An extract's whole body as text (CSV with its byte order mark, or NDJSON). */
export async function extractText(
  t: TestApp,
  analyst: TestUser,
  name: string,
  query: Record<string, string>,
): Promise<string> {
  const response = await t
    .as(analyst)
    .get(`/extracts/${name}`)
    .query(query)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    })
    .expect(200);
  return String(response.body);
}

/** `{ value: fill }` for each value: the zero rows a breakdown stores for reference values with nothing counted. */
export function filled<T>(values: readonly string[], fill: T): Record<string, T> {
  return Object.fromEntries(values.map((value) => [value, fill]));
}

/** The ids of the active organisations: the reference values of the organisation breakdown. */
export async function activeOrganisations(t: TestApp): Promise<string[]> {
  const result = await t.sql.query<{ id: string }>(`SELECT id FROM organisations WHERE active`);
  return result.rows.map((row) => row.id);
}
