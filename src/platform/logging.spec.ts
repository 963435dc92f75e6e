import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp, { Options } from 'pino-http';
import { loadConfig } from '../config/config';
import { loggerParams } from './logging';

describe('request logs', () => {
  it('carry the request id but never the token, the idempotency key or the query string', async () => {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) });
    const [options] = loggerParams(config).pinoHttp as [Options, unknown];
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pinoHttp(options, sink);
    const server = createServer((request, response) => {
      (request as { id?: string }).id = 'req-123';
      logger(request, response);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/people/matches?nhsNumber=9434765919&surname=Okafor`, {
      headers: { Authorization: 'Bearer secret-token-value', 'Idempotency-Key': 'key-abc', Cookie: 'session=s' },
    });
    server.close();
    const output = lines.join('');
    expect(output).toContain('req-123');
    expect(output).toContain('/people/matches');
    for (const secret of ['secret-token-value', 'key-abc', 'session=s', '9434765919', 'Okafor']) {
      expect(output).not.toContain(secret);
    }
  });
});
