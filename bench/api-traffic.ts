/**
 * bench:api's traffic: the la database (reused or seeded), the callers and the ids each may read
 * (found with the app's own access rule), and the mix of routes drawn from them.
 */
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { FamilyAccessService } from '../src/access/family-access.service';
import { loadConfig } from '../src/config/config';
import { OPENED_BY_ORGANISATION } from '../src/episodes/episodes.repository';
import { AccessPolicy } from '../src/platform/auth/access-policy.service';
import type { AuthUser } from '../src/platform/auth/auth-user';
import { Clock } from '../src/platform/clock/clock';
import { TEST_JWT_SECRET } from '../test/helpers/test-app';
import { builtApiEnv, count, databaseExists, databaseUrl, migrate, migratedDatabase, runCli } from './bench-helpers';

export const DATABASE = 'eh_bench_la';
const PRACTITIONERS = 20;
const MASH_USERS = 4;
const SAMPLE = 200;
const DEMO_PRACTITIONERS = [
  'sf.worker@demo.early-help.test',
  'hub.worker@demo.early-help.test',
  'school.dsl@demo.early-help.test',
];

export interface Practitioner {
  email: string;
  token: string;
  families: string[];
  episodes: string[];
  episodeFamilies: string[];
  marfs: string[];
}

export interface Traffic {
  practitioners: Practitioner[];
  mash: { email: string; token: string }[];
  mashUserIds: string[];
  marfs: string[];
  undecidedMarfs: string[];
}

export async function ensureDatabase(): Promise<string> {
  const url = databaseUrl(DATABASE);
  if (await databaseExists(DATABASE)) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const [row] = (
        await client.query<{ families: number; demo: number }>(
          `SELECT (SELECT count(*)::int FROM families) AS families,
                  (SELECT count(*)::int FROM users WHERE email = 'mash@demo.early-help.test') AS demo`,
        )
      ).rows;
      if (row && row.families > 40_000 && row.demo === 1) {
        process.stdout.write(`reusing ${DATABASE} (${count(row.families)} families), migrated to this build\n`);
        return migrate(DATABASE);
      }
    } catch {
      // not an la database: refuse below rather than drop something we did not make
    } finally {
      await client.end();
    }
    throw new Error(`${DATABASE} exists but does not hold the la data; drop it and run again`);
  }
  process.stdout.write(`creating ${DATABASE}: migrate, then seed:demo --scale la (about 2 minutes)…\n`);
  await migratedDatabase(DATABASE);
  await runCli(['seed:demo', '--scale', 'la'], { DATABASE_URL: url });
  return url;
}

/**
 * Fresh planner statistics and no dead rows before the runs. Production's autovacuum analyzes after
 * the import's bulk load; this PostgreSQL may run with autovacuum off, and estimates from before the
 * load pick seq scans. Vacuumed too, so autovacuum does not wake mid-run for the dead rows earlier
 * runs' triages and audit rows left: its worker would be counted as the bench database's CPU, and
 * take the cores, of whichever server happened to be running then.
 */
export async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}

const tokenFor = (userId: string) =>
  sign({}, TEST_JWT_SECRET, { algorithm: 'HS256', subject: userId, expiresIn: 4 * 3600 });

/** Ids each caller may see, found with the app's own access rule (FamilyAccessService). */
export async function pickTraffic(url: string): Promise<Traffic> {
  const client = new Client({ connectionString: url });
  await client.connect();
  // The API's settings (the access rule's grace days) from the environment it runs in.
  const config = loadConfig(builtApiEnv({ DATABASE_URL: url }));
  const access = new FamilyAccessService(
    undefined as never,
    undefined as never,
    undefined as never,
    new AccessPolicy(),
    new Clock(),
    config,
  );
  try {
    // Plain practitioners (not managers), two per organisation, from the organisations involved with the
    // most families: the demo logins first.
    const candidates = (
      await client.query<{
        id: string;
        email: string;
        organisation_id: string;
        organisation_type: string;
        roles: AuthUser['roles'];
      }>(
        `WITH orgs AS (
           SELECT o.id, o.type, (SELECT count(*) FROM family_organisation_involvements i
                          WHERE i.organisation_id = o.id AND i.ended_on IS NULL) AS involvements
             FROM organisations o WHERE o.active),
         ranked AS (
           SELECT u.id, u.email, u.organisation_id, orgs.type AS organisation_type, u.roles, orgs.involvements, u.email = ANY ($1) AS demo,
                  row_number() OVER (PARTITION BY u.organisation_id
                    ORDER BY u.email = ANY ($1) DESC,
                             (SELECT count(*) FROM marfs m WHERE m.referrer_user_id = u.id) DESC, u.email) AS nth
             FROM users u JOIN orgs ON orgs.id = u.organisation_id
            WHERE 'practitioner' = ANY (u.roles) AND NOT 'manager' = ANY (u.roles) AND NOT u.disabled)
         SELECT id, email, organisation_id, organisation_type, roles FROM ranked
          WHERE nth <= 2 OR demo
          ORDER BY demo DESC, involvements DESC, nth, email
          LIMIT $2`,
        [DEMO_PRACTITIONERS, PRACTITIONERS],
      )
    ).rows;
    const practitioners: Practitioner[] = [];
    for (const user of candidates) {
      const caller = {
        id: user.id,
        organisationId: user.organisation_id,
        organisationType: user.organisation_type,
        roles: user.roles,
      } as AuthUser;
      const families = access.visibleFamilyCondition(caller, 'f.id', 1);
      // As GET /episodes and /episodes/{id}: the episode level, the opener as recorder, an allocation its own episode.
      const episodes = access.visibleRecordCondition(
        caller,
        'e.family_id',
        OPENED_BY_ORGANISATION('e'),
        1,
        'episode',
        'e.id',
      );
      const familyRows = await client.query<{ id: string }>(
        `SELECT f.id FROM families f WHERE ${families.sql} ORDER BY random() LIMIT ${SAMPLE}`,
        families.params,
      );
      const episodeRows = await client.query<{ id: string; family_id: string }>(
        `SELECT e.id, e.family_id FROM episodes e WHERE ${episodes.sql} ORDER BY random() LIMIT ${SAMPLE}`,
        episodes.params,
      );
      const marfRows = await client.query<{ id: string }>(
        `SELECT id FROM marfs WHERE referrer_user_id = $1 ORDER BY random() LIMIT ${SAMPLE}`,
        [user.id],
      );
      practitioners.push({
        email: user.email,
        token: tokenFor(user.id),
        families: familyRows.rows.map((row) => row.id),
        episodes: episodeRows.rows.map((row) => row.id),
        episodeFamilies: episodeRows.rows.map((row) => row.family_id),
        marfs: marfRows.rows.map((row) => row.id),
      });
    }
    const mashUsers = (
      await client.query<{ id: string; email: string }>(
        `SELECT id, email FROM users WHERE 'mash' = ANY (roles) AND NOT disabled
          ORDER BY email = 'mash@demo.early-help.test' DESC, email`,
      )
    ).rows;
    const marfs = (await client.query<{ id: string }>(`SELECT id FROM marfs ORDER BY random() LIMIT 2000`)).rows;
    const undecided = (await client.query<{ id: string }>(`SELECT id FROM marfs WHERE status <> 'decided'`)).rows;
    if (undecided.length === 0) throw new Error('no undecided MARFs to triage');
    return {
      practitioners,
      mash: mashUsers.slice(0, MASH_USERS).map((user) => ({ email: user.email, token: tokenFor(user.id) })),
      mashUserIds: mashUsers.map((user) => user.id),
      marfs: marfs.map((row) => row.id),
      undecidedMarfs: undecided.map((row) => row.id),
    };
  } finally {
    await client.end();
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

export interface Planned {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: string;
}

/** The mix: 70% practitioners (five case reads), 30% MASH (queue, MARF reads, re-triage). */
export function mix(traffic: Traffic): { weight: number; name: string; next: () => Planned }[] {
  const withMarfs = traffic.practitioners.filter((p) => p.marfs.length > 0);
  const withFamilies = traffic.practitioners.filter((p) => p.families.length > 0);
  const withEpisodes = traffic.practitioners.filter((p) => p.episodes.length > 0);
  const get = (path: string, token: string): Planned => ({ method: 'GET', path, token });
  return [
    { weight: 14, name: 'GET /families?limit=20', next: () => get('/families?limit=20', pick(withFamilies).token) },
    {
      weight: 14,
      name: 'GET /families/{id}',
      next: () => {
        const p = pick(withFamilies);
        return get(`/families/${pick(p.families)}`, p.token);
      },
    },
    {
      weight: 14,
      name: 'GET /episodes?familyId=',
      next: () => {
        const p = pick(withEpisodes);
        return get(`/episodes?familyId=${pick(p.episodeFamilies)}`, p.token);
      },
    },
    {
      weight: 14,
      name: 'GET /episodes/{id}',
      next: () => {
        const p = pick(withEpisodes);
        return get(`/episodes/${pick(p.episodes)}`, p.token);
      },
    },
    {
      weight: 14,
      name: 'GET /marfs/{id} (own)',
      next: () => {
        const p = pick(withMarfs);
        return get(`/marfs/${pick(p.marfs)}`, p.token);
      },
    },
    { weight: 10, name: 'GET /mash/queue?limit=20', next: () => get('/mash/queue?limit=20', pick(traffic.mash).token) },
    {
      weight: 12,
      name: 'GET /marfs/{id} (MASH)',
      next: () => get(`/marfs/${pick(traffic.marfs)}`, pick(traffic.mash).token),
    },
    {
      weight: 8,
      name: 'POST /marfs/{id}/triage',
      next: () => ({
        method: 'POST',
        path: `/marfs/${pick(traffic.undecidedMarfs)}/triage`,
        token: pick(traffic.mash).token,
        body: JSON.stringify({
          rag: pick(['red', 'amber', 'green']),
          assigneeUserId: pick(traffic.mashUserIds),
          notes: 'bench re-triage',
        }),
      }),
    },
  ];
}

export function nextRequest(routes: ReturnType<typeof mix>): Planned {
  const total = routes.reduce((sum, route) => sum + route.weight, 0);
  let roll = Math.random() * total;
  for (const route of routes) {
    roll -= route.weight;
    if (roll < 0) return route.next();
  }
  return routes[0]!.next();
}
