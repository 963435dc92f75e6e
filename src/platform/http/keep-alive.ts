import type { Server } from 'node:http';

/**
 * Idle keep-alive connections stay open for `timeoutMs` (HTTP_KEEP_ALIVE_TIMEOUT_MS), longer than
 * the balancer's own idle timeout, so the balancer closes them first. The headers timeout is kept
 * above it, the usual pairing for Node behind a balancer (Node before 18 cut idle keep-alive
 * connections at the headers timeout, whichever was shorter).
 */
export function keepConnectionsAlive(server: Server, timeoutMs: number): void {
  server.keepAliveTimeout = timeoutMs;
  server.headersTimeout = Math.max(server.headersTimeout, timeoutMs + 1000);
}
