import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestApp, TestApp, TEST_JWT_SECRET } from '../helpers/test-app';

const run = promisify(execFile);

describe('command line', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const cli = async (...args: string[]) => {
    try {
      const { stdout } = await run('node', ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
        env: {
          ...process.env,
          DATABASE_URL: t.config.databaseUrl,
          JWT_SECRET: TEST_JWT_SECRET,
          NODE_ENV: 'test',
          REDIS_URL: '',
        },
      });
      return { code: 0, json: JSON.parse(stdout) as Record<string, unknown>, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, json: {}, stderr: failed.stderr };
    }
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
    expect(audit.rows.map((row) => row.action)).toEqual(['create', 'create', 'issue_token']);
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
});
