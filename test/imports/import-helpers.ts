import type { TestApp, TestUser } from '../helpers/test-app';

export interface ImportError {
  line: number;
  kind: string | null;
  legacyId: string | null;
  message: string;
}

/** An NDJSON body from records (objects become JSON lines; strings are sent as they are). */
export function ndjson(records: (Record<string, unknown> | string)[]): string {
  return `${records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n')}\n`;
}

/** Uploads a file through POST /imports and waits for it to finish; returns its summary and refused rows. */
export async function importFile(
  t: TestApp,
  admin: TestUser,
  body: string,
): Promise<{ view: Record<string, unknown>; errors: ImportError[] }> {
  const accepted = await t
    .as(admin)
    .post('/imports')
    .set('Content-Type', 'application/x-ndjson')
    .send(body)
    .expect(202);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await t.as(admin).get(`/imports/${accepted.body.id}`).expect(200);
    if (response.body.status === 'completed' || response.body.status === 'failed') {
      const errors = await t.as(admin).get(`/imports/${accepted.body.id}/errors`).query({ limit: 200 }).expect(200);
      return { view: response.body, errors: errors.body.items };
    }
    if (Date.now() > deadline) throw new Error(`import did not finish: ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The record an import created for a legacy id. */
export async function recordOf(t: TestApp, kind: string, legacyId: string): Promise<string | undefined> {
  const result = await t.sql.query<{ record_id: string }>(
    `SELECT record_id FROM import_legacy_ids WHERE kind = $1 AND legacy_id = $2`,
    [kind, legacyId],
  );
  return result.rows[0]?.record_id;
}
