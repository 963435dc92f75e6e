import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';

export type AuthMode = 'local' | 'idp';

/**
 * Connections a process keeps to the primary unless DATABASE_POOL_SIZE says otherwise: pg's own
 * default. A request holds one for a few milliseconds, so 10 serve far more than the ~250 requests
 * a second one Node process can; more only queue on the database's cores (bench:api on 2 cores:
 * 10 rather than 20 cut PostgreSQL's CPU a request by a sixth and raised the API's throughput by
 * 16%), and 3 APIs and 2 workers at 10 stay well under PostgreSQL's default max_connections (100).
 */
export const DEFAULT_DATABASE_POOL_SIZE = 10;
/**
 * How long an idle keep-alive connection stays open: longer than the idle timeout of the proxies
 * and load balancers in front (nginx's and AWS ALB's 60 s), so the balancer, not the API, always
 * closes it; otherwise it may send a request down a connection the API is closing that very moment
 * (a 502 at the balancer). Node's own default is 5 s.
 */
export const DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Every setting the service reads, typed. Built once from the environment by
 * `loadConfig`, which fails fast naming each bad variable.
 */
export class AppConfig {
  nodeEnv!: 'development' | 'production' | 'test';
  port!: number;
  /** Absent: an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl?: string;
  dataDir!: string;
  embeddedPostgresPort!: number;
  migrationsRun!: boolean;
  /** Absent: queued jobs run in-process through the same processors. */
  redisUrl?: string;
  queuePrefix!: string;
  /** Whether this API process also consumes the BullMQ queue (tests, single-box installs). */
  apiRunsWorker!: boolean;
  outboxPollMs!: number;
  /** How long a stopping process waits for its open requests and database work (GracefulShutdown). */
  shutdownGraceMs!: number;
  /** How long an idle keep-alive connection is kept open (DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  httpKeepAliveTimeoutMs!: number;
  workerConcurrency!: number;
  /** Whether this process arms the daily jobs (nightly measures, reminders). */
  schedulerEnabled!: boolean;
  auth!: {
    mode: AuthMode;
    jwtSecret?: string;
    jwksUri?: string;
    issuer?: string;
    audience?: string;
    tokenTtlSeconds: number;
    /** How close to expiry a local token may be refreshed (POST /auth/refresh; JWT_REFRESH_WINDOW_SECONDS). */
    refreshWindowSeconds: number;
    /** idp mode: the dashboard's OpenID Connect client (authorization code with PKCE). */
    oidcIssuer?: string;
    oidcClientId?: string;
    oidcClientSecret?: string;
  };
  /** The address browsers reach the service at: sign-in links and the OpenID Connect redirect URI are built on it. */
  publicUrl!: string;
  /** How long a dashboard browser session lasts (DASHBOARD_SESSION_SECONDS). */
  dashboardSessionSeconds!: number;
  /** Chromium for board packs (CHROMIUM_PATH). */
  chromiumPath!: string;
  logLevel!: string;
  rateLimitPerMinute!: number;
  /** Refused requests (401, 403) per client IP per minute before every request from it is 429. */
  rateLimitRefusedPerMinute!: number;
  bodyLimit!: string;
  demoSeedOnStart!: boolean;
  /** Keys the stable per-person hash that stands in for identities in analysts' extracts. */
  pseudonymKey!: string;
  /** Encrypts the old and new values kept in `field_history` (AES-256-GCM, key = SHA-256 of it). */
  fieldHistoryKey!: string;
  timezone!: string;
  /** The local authority's three-digit DfE (LEA) code, the CIN census header's `LEA` (Sandwell: 333). */
  cinCensusLaCode!: string;
  /** Whether the MASH must triage a MARF before deciding it (a partnership's choice). */
  marfRequiresTriage!: boolean;
  /**
   * Whether an EHA's completion and an episode's closure need a manager's sign-off (SIGN_OFF_REQUIRED,
   * a partnership's choice, on by default): POST /assessments/{id}/sign-off and /episodes/{id}/closure-sign-off.
   */
  signOffRequired!: boolean;
  /** Where referrer notifications are POSTed; absent: delivery is logged only (the frontend polls). */
  notificationWebhookUrl?: string;
  /** Weeks between TAF reviews unless a plan sets its own (TAF_REVIEW_WEEKS). */
  tafReviewWeeks!: number;
  /** Working days an allocation (MASH hand-off) gives its organisation before consent must be recorded (ALLOCATION_LAPSE_WORKING_DAYS). */
  allocationLapseWorkingDays!: number;
  /** Days the Lead Professional's organisation keeps reading a closed episode, for closing work (CLOSED_EPISODE_LEAD_READ_DAYS). */
  closedEpisodeLeadReadDays!: number;
  /** How often the audit sealer chains newly committed audit rows (AUDIT_SEAL_INTERVAL_MS); 0: never (benchmarks only). */
  auditSealIntervalMs!: number;
  /** A streaming replica for heavy reads (measure runs, extracts, the dashboard); absent: the primary. */
  databaseReadUrl?: string;
  /** Connections each process keeps to the primary (DATABASE_POOL_SIZE): processes × this must stay under max_connections. */
  databasePoolSize!: number;
  /** Score (0-100) from which a pair of people is a possible duplicate, listed and worked (DUPLICATE_MATCH_THRESHOLD). */
  duplicateMatchThreshold!: number;
  /** Score from which a new person is almost certainly a duplicate: recording them needs confirmNotDuplicate (DUPLICATE_CERTAIN_THRESHOLD). */
  duplicateCertainThreshold!: number;
  /** Whether recording a likely duplicate needs confirmNotDuplicate (DUPLICATE_CONFIRM_ON_CREATE). */
  duplicateConfirmOnCreate!: boolean;
  /** Where document bytes are kept (DOCUMENT_STORAGE): chunks in PostgreSQL (default), a local directory, or S3-compatible storage. */
  documentStorage!: 'postgres' | 'local' | 's3';
  /** DOCUMENT_STORAGE=local: the directory (DOCUMENT_DIR, default DATA_DIR/documents). */
  documentDir!: string;
  /** Largest document accepted, in bytes (DOCUMENT_MAX_BYTES, default 20 MiB). */
  documentMaxBytes!: number;
  /** The types accepted, recognised from the content (DOCUMENT_TYPES, comma-separated of pdf, png, jpeg, docx). */
  documentTypes!: string[];
  /** DOCUMENT_STORAGE=s3: bucket, region, endpoint (for S3-compatible servers) and credentials (else the AWS default chain). */
  s3!: {
    bucket?: string;
    region: string;
    endpoint?: string;
    forcePathStyle: boolean;
    accessKeyId?: string;
    secretAccessKey?: string;
  };
  /** Days a draft MARF or case note is kept before it expires (DRAFT_EXPIRY_DAYS). */
  draftExpiryDays!: number;
  /** Days before expiry its author is reminded (DRAFT_REMINDER_DAYS). */
  draftReminderDays!: number;
  /** How notification e-mails leave (EMAIL_CHANNEL): none (in-app only), smtp or notify (GOV.UK Notify). */
  emailChannel!: 'none' | 'smtp' | 'notify';
  /** EMAIL_CHANNEL=smtp: the server (SMTP_URL, e.g. smtp://user:pass@host:587) and sender (EMAIL_FROM). */
  smtpUrl?: string;
  emailFrom!: string;
  /** EMAIL_CHANNEL=notify: the API key, the template (with ((subject)), ((link)) and ((reference))) and the API's base URL. */
  notifyApiKey?: string;
  notifyTemplateId?: string;
  notifyBaseUrl?: string;
  /** Links in e-mails point here (FRONTEND_URL; default PUBLIC_URL). */
  frontendUrl!: string;
  /** Days after a merge of two people during which it may be undone (PERSON_UNMERGE_DAYS). */
  personUnmergeDays!: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name, fallback) as T;
    if (!allowed.includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value;
  }

  integer(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${name} must be a URL starting ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  }

  require(name: string, value: unknown, why: string): void {
    if (value === undefined) this.problems.push(`${name} is required ${why}`);
  }
}

/**
 * A development convenience: with no JWT_SECRET or PSEUDONYM_KEY outside production, one is
 * generated once and kept under the data folder, so the API and the CLI (separate processes) agree.
 */
function developmentSecret(dataDir: string, name: string): string {
  const file = resolve(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = resolve(read.string('DATA_DIR', '.data')!);
  const mode = read.oneOf('AUTH_MODE', ['local', 'idp'] as const, 'local');

  const auth: AppConfig['auth'] = {
    mode,
    tokenTtlSeconds: read.integer('JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    refreshWindowSeconds: read.integer('JWT_REFRESH_WINDOW_SECONDS', 15 * 60, 0, 30 * 24 * 3600),
  };
  if (mode === 'local') {
    auth.jwtSecret = read.string('JWT_SECRET');
    if (auth.jwtSecret === undefined && nodeEnv !== 'production') {
      auth.jwtSecret = developmentSecret(dataDir, 'jwt-secret');
    }
    read.require('JWT_SECRET', auth.jwtSecret, 'when AUTH_MODE=local in production');
    if (auth.jwtSecret !== undefined && auth.jwtSecret.length < 32) {
      read.problems.push('JWT_SECRET must be at least 32 characters');
    }
  } else {
    auth.jwksUri = read.url('JWT_JWKS_URI', ['https:', 'http:']);
    auth.issuer = read.string('JWT_ISSUER');
    auth.audience = read.string('JWT_AUDIENCE');
    read.require('JWT_JWKS_URI', auth.jwksUri, 'when AUTH_MODE=idp');
    read.require('JWT_ISSUER', auth.issuer, 'when AUTH_MODE=idp');
    read.require('JWT_AUDIENCE', auth.audience, 'when AUTH_MODE=idp');
    auth.oidcIssuer = read.url('OIDC_ISSUER', ['https:', 'http:']) ?? auth.issuer;
    auth.oidcClientId = read.string('OIDC_CLIENT_ID');
    auth.oidcClientSecret = read.string('OIDC_CLIENT_SECRET');
  }

  let pseudonymKey = read.string('PSEUDONYM_KEY');
  if (pseudonymKey === undefined && nodeEnv !== 'production')
    pseudonymKey = developmentSecret(dataDir, 'pseudonym-key');
  read.require('PSEUDONYM_KEY', pseudonymKey, 'in production');
  if (pseudonymKey !== undefined && pseudonymKey.length < 32)
    read.problems.push('PSEUDONYM_KEY must be at least 32 characters');

  let fieldHistoryKey = read.string('FIELD_HISTORY_KEY');
  if (fieldHistoryKey === undefined && nodeEnv !== 'production')
    fieldHistoryKey = developmentSecret(dataDir, 'field-history-key');
  read.require('FIELD_HISTORY_KEY', fieldHistoryKey, 'in production');
  if (fieldHistoryKey !== undefined && fieldHistoryKey.length < 32)
    read.problems.push('FIELD_HISTORY_KEY must be at least 32 characters');

  const config: AppConfig = {
    nodeEnv,
    port: read.integer('PORT', 3000, 1, 65535),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir,
    embeddedPostgresPort: read.integer('EMBEDDED_POSTGRES_PORT', 54329, 1024, 65535),
    migrationsRun: read.boolean('MIGRATIONS_RUN', true),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix: read.string('QUEUE_PREFIX', 'early-help')!,
    apiRunsWorker: read.boolean('API_RUNS_WORKER', false),
    outboxPollMs: read.integer('OUTBOX_POLL_MS', 1000, 50, 60_000),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    httpKeepAliveTimeoutMs: read.integer(
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      DEFAULT_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      100,
      600_000,
    ),
    workerConcurrency: read.integer('WORKER_CONCURRENCY', 4, 1, 64),
    schedulerEnabled: read.boolean('SCHEDULER_ENABLED', true),
    auth,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    rateLimitPerMinute: read.integer('RATE_LIMIT_PER_MINUTE', 600, 1),
    rateLimitRefusedPerMinute: read.integer('RATE_LIMIT_REFUSED_PER_MINUTE', 60, 1),
    bodyLimit: read.string('BODY_LIMIT', '1mb')!,
    demoSeedOnStart: read.boolean('DEMO_SEED', false),
    pseudonymKey: pseudonymKey ?? '',
    fieldHistoryKey: fieldHistoryKey ?? '',
    timezone: read.string('TZ_REPORTING', 'Europe/London')!,
    cinCensusLaCode: read.string('CIN_CENSUS_LA_CODE', '333')!,
    marfRequiresTriage: read.boolean('MARF_REQUIRES_TRIAGE', true),
    signOffRequired: read.boolean('SIGN_OFF_REQUIRED', true),
    notificationWebhookUrl: read.url('NOTIFICATION_WEBHOOK_URL', ['https:', 'http:']),
    tafReviewWeeks: read.integer('TAF_REVIEW_WEEKS', 6, 1, 52),
    allocationLapseWorkingDays: read.integer('ALLOCATION_LAPSE_WORKING_DAYS', 20, 1, 120),
    closedEpisodeLeadReadDays: read.integer('CLOSED_EPISODE_LEAD_READ_DAYS', 90, 0, 730),
    auditSealIntervalMs: read.integer('AUDIT_SEAL_INTERVAL_MS', 1000, 0, 60_000),
    databaseReadUrl: read.url('DATABASE_READ_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', DEFAULT_DATABASE_POOL_SIZE, 2, 500),
    publicUrl: '',
    dashboardSessionSeconds: read.integer('DASHBOARD_SESSION_SECONDS', 8 * 3600, 60, 7 * 24 * 3600),
    chromiumPath: read.string('CHROMIUM_PATH', '/usr/bin/chromium')!,
    duplicateMatchThreshold: read.integer('DUPLICATE_MATCH_THRESHOLD', 72, 1, 100),
    duplicateCertainThreshold: read.integer('DUPLICATE_CERTAIN_THRESHOLD', 85, 1, 100),
    duplicateConfirmOnCreate: read.boolean('DUPLICATE_CONFIRM_ON_CREATE', true),
    documentStorage: read.oneOf('DOCUMENT_STORAGE', ['postgres', 'local', 's3'] as const, 'postgres'),
    documentDir: resolve(read.string('DOCUMENT_DIR', resolve(dataDir, 'documents'))!),
    documentMaxBytes: read.integer('DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    documentTypes: (read.string('DOCUMENT_TYPES', 'pdf,png,jpeg,docx') ?? '')
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type !== ''),
    s3: {
      bucket: read.string('S3_BUCKET'),
      region: read.string('S3_REGION', 'eu-west-2')!,
      endpoint: read.url('S3_ENDPOINT', ['https:', 'http:']),
      forcePathStyle: read.boolean('S3_FORCE_PATH_STYLE', false),
      accessKeyId: read.string('S3_ACCESS_KEY_ID'),
      secretAccessKey: read.string('S3_SECRET_ACCESS_KEY'),
    },
    draftExpiryDays: read.integer('DRAFT_EXPIRY_DAYS', 30, 1, 365),
    draftReminderDays: read.integer('DRAFT_REMINDER_DAYS', 3, 0, 364),
    emailChannel: read.oneOf('EMAIL_CHANNEL', ['none', 'smtp', 'notify'] as const, 'none'),
    smtpUrl: read.url('SMTP_URL', ['smtp:', 'smtps:']),
    emailFrom: read.string('EMAIL_FROM', 'early-help@localhost')!,
    notifyApiKey: read.string('NOTIFY_API_KEY'),
    notifyTemplateId: read.string('NOTIFY_TEMPLATE_ID'),
    notifyBaseUrl: read.url('NOTIFY_BASE_URL', ['https:', 'http:']),
    frontendUrl: '',
    personUnmergeDays: read.integer('PERSON_UNMERGE_DAYS', 90, 0, 3650),
  };
  config.publicUrl = (read.url('PUBLIC_URL', ['https:', 'http:']) ?? `http://localhost:${config.port}`).replace(
    /\/+$/,
    '',
  );
  config.frontendUrl = (read.url('FRONTEND_URL', ['https:', 'http:']) ?? config.publicUrl).replace(/\/+$/, '');
  const unknownTypes = config.documentTypes.filter((type) => !['pdf', 'png', 'jpeg', 'docx'].includes(type));
  if (unknownTypes.length > 0 || config.documentTypes.length === 0) {
    read.problems.push(
      `DOCUMENT_TYPES must list some of pdf, png, jpeg, docx (got "${config.documentTypes.join(',')}")`,
    );
  }
  if (config.documentStorage === 's3') read.require('S3_BUCKET', config.s3.bucket, 'when DOCUMENT_STORAGE=s3');
  if (config.emailChannel === 'smtp') read.require('SMTP_URL', config.smtpUrl, 'when EMAIL_CHANNEL=smtp');
  if (config.emailChannel === 'notify') {
    read.require('NOTIFY_API_KEY', config.notifyApiKey, 'when EMAIL_CHANNEL=notify');
    read.require('NOTIFY_TEMPLATE_ID', config.notifyTemplateId, 'when EMAIL_CHANNEL=notify');
  }
  if (config.draftReminderDays >= config.draftExpiryDays) {
    read.problems.push('DRAFT_REMINDER_DAYS must be fewer than DRAFT_EXPIRY_DAYS');
  }
  if (config.duplicateCertainThreshold < config.duplicateMatchThreshold) {
    read.problems.push('DUPLICATE_CERTAIN_THRESHOLD must not be below DUPLICATE_MATCH_THRESHOLD');
  }
  if (!/^\d+(kb|mb)$/i.test(config.bodyLimit)) {
    read.problems.push(`BODY_LIMIT must look like 512kb or 1mb (got "${config.bodyLimit}")`);
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
