import { AuditService } from '../../src/platform/audit/audit.service';
import { runCli } from '../helpers/cli';
import { setupTestApp } from '../helpers/setup';

describe('command line', () => {
  const { t } = setupTestApp({});

  const cli = async (...args: string[]) => {
    const { code, stdout, stderr } = await runCli(t, args);
    return code === 0
      ? { code, json: JSON.parse(stdout) as Record<string, unknown>, stderr: '' }
      : { code, json: {}, stderr };
  };

  it('creates an organisation and an admin, issues a token, and the token calls an admin endpoint', async () => {
    const organisation = await cli('orgs:create', '--name', 'Sandwell Council', '--type', 'local_authority');
    expect(organisation.code).toBe(0);
    const user = await cli(
      'users:create',
      '--email',
      'admin@council.example',
      '--name',
      'Admin',
      '--org',
      'Sandwell Council',
      '--roles',
      'admin',
    );
    expect(user.json).toMatchObject({
      email: 'admin@council.example',
      roles: ['admin'],
      organisationId: organisation.json.id,
    });
    const token = await cli('token', '--email', 'admin@council.example', '--ttl', '600');
    expect(token.code).toBe(0);
    await t
      .http()
      .post('/localities')
      .set('Authorization', `Bearer ${String(token.json.token)}`)
      .send({ name: 'Oldbury' })
      .expect(201);
    const audit = await t.sql.query(`SELECT action, channel FROM audit_events WHERE channel = 'cli' ORDER BY id`);
    expect(audit.rows.map((row) => row.action)).toEqual(['create', 'create', 'roles_changed', 'issue_token']);
  }, 60_000);

  it('prints a one-line error and exits non-zero on bad input', async () => {
    const badRole = await cli(
      'users:create',
      '--email',
      'x@y.example',
      '--name',
      'X',
      '--org',
      'Nowhere',
      '--roles',
      'wizard',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr.trim()).toMatch(/^error: unknown role\(s\) wizard/);
    const unknownUser = await cli('token', '--email', 'nobody@x.example');
    expect(unknownUser.code).toBe(2);
    expect(unknownUser.stderr.trim().split('\n')).toHaveLength(1);
    const unknownScale = await cli('seed:demo', '--scale', 'huge');
    expect(unknownScale.code).toBe(2);
    expect(unknownScale.stderr.trim()).toBe('error: --scale must be one of small, la, large');
  }, 60_000);

  it('imports a legacy EHM file with progress on stderr, and a second run changes nothing', async () => {
    for (const town of ['Oldbury', 'Tipton', 'West Bromwich']) {
      await t.sql.query(`INSERT INTO localities (name) VALUES ($1) ON CONFLICT DO NOTHING`, [town]);
    }
    const first = await cli('import', 'docs/examples/ehm-import-example.ndjson');
    expect(first.code).toBe(0);
    // The example's three localities exist already: adopted, not created.
    expect(first.json).toMatchObject({
      status: 'completed',
      source: 'cli',
      recordsCreated: 21,
      recordsMatched: 3,
      errorCount: 0,
    });
    const second = await cli('import', 'docs/examples/ehm-import-example.ndjson');
    expect(second.json).toMatchObject({ status: 'completed', recordsCreated: 0, recordsUnchanged: 24 });
    const missing = await cli('import', 'no-such-file.ndjson');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('error: no file no-such-file.ndjson');
  }, 60_000);

  it('computes a measure run in-process and prints it', async () => {
    const computed = await cli('measures:run', '--from', '2025-01-01', '--to', '2025-01-31');
    expect(computed.code).toBe(0);
    expect(computed.json).toMatchObject({ status: 'completed', trigger: 'manual', from: '2025-01-01', errors: [] });
    expect(computed.json.done).toBe(computed.json.total);
    const stored = await t.sql.query(
      `SELECT count(*)::int AS n FROM measure_values WHERE run_id = $1 AND period_key = '2025-01' AND breakdown = 'all'`,
      [computed.json.id],
    );
    expect(stored.rows[0].n).toBe(computed.json.total);
    const outbox = await t.sql.query(`SELECT count(*)::int AS n FROM job_outbox WHERE payload->>'runId' = $1`, [
      computed.json.id,
    ]);
    expect(outbox.rows[0].n).toBe(0);
    const badDate = await cli('measures:run', '--from', '2025-02-30', '--to', '2025-03-01');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr.trim()).toBe('error: --from must be a date as YYYY-MM-DD');
  }, 60_000);

  it('audit:verify passes on a log of more than nine rows and fails, exit 1, naming a deleted row', async () => {
    // Positions 10 and up are where text ordering of chain_seq used to report a false break.
    await t.sql.query(
      `INSERT INTO audit_events (channel, action, entity_type, details)
       SELECT 'cli', 'read', 'person', jsonb_build_object('n', g) FROM generate_series(1, 25) AS g`,
    );
    const total = await t.count('audit_events');
    // Not in the chain until sealed (the sealer does it every second in a running service).
    const unsealed = await cli('audit:verify');
    expect(unsealed).toMatchObject({ code: 0, json: { checked: 0, intact: true, unsealed: total } });
    expect(await cli('audit:seal')).toMatchObject({ code: 0, json: { sealed: total } });
    expect(await t.app.get(AuditService).verifyLog()).toEqual({
      checked: total,
      intact: true,
      unsealed: 0,
      oldestUnsealedAt: null,
    });

    await t.sql.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    await t.sql.query('DELETE FROM audit_events WHERE chain_seq = 12');
    await t.sql.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    const broken = await cli('audit:verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr.trim()).toBe('error: audit log broken at position 13: expected position 12: a row is missing');
  }, 120_000);
});
