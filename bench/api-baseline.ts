/**
 * The bare baseline bench:api compares the API against: `node:http` and a `pg` Pool of the app's size
 * (20) serving the benchmarked routes by sending the SAME statements the API sends for them, in the
 * same order (the caller's user row, the access check, the select, the audit insert) and answering
 * the same JSON. No framework, no validation library, no logging, no request context. The SQL is not
 * copied: the routes (bench/api-baseline-cases.ts, bench/api-baseline-marfs.ts) call the app's own
 * repositories over this pool and the pure builders the services use (the access rule, the audit
 * INSERT), so the two cannot drift; each route names the service method whose order it follows.
 * bench/api-statements.ts checks, in PostgreSQL's statement log, that both send the same statements.
 *
 *   node -r ts-node/register/transpile-only bench/api-baseline.ts   (with the API's environment:
 *   builtApiEnv in bench-helpers.ts; DATABASE_URL, JWT_SECRET and PORT are what it reads)
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { DEFAULT_DATABASE_POOL_SIZE, DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS } from '../src/config/config';
import { keepConnectionsAlive } from '../src/platform/http/keep-alive';
import { UserDirectory } from '../src/platform/auth/user-directory';
import { getEpisode, getFamily, listEpisodes, listFamilies } from './api-baseline-cases';
import { getMarf, mashQueue, triage } from './api-baseline-marfs';
import { authenticate, HttpError, poolDatabase, type Request, UUID } from './api-baseline-platform';

// The app's pool size: DATABASE_POOL_SIZE as the API reads it.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? DEFAULT_DATABASE_POOL_SIZE),
  application_name: 'early-help',
});
const db = poolDatabase(pool);
const users = new UserDirectory(db);

function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      try {
        resolve(text === '' ? {} : (JSON.parse(text) as Record<string, unknown>));
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
  if (id !== undefined && parts[0] !== 'mash' && !UUID.test(id)) throw new HttpError(400);
  if (request.method === 'GET') {
    if (parts[0] === 'families' && parts.length === 1) return listFamilies(context);
    if (parts[0] === 'families' && parts.length === 2) return getFamily(context, id!);
    if (parts[0] === 'episodes' && parts.length === 1) return listEpisodes(context);
    if (parts[0] === 'episodes' && parts.length === 2) return getEpisode(context, id!);
    if (parts[0] === 'marfs' && parts.length === 2) return getMarf(context, id!);
    if (parts[0] === 'mash' && parts[1] === 'queue' && parts.length === 2) return mashQueue(context);
  }
  if (request.method === 'POST' && parts[0] === 'marfs' && parts[2] === 'triage' && parts.length === 3) {
    return triage(context, pool, id!, await readBody(request));
  }
  throw new HttpError(404);
}

/** An HttpError's status; the status of the app's own problems (HttpException); else 500. */
function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  const status = (error as { getStatus?: () => number }).getStatus?.();
  return typeof status === 'number' ? status : 500;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const requestId = randomUUID();
    response.setHeader('X-Request-Id', requestId);
    const caller = await authenticate(request, users);
    const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
    const body = JSON.stringify(await route(request, { caller, requestId, query, db }));
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(body);
  } catch (error) {
    const status = statusOf(error);
    response.writeHead(status, { 'Content-Type': 'application/problem+json' });
    response.end(JSON.stringify({ status }));
  }
}

const server = createServer((request, response) => void handle(request, response));
// The API's keep-alive, as it sets it (a connection the server closed is an error at the client).
keepConnectionsAlive(server, Number(process.env.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS));
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
