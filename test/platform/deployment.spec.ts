import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../../src/config/config';

/**
 * The scaled-out deployment (docker/compose.yml, README "Architecture: running many processes")
 * read as data. No Docker engine runs on the machines this suite runs on, so the stack itself is
 * not started here (the same topology, three APIs and two workers on one database and one Redis,
 * runs in test/resilience/many-processes); this checks what would stop it from starting or from
 * scaling: every process's environment is a valid production configuration, only the proxy
 * publishes a port, migrations run once before any API or worker, the connection pools fit the
 * database, and the proxy forwards to the API's port without buffering streams.
 */
const DOCKER = join(__dirname, '../../docker');

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  image?: string;
  build?: unknown;
}
/** YAML merge keys (`<<: *env`), as Compose applies them: the merged mappings first, the node's own keys over them. */
function withMerges(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withMerges);
  if (node === null || typeof node !== 'object') return node;
  const { '<<': merged, ...own } = node as Record<string, unknown>;
  const bases = (Array.isArray(merged) ? merged : merged ? [merged] : []).map(withMerges) as object[];
  return Object.assign(
    {},
    ...bases,
    Object.fromEntries(Object.entries(own).map(([key, value]) => [key, withMerges(value)])),
  );
}
const compose = withMerges(load(readFileSync(join(DOCKER, 'compose.yml'), 'utf8'))) as {
  services: Record<string, Service>;
};
const services = compose.services;

/** Compose's `${NAME:?message}` filled in as an operator would, with values long enough to pass. */
function interpolate(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      String(value).replace(/\$\{([A-Z_]+)(:\?[^}]*)?\}/g, (_, name: string) =>
        `${name.toLowerCase()}-`.padEnd(40, 'x'),
      ),
    ]),
  );
}

/** The services that run the application image: the one-shot migration, the APIs and the workers. */
const APPLICATION = ['migrate', 'api', 'worker'];
/** Processes at the documented scale (`--scale api=3 --scale worker=2`). */
const SCALE: Record<string, number> = { api: 3, worker: 2 };

describe('docker/compose.yml: the scaled-out deployment', () => {
  it.each(APPLICATION)('%s: its environment is a valid production configuration', (name) => {
    const environment = interpolate(services[name]!.environment ?? {});
    expect(environment.NODE_ENV).toBe('production');
    // loadConfig throws, naming every missing or invalid setting, as the process would at start.
    const config = loadConfig(environment);
    expect(config.nodeEnv).toBe('production');
  });

  it('names only services it defines, and every process shares one database, one replica and one Redis', () => {
    const hosts = new Set<string>();
    for (const name of APPLICATION) {
      const environment = services[name]!.environment ?? {};
      for (const key of ['DATABASE_URL', 'DATABASE_READ_URL', 'REDIS_URL'])
        hosts.add(`${key}=${new URL(environment[key]!).host}`);
    }
    expect([...hosts].sort()).toEqual([
      'DATABASE_READ_URL=postgres-replica:5432',
      'DATABASE_URL=postgres:5432',
      'REDIS_URL=redis:6379',
    ]);
    for (const host of ['postgres', 'postgres-replica', 'redis']) expect(services[host]).toBeDefined();
  });

  it('publishes a port only on the proxy, so the APIs and workers can be scaled', () => {
    const published = Object.entries(services)
      .filter(([, service]) => service.ports?.length)
      .map(([name]) => name);
    expect(published).toEqual(['proxy']);
  });

  it('migrates once, before any API or worker starts, and the APIs and workers never migrate themselves', () => {
    expect(services.migrate!.command).toEqual(['node', 'dist/src/cli.js', 'migrate']);
    for (const name of ['api', 'worker']) {
      expect(services[name]!.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(loadConfig(interpolate(services[name]!.environment!)).migrationsRun).toBe(false);
    }
  });

  it('keeps every process’s connection pool, at the documented scale, under PostgreSQL’s default max_connections', () => {
    const connections = Object.entries(SCALE).reduce(
      (total, [name, replicas]) =>
        total + replicas * loadConfig(interpolate(services[name]!.environment!)).databasePoolSize,
      0,
    );
    // 100 by default, a few kept for superuser and replication connections.
    expect(connections).toBeLessThanOrEqual(100 - 5);
  });

  it('runs the built entry points the image holds', () => {
    const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/main\.js"\]/);
    expect(services.worker!.command).toEqual(['node', 'dist/src/worker.js']);
    for (const entry of ['main', 'worker', 'cli'])
      expect(existsSync(join(__dirname, `../../src/${entry}.ts`))).toBe(true);
  });

  it('proxies to the port the API exposes, round-robin, without buffering streamed extracts and imports', () => {
    const nginx = readFileSync(join(DOCKER, 'nginx.conf'), 'utf8');
    expect(services.api!.expose).toEqual(['3000']);
    expect(nginx).toMatch(/server api:3000;/);
    expect(nginx).toMatch(/proxy_buffering off;/);
    expect(nginx).toMatch(/proxy_request_buffering off;/);
    expect(services.proxy!.depends_on?.api).toEqual({ condition: 'service_healthy' });
  });
});
