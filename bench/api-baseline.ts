/**
 * The bare baseline bench:api compares the API against: `node:http` and a `pg` Pool of the app's size
 * (20) serving the benchmarked routes by running the SAME statements the API runs for them, in the
 * same order — the caller's user row, the access check, the select, the audit insert — and answering
 * the same JSON. No framework, no validation library, no logging. Each route names the service
 * method it mirrors; when one of those changes its SQL, change it here too. The server is here; the
 * routes are in api-baseline-cases.ts and api-baseline-marfs.ts, their platform in api-baseline-platform.ts.
 *
 *   DATABASE_URL=… JWT_SECRET=… PORT=… node -r ts-node/register/transpile-only bench/api-baseline.ts
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { getEpisode, getFamily, listEpisodes, listFamilies } from './api-baseline-cases';
import { getMarf, mashQueue, triage } from './api-baseline-marfs';
import { authenticate, HttpError, pool, Request, UUID } from './api-baseline-platform';

// --- the server --------------------------------------------------------------------------------

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      try {
        resolve(text === '' ? {} : JSON.parse(text));
      } catch {
        reject(new HttpError(400));
      }
    });
    request.on('error', reject);
  });
}

async function route(request: IncomingMessage, context: Request): Promise<unknown> {
  const [path] = (request.url ?? '/').split('?');
  const parts = path!.split('/').filter(Boolean);
  const id = parts[1];
  if (id !== undefined && parts.length >= 2 && parts[0] !== 'mash' && !UUID.test(id)) throw new HttpError(400);
  if (request.method === 'GET') {
    if (parts[0] === 'families' && parts.length === 1) return listFamilies(context);
    if (parts[0] === 'families' && parts.length === 2) return getFamily(context, id!);
    if (parts[0] === 'episodes' && parts.length === 1) return listEpisodes(context);
    if (parts[0] === 'episodes' && parts.length === 2) return getEpisode(context, id!);
    if (parts[0] === 'marfs' && parts.length === 2) return getMarf(context, id!);
    if (parts[0] === 'mash' && parts[1] === 'queue' && parts.length === 2) return mashQueue(context);
  }
  if (request.method === 'POST' && parts[0] === 'marfs' && parts[2] === 'triage' && parts.length === 3) {
    return triage(context, id!, (await readBody(request)) as Record<string, unknown>);
  }
  throw new HttpError(404);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const requestId = randomUUID();
    response.setHeader('X-Request-Id', requestId);
    const caller = await authenticate(request);
    const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
    const body = JSON.stringify(await route(request, { caller, requestId, query }));
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(body);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    response.writeHead(status, { 'Content-Type': 'application/problem+json' });
    response.end(JSON.stringify({ status }));
  }
}

const server = createServer((request, response) => void handle(request, response));
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
