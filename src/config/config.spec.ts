import { ConfigError, loadConfig } from './config';

const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/eh-config-spec' };

describe('loadConfig', () => {
  it('applies defaults: embedded database and in-process jobs when no URLs are set', () => {
    const config = loadConfig(base);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.migrationsRun).toBe(true);
    expect(config.auth).toMatchObject({ mode: 'local', jwtSecret: base.JWT_SECRET });
  });

  it('names every bad variable in one error', () => {
    const attempt = () =>
      loadConfig({ ...base, PORT: '99999', DATABASE_URL: 'mysql://x', MIGRATIONS_RUN: 'maybe', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'MIGRATIONS_RUN', 'LOG_LEVEL']) expect(problems).toContain(name);
    }
  });

  it('requires a long JWT secret, and one at all in production', () => {
    expect(() => loadConfig({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('requires the JWKS URI, issuer and audience in IdP mode', () => {
    expect(() => loadConfig({ ...base, AUTH_MODE: 'idp' })).toThrow(/JWT_JWKS_URI[\s\S]*JWT_ISSUER[\s\S]*JWT_AUDIENCE/);
    const config = loadConfig({
      ...base,
      AUTH_MODE: 'idp',
      JWT_JWKS_URI: 'https://idp.example/.well-known/jwks.json',
      JWT_ISSUER: 'https://idp.example/',
      JWT_AUDIENCE: 'early-help',
    });
    expect(config.auth).toMatchObject({ mode: 'idp', audience: 'early-help' });
  });
});
