import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { setupTestApp } from '../helpers/setup';
import { ndjson } from './import-helpers';

/** The JSON summary the command prints (pretty-printed, so it ends at the first closing brace on a line of its own). */
function summary(stdout: string | undefined): Record<string, unknown> {
  const end = stdout?.indexOf('\n}') ?? -1;
  return end < 0 ? {} : (JSON.parse(stdout!.slice(0, end + 2)) as Record<string, unknown>);
}

describe('command line: localities and imports', () => {
  const { t } = setupTestApp({});

  const cli = async (...args: string[]) => {
    const { code, stdout, stderr } = await runCli(t, args);
    return { code, json: summary(stdout), stderr: code === 0 ? '' : stderr };
  };

  it('creates a locality, and refuses a second of the same name', async () => {
    const created = await cli('localities:create', '--name', 'Wednesbury', '--code', 'WED');
    expect(created).toMatchObject({ code: 0, json: { name: 'Wednesbury', code: 'WED', active: true } });
    const again = await cli('localities:create', '--name', 'wednesbury');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/a locality named "wednesbury" exists already/);
    expect(
      (await t.sql.query(`SELECT count(*)::int AS n FROM localities WHERE lower(name) = 'wednesbury'`)).rows[0].n,
    ).toBe(1);
  }, 120_000);

  it('exits 1 when an import refused rows, after printing its summary', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'import-cli-')), 'history.ndjson');
    writeFileSync(
      file,
      ndjson([
        { kind: 'locality', legacyId: 'CLI-LOC', name: 'Great Bridge' },
        { kind: 'locality', legacyId: 'CLI-BAD', name: '' },
      ]),
    );
    const result = await cli('import', file);
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ status: 'completed', recordsCreated: 1, errorCount: 1 });
    expect(result.stderr).toMatch(/line 2: name: must not be empty/);

    writeFileSync(file, ndjson([{ kind: 'locality', legacyId: 'CLI-LOC-2', name: 'Princes End' }]));
    expect(await cli('import', file)).toMatchObject({ code: 0, json: { recordsCreated: 1, errorCount: 0 } });
  }, 120_000);
});
