import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TestApp, TEST_JWT_SECRET } from './test-app';

const run = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- …` as a user would, against the test app's database, without Redis. */
export async function runCli(t: TestApp, args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run('node', ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: t.config.databaseUrl,
        JWT_SECRET: TEST_JWT_SECRET,
        NODE_ENV: 'test',
        REDIS_URL: '',
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
