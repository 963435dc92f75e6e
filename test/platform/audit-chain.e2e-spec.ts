import { AuditSealer } from '../../src/platform/audit/audit-sealer';
import { AuditService } from '../../src/platform/audit/audit.service';
import { setupTestApp } from '../helpers/setup';

/**
 * `audit:verify` over a log of thousands of rows, read in batches of several sizes (including
 * sizes that put a tampered row on a batch boundary), with rows edited, deleted and reordered the
 * way a superuser could after switching the append-only trigger off.
 */
describe('audit hash chain at size', () => {
  const ROWS = 4321;
  const BATCH_SIZES = [1, 7, 1000, 4321, 5000];

  const { t } = setupTestApp({});
  beforeAll(async () => {
    // The sealer positions and hashes each row as in production. Varied content (nulls,
    // non-ASCII text, nested JSON) so that the verifier's canonical text must match the database's.
    await t.sql.query(
      `INSERT INTO audit_events (actor_user_id, actor_organisation_id, channel, request_id, action, entity_type,
                                 entity_id, outcome, details)
       SELECT CASE WHEN g % 3 = 0 THEN NULL ELSE gen_random_uuid() END, gen_random_uuid(),
              (ARRAY['api', 'cli', 'worker'])[g % 3 + 1], CASE WHEN g % 5 = 0 THEN NULL ELSE 'req-' || g END,
              (ARRAY['create', 'update', 'read', 'read_denied'])[g % 4 + 1], 'person', gen_random_uuid()::text,
              CASE WHEN g % 7 = 0 THEN 'denied' ELSE 'success' END,
              jsonb_build_object('n', g, 'fields', jsonb_build_array('lastName', 'dateOfBirth'),
                                 'code', 'Ünïcødé ✓ ' || g, 'nested', jsonb_build_object('a', g % 2 = 0))
         FROM generate_series(1, $1::int) AS g`,
      [ROWS],
    );
    expect(await t.app.get(AuditSealer).sealNow()).toBe(ROWS);
  }, 120_000);

  const verify = (batchSize: number) => t.app.get(AuditService).verifyChain(batchSize);

  /** What a superuser could do: switch the append-only trigger off, change rows, switch it back. */
  const tamper = async (...statements: string[]) => {
    await t.sql.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    try {
      for (const statement of statements) await t.sql.query(statement);
    } finally {
      await t.sql.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    }
  };

  /** Runs `check` on the tampered log, then puts the rows back exactly as they were. */
  const whileTampered = async (positions: number[], statements: string[], check: () => Promise<void>) => {
    const list = `'{${positions.join(',')}}'::bigint[]`;
    // Kept in the database, not in JavaScript: a Date would lose occurred_at's microseconds.
    await t.sql.query(`CREATE TEMP TABLE saved_audit AS SELECT * FROM audit_events WHERE chain_seq = ANY(${list})`);
    await tamper(...statements);
    try {
      await check();
    } finally {
      await tamper(`DELETE FROM audit_events WHERE chain_seq = ANY(${list})`);
      // Re-inserted as saved, positions and hashes included.
      await t.sql.query(`INSERT INTO audit_events SELECT * FROM saved_audit; DROP TABLE saved_audit`);
    }
  };

  it('is intact in chain order whatever the batch size (positions compared as numbers, not text)', async () => {
    for (const batchSize of BATCH_SIZES) {
      expect({ batchSize, ...(await verify(batchSize)) }).toEqual({ batchSize, checked: ROWS, intact: true });
    }
  }, 60_000);

  it.each([
    { position: 1, label: 'the first row' },
    { position: 10, label: 'the tenth row (first two-digit position)' },
    { position: 1000, label: 'the last row of a 1000-row batch' },
    { position: 1001, label: 'the first row of a second 1000-row batch' },
    { position: ROWS, label: 'the last row' },
  ])(
    'names an edited payload at its position: $label',
    async ({ position }) => {
      await whileTampered(
        [position],
        [`UPDATE audit_events SET details = details || '{"fields": ["nhsNumber"]}' WHERE chain_seq = ${position}`],
        async () => {
          for (const batchSize of BATCH_SIZES) {
            expect({ batchSize, ...(await verify(batchSize)) }).toEqual({
              batchSize,
              checked: position - 1,
              intact: false,
              brokenAt: String(position),
              reason: 'its content does not match its hash: the row was changed',
            });
          }
        },
      );
    },
    60_000,
  );

  it('names an edited actor or time at its position', async () => {
    await whileTampered(
      [2222, 3333],
      [
        `UPDATE audit_events SET actor_user_id = NULL WHERE chain_seq = 2222`,
        `UPDATE audit_events SET occurred_at = occurred_at + interval '1 microsecond' WHERE chain_seq = 3333`,
      ],
      async () => {
        expect(await verify(1000)).toMatchObject({ intact: false, brokenAt: '2222', checked: 2221 });
      },
    );
  }, 60_000);

  it.each([
    { position: 2, label: 'the second row' },
    { position: 11, label: 'a row past the ninth' },
    { position: 1000, label: 'the last row of a 1000-row batch' },
    { position: 1001, label: 'the first row of a second 1000-row batch' },
  ])(
    'names the row after a deleted one: $label',
    async ({ position }) => {
      await whileTampered([position], [`DELETE FROM audit_events WHERE chain_seq = ${position}`], async () => {
        for (const batchSize of BATCH_SIZES) {
          expect({ batchSize, ...(await verify(batchSize)) }).toEqual({
            batchSize,
            checked: position - 1,
            intact: false,
            brokenAt: String(position + 1),
            reason: `expected position ${position}: a row is missing`,
          });
        }
      });
    },
    60_000,
  );

  it('names a deleted first row at position 2', async () => {
    await whileTampered([1], ['DELETE FROM audit_events WHERE chain_seq = 1'], async () => {
      expect(await verify(1000)).toMatchObject({ intact: false, brokenAt: '2', checked: 0 });
    });
  });

  it.each([
    { first: 9, second: 10 },
    { first: 1000, second: 1001 },
    { first: 1500, second: 3500 },
  ])(
    'names two swapped rows at the earlier position: $first and $second',
    async ({ first, second }) => {
      // Three steps: the unique index on chain_seq is checked row by row.
      await whileTampered(
        [first, second],
        [
          `UPDATE audit_events SET chain_seq = -1 WHERE chain_seq = ${first}`,
          `UPDATE audit_events SET chain_seq = ${first} WHERE chain_seq = ${second}`,
          `UPDATE audit_events SET chain_seq = ${second} WHERE chain_seq = -1`,
        ],
        async () => {
          for (const batchSize of BATCH_SIZES) {
            expect({ batchSize, ...(await verify(batchSize)) }).toEqual({
              batchSize,
              checked: first - 1,
              intact: false,
              brokenAt: String(first),
              reason: 'does not link to the previous row',
            });
          }
        },
      );
    },
    60_000,
  );

  it('is intact again once every row is back as it was', async () => {
    expect(await verify(5000)).toEqual({ checked: ROWS, intact: true });
  });
});
