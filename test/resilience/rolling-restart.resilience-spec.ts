import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { describeWithRedis } from '../helpers/database';
import { waitForPort } from '../helpers/private-services';
import { createTestApp, sharedProcessEnv, TestApp, TestUser } from '../helpers/test-app';

const PORT = 44600 + (process.pid % 300);
const ROUNDS = Number(process.env.ROLLING_RESTART_ROUNDS ?? 3);
const GRACE_MS = 8000;

interface Answer {
  status: number;
  closing: boolean;
}

/**
 * A rolling restart: SIGTERM reaches an API process while it is busy (48 keep-alive clients, a pool
 * of 3 so requests queue for a connection, its own worker and outbox relay running). It must finish
 * what it started, answer no request with a 5xx, tell its keep-alive clients to go elsewhere
 * (`Connection: close`) and exit within SHUTDOWN_GRACE_MS. Before GracefulShutdown, the pool was
 * ended under requests still waiting for a connection and the process hung (4 runs in 6).
 */
describeWithRedis('SIGTERM under load (a rolling restart)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    if (!existsSync('dist/src/main.js')) throw new Error('dist/src/main.js is missing: run `npm run test:resilience`');
    t = await createTestApp();
    admin = await t.user(['admin']);
    for (let i = 0; i < 5; i++)
      await t
        .as(admin)
        .post('/localities')
        .send({ name: `Restart Town ${i}` })
        .expect(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  const spawnApi = (): ChildProcess =>
    spawn('node', ['dist/src/main.js'], {
      env: sharedProcessEnv(t.config, {
        PORT: String(PORT),
        API_RUNS_WORKER: 'true',
        OUTBOX_POLL_MS: '50',
        DATABASE_POOL_SIZE: '3',
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        RATE_LIMIT_PER_MINUTE: '100000',
      }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });

  /** `clients` loops, each sending its next request on a keep-alive connection as the last is answered. */
  function load(clients: number, stop: () => boolean, agent: Agent): Promise<Answer[]> {
    const answers: Answer[] = [];
    const paths = ['/localities', '/users/me', '/organisations'];
    const one = (path: string) =>
      new Promise<void>((resolve) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: PORT, path, agent, headers: { authorization: `Bearer ${admin.token}` } },
          (response) => {
            response.resume();
            response.once('end', () => {
              answers.push({ status: response.statusCode!, closing: response.headers.connection === 'close' });
              resolve();
            });
          },
        );
        // A connection refused or reset by the stopping process is no answer: a balancer sends it elsewhere.
        req.once('error', () => resolve());
        req.end();
      });
    const loop = async (i: number) => {
      for (let n = i; !stop(); n++) await one(paths[n % paths.length]!);
    };
    return Promise.all(Array.from({ length: clients }, (_, i) => loop(i))).then(() => {
      agent.destroy();
      return answers;
    });
  }

  it(`finishes what it started, answers no 5xx and exits within the grace (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const api = spawnApi();
      // Nest re-raises the signal once its shutdown hooks are done: a clean stop exits by SIGTERM.
      const exited = new Promise<string>((resolve) =>
        api.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
      );
      await waitForPort(PORT, 60_000);
      let stopping = false;
      let exitedAt: number | undefined;
      void exited.then(() => (exitedAt = Date.now()));
      const agent = new Agent({ keepAlive: true, maxSockets: 48 });
      const running = load(48, () => stopping || exitedAt !== undefined, agent);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const signalled = Date.now();
      api.kill('SIGTERM');
      // The clients keep sending, as a balancer does until it notices; then they hang up on what is
      // still open, so the process is left with handlers whose clients are gone.
      const hangUp = setTimeout(() => {
        stopping = true;
        agent.destroy();
      }, 2000);
      let watchdog: NodeJS.Timeout | undefined;
      const how = await Promise.race([
        exited,
        new Promise<'hung'>((resolve) => (watchdog = setTimeout(() => resolve('hung'), GRACE_MS + 7000))),
      ]);
      clearTimeout(watchdog);
      clearTimeout(hangUp);
      stopping = true;
      agent.destroy();
      if (how === 'hung') api.kill('SIGKILL');
      const answers = await running;
      expect({ round, how }).toEqual({ round, how: 'SIGTERM' });
      expect(exitedAt! - signalled).toBeLessThan(GRACE_MS + 2000);
      expect(answers.length).toBeGreaterThan(50);
      expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      // Requests answered after the signal told their clients to reconnect elsewhere.
      expect(answers.some((answer) => answer.closing)).toBe(true);
    }
  });
});
