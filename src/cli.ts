import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AppConfig, loadConfig } from './config/config';
import { CaseDataProgress, DemoSeedService } from './demo/demo-seed.service';
import { isScaleName, SCALE_NAMES } from './demo/synthetic/scales';
import type { ImportView } from './imports/dto/imports.dto';
import { ImportProgress, ImportsService } from './imports/imports.service';
import { LocalitiesService } from './localities/localities.service';
import { ProgressBar } from './platform/util/progress-bar';
import { ORGANISATION_TYPES, OrganisationType } from './organisations/organisation-types';
import { OrganisationsService } from './organisations/organisations.service';
import { MeasuresService } from './measures/measures.service';
import { AuditSealer } from './platform/audit/audit-sealer';
import { AuditService } from './platform/audit/audit.service';
import { Role, ROLES } from './platform/auth/auth-user';
import { TokenService } from './platform/auth/token.service';
import { DashboardSessions } from './platform/auth/dashboard-sessions';
import { requestContext } from './platform/context/request-context';
import { dataSourceOptions, resolveDatabaseUrl } from './app.data-source';
import { UsersService } from './users/users.service';

class UsageError extends Error {}

type Flags = Record<string, string | true>;

export function parseArgs(argv: string[]): { command?: string; flags: Flags; positional: string[] } {
  const flags: Flags = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags[name] = inline;
      else if (next !== undefined && !next.startsWith('--')) flags[name] = argv[++i]!;
      else flags[name] = true;
    } else positional.push(arg);
  }
  return { command: positional.shift(), flags, positional };
}

/** A calendar date flag: YYYY-MM-DD and a real day. */
function dateFlag(flags: Flags, name: string): string {
  const value = required(flags, name);
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--${name} must be a date as YYYY-MM-DD`);
  }
  return value;
}

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.trim();
}

const USAGE = `usage: npm run cli -- <command> [flags]
  migrate                                          apply pending database migrations
  localities:create --name N [--code C]            create a locality (reference data organisations name)
  orgs:create --name N --type T [--locality ID]    create a partner organisation (types: ${ORGANISATION_TYPES.join(', ')})
  users:create --email E --name N --org ID|NAME --roles r1,r2
                                                   create a user (roles: ${ROLES.join(', ')})
  token --email E [--ttl SECONDS]                  issue a local-mode bearer token for a user
  dashboard-link --email E [--ttl SECONDS]         a one-time dashboard sign-in link for a browser (local mode;
                                                   default 600 seconds)
  seed:demo [--scale small|la|large]               create the demo partnership (idempotent); with --scale, also
                                                   import synthetic case data: small ~2,000 children, la
                                                   Sandwell-sized (~87,000), large a big city (~300,000)
  import FILE.ndjson                               import legacy EHM records (docs/import-format.md); idempotent;
                                                   exit 1 if any row was refused
  audit:verify                                     recompute the audit log's hash chain; exit 1 if tampered;
                                                   reports the rows not sealed into the chain yet
  audit:seal                                       seal every committed audit row into the chain now
  measures:run --from YYYY-MM-DD --to YYYY-MM-DD   recompute every measure for the periods overlapping the range,
                                                   here and now; exit 1 if any measure failed`;

type Command = (app: INestApplicationContext, flags: Flags, positional: string[]) => Promise<unknown>;

const commands: Record<string, Command> = {
  'localities:create': async (app, flags) => {
    const name = required(flags, 'name');
    const code = typeof flags.code === 'string' ? flags.code.trim() : undefined;
    if (name.length > 100) throw new UsageError('--name must be at most 100 characters');
    if (code !== undefined && (code === '' || code.length > 20)) throw new UsageError('--code must be 1-20 characters');
    try {
      return await app.get(LocalitiesService).create({ name, code });
    } catch (error) {
      const pg = error as { driverError?: { code?: string }; code?: string };
      if ((pg.driverError?.code ?? pg.code) === '23505')
        throw new UsageError(`a locality named "${name}" exists already`);
      throw error;
    }
  },
  'orgs:create': async (app, flags) => {
    const type = required(flags, 'type');
    if (!(ORGANISATION_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--type must be one of ${ORGANISATION_TYPES.join(', ')}`);
    }
    const locality = typeof flags.locality === 'string' ? flags.locality : undefined;
    return app
      .get(OrganisationsService)
      .create({ name: required(flags, 'name'), type: type as OrganisationType, localityId: locality });
  },
  'users:create': async (app, flags) => {
    const roles = required(flags, 'roles')
      .split(',')
      .map((role) => role.trim());
    const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
    if (unknown.length) throw new UsageError(`unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
    const org = required(flags, 'org');
    const organisations = app.get(OrganisationsService);
    const organisation = /^[0-9a-f-]{36}$/i.test(org)
      ? await organisations.get(org)
      : await organisations.findByName(org);
    if (!organisation) throw new UsageError(`no organisation named "${org}"`);
    return app.get(UsersService).create({
      email: required(flags, 'email'),
      name: required(flags, 'name'),
      organisationId: organisation.id,
      roles: roles as Role[],
    });
  },
  token: async (app, flags) => {
    const email = required(flags, 'email');
    const ttl = flags.ttl === undefined ? undefined : Number(flags.ttl);
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1))
      throw new UsageError('--ttl must be a whole number of seconds');
    const user = await app.get(UsersService).findByEmail(email);
    if (!user || user.disabled) throw new UsageError(`no active user with email ${email}`);
    const token = app.get(TokenService).issue(user.id, ttl);
    await app.get(AuditService).record({ action: 'issue_token', entityType: 'user', entityId: user.id });
    return { userId: user.id, email: user.email, roles: user.roles, token };
  },
  'dashboard-link': async (app, flags) => {
    const email = required(flags, 'email');
    const ttl = flags.ttl === undefined ? 600 : Number(flags.ttl);
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400)
      throw new UsageError('--ttl must be a whole number of seconds from 60 to 86400');
    if (app.get(AppConfig).auth.mode !== 'local') {
      throw new UsageError('AUTH_MODE=idp: browsers sign in through the identity provider at /dashboard/sign-in');
    }
    const user = await app.get(UsersService).findByEmail(email);
    if (!user || user.disabled) throw new UsageError(`no active user with email ${email}`);
    const url = await app.get(DashboardSessions).issueLink(user.id, ttl);
    await app.get(AuditService).record({
      action: 'issue_token',
      entityType: 'dashboard_sign_in_link',
      entityId: user.id,
      details: { ttlSeconds: ttl },
    });
    return { userId: user.id, email: user.email, url, expiresInSeconds: ttl };
  },
  'seed:demo': async (app, flags) => {
    const scale = flags.scale;
    if (scale !== undefined && (typeof scale !== 'string' || !isScaleName(scale))) {
      throw new UsageError(`--scale must be one of ${SCALE_NAMES.join(', ')}`);
    }
    const demo = app.get(DemoSeedService);
    const partnership = await demo.seed();
    if (!scale) return partnership;
    const started = Date.now();
    const view = await demo.seedCases(scale, { progress: seedProgress(`demo-${scale}`) });
    await reportImportErrors(app, view);
    const seconds = (Date.now() - started) / 1000;
    return {
      ...partnership,
      import: view,
      seconds: Math.round(seconds),
      recordsPerSecond: Math.round(view.recordsDone / Math.max(seconds, 0.001)),
    };
  },
  import: async (app, _flags, positional) => {
    const file = positional[0];
    if (!file) throw new UsageError('give the file to import: npm run cli -- import file.ndjson');
    if (!existsSync(file)) throw new UsageError(`no file ${file}`);
    const view = await app
      .get(ImportsService)
      .run(createReadStream(file), { source: 'cli', fileName: basename(file) }, importProgress(basename(file)));
    await reportImportErrors(app, view);
    return view;
  },
  'measures:run': async (app, flags) => {
    const range = { from: dateFlag(flags, 'from'), to: dateFlag(flags, 'to') };
    if (range.from > range.to) throw new UsageError('--to must not be before --from');
    const run = await app.get(MeasuresService).runNow(range);
    if (run.status !== 'completed') {
      const failures = run.errors.map((error) => `${error.measure}: ${error.message}`).join('; ');
      throw new Error(`measure run ${run.id} ${run.status}: ${failures}`);
    }
    return run;
  },
  'audit:seal': async (app) => ({ sealed: await app.get(AuditSealer).sealNow() }),
  'audit:verify': async (app) => {
    const verification = await app.get(AuditService).verifyLog();
    if (!verification.intact) {
      throw new Error(`audit log broken at position ${verification.brokenAt}: ${verification.reason}`);
    }
    return verification;
  },
};

/** The first errors of an import on stderr. */
async function reportImportErrors(app: INestApplicationContext, view: ImportView): Promise<void> {
  if (view.errorCount === 0) return;
  const errors = await app.get(ImportsService).errors(view.id, { limit: 20 });
  for (const error of errors.items) process.stderr.write(`line ${error.line}: ${error.message}\n`);
  if (view.errorCount > errors.items.length) {
    process.stderr.write(`... ${view.errorCount - errors.items.length} more: GET /imports/${view.id}/errors\n`);
  }
}

/** Demo data's progress: lines generated (and staged as they come) against the estimate, then records applied. */
export function seedProgress(label: string): CaseDataProgress {
  const generating = new ProgressBar(`${label}: generating`);
  const applying = new ProgressBar(`${label}: applying`);
  let staged = false;
  return {
    onGenerate: (lines, estimate) => generating.update(lines, estimate),
    onApply: (progress) => {
      if (!staged) generating.done();
      staged = true;
      applying.update(progress.done, progress.staged);
    },
  };
}

/** Progress on stderr: lines read while staging, then records applied. */
export function importProgress(label: string): ImportProgress {
  const applying = new ProgressBar(`${label}: applying`);
  return {
    onStage: (progress) => {
      const read = `${label}: ${progress.linesRead.toLocaleString('en-GB')} lines read`;
      if (process.stderr.isTTY) process.stderr.write(`\r${read}\u001b[K`);
      else if (progress.linesRead % 100_000 === 0) process.stderr.write(`${read}\n`);
    },
    onApply: (progress) => applying.update(progress.done, progress.staged),
  };
}

/**
 * An import that refused rows did not bring the whole file in, and demo data that the import refused
 * in part is not the demo asked for: either exits 1 (after printing the summary).
 */
function hasImportErrors(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  if ('import' in result) return (result as { import: ImportView }).import.errorCount > 0;
  if ('recordsStaged' in result && 'errorCount' in result) return (result as ImportView).errorCount > 0;
  return false;
}

async function migrate(config: AppConfig): Promise<unknown> {
  const dataSource = new DataSource(dataSourceOptions(await resolveDatabaseUrl(config), { migrationsRun: false }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const { command, flags, positional } = parseArgs(argv);
  if (!command || flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    ...process.env,
    API_RUNS_WORKER: 'false',
    SCHEDULER_ENABLED: 'false',
  });
  if (command === 'migrate') {
    process.stdout.write(`${JSON.stringify(await migrate(config), null, 2)}\n`);
    return 0;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { logTo: 'stderr' }), {
    logger: ['error', 'warn'],
  });
  try {
    const result = await requestContext.run({ requestId: `cli:${command}`, channel: 'cli' }, () =>
      run(app, flags, positional),
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return hasImportErrors(result) ? 1 : 0;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message.split('\n')[0]}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    });
}
