import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino, { LoggerOptions } from 'pino';
import { loadConfig } from '../config/config';
import { requestContextMiddleware } from './http/request-context.middleware';
import { requestLog } from './http/request-log.middleware';
import { loggerParams } from './logging';

describe('request logs', () => {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'info' });
  const [options] = loggerParams(config).pinoHttp as [LoggerOptions, unknown];
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    options,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as never);
        done();
      },
    }),
  );
  let base = '';
  let close: () => void = () => undefined;

  beforeAll(async () => {
    const app = express();
    app.use(requestLog(() => logger));
    app.use(requestContextMiddleware);
    app.get('/people/matches', (request, response) => {
      (request as unknown as { user: unknown }).user = { id: 'user-1', organisationId: 'org-1' };
      logger.info('searching');
      response.send('ok');
    });
    app.get('/broken', (_request, response) => {
      response.status(500).send('no');
    });
    app.get('/health/live', (_request, response) => {
      response.send('ok');
    });
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('one line a request with the id, path, status, time and caller, never the token, keys or query string', async () => {
    lines.length = 0;
    await fetch(`${base}/people/matches?nhsNumber=9434765919&surname=Okafor`, {
      headers: {
        Authorization: 'Bearer secret-token-value',
        'Idempotency-Key': 'key-abc',
        Cookie: 'session=s',
        'X-Request-Id': 'req-12345678',
      },
    });
    await settle();
    const output = JSON.stringify(lines);
    for (const secret of ['secret-token-value', 'key-abc', 'session=s', '9434765919', 'Okafor']) {
      expect(output).not.toContain(secret);
    }
    // The line written inside the request carries its id (the logger's mixin).
    expect(lines.find((line) => line.msg === 'searching')).toMatchObject({ requestId: 'req-12345678' });
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({
      level: 30,
      req: { id: 'req-12345678', method: 'GET', path: '/people/matches' },
      res: { statusCode: 200 },
      userId: 'user-1',
      organisationId: 'org-1',
    });
    expect(typeof completed[0]!.responseTime).toBe('number');
  });

  it('a 5xx at level error; health probes not at all', async () => {
    lines.length = 0;
    await fetch(`${base}/broken`);
    await fetch(`${base}/health/live`);
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  });
});
