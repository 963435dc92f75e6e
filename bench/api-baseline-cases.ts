/**
 * bench:api's baseline, families and episodes: each route runs the statements of the service
 * method it names, in the same order, with the SQL taken from src (the repositories themselves over
 * the baseline's pool, and the access rule's builders). The two TypeORM statements are written out
 * as TypeORM sends them (checked in PostgreSQL's statement log, bench/api-statements.ts).
 */
import { OPENED_BY_ORGANISATION, EpisodesRepository } from '../src/episodes/episodes.repository';
import type { EpisodeView } from '../src/episodes/dto/episode.dto';
import { FamilyAccessRepository } from '../src/access/family-access.repository';
import { decodeCursor, toPage } from '../src/platform/pagination/pagination';
import {
  audit,
  auditPage,
  HttpError,
  limitOf,
  type Request,
  requireRole,
  UUID,
  visibleFamily,
  visibleRecord,
} from './api-baseline-platform';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The columns TypeORM selects for a Family under `alias` (getMany and findOne). */
const familyColumns = (alias: string) =>
  ['id', 'version', 'created_at', 'updated_at', 'name', 'created_by_organisation_id', 'created_by_user_id']
    .map((column) => `"${alias}"."${column}" AS "${alias}_${column}"`)
    .join(', ');

interface FamilyRow {
  [column: string]: unknown;
}

/** As TypeORM hydrates a Family from `alias`'s columns. */
const family = (row: FamilyRow, alias: string) => ({
  id: row[`${alias}_id`],
  version: row[`${alias}_version`],
  createdAt: row[`${alias}_created_at`],
  updatedAt: row[`${alias}_updated_at`],
  name: row[`${alias}_name`],
  createdByOrganisationId: row[`${alias}_created_by_organisation_id`],
  createdByUserId: row[`${alias}_created_by_user_id`],
});

/** GET /families — FamiliesService.list (FamiliesRepository.visibleFamilies through TypeORM's query builder). */
export async function listFamilies(request: Request) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const limit = limitOf(request.query);
  const [afterId] = decodeCursor(request.query.get('cursor') ?? undefined, 1) ?? [];
  // FamiliesService passes `family.id`; TypeORM's query builder sends it as `"family"."id"`.
  const visible = visibleFamily(request.caller, '"family"."id"', 1);
  const params = [...visible.params];
  let where = visible.sql;
  if (afterId !== undefined) {
    params.push(afterId);
    where += ` AND "family"."id" > $${params.length}::uuid`;
  }
  const rows = await request.db.query<FamilyRow>(
    `SELECT ${familyColumns('family')} FROM "families" "family" WHERE ${where} ORDER BY "family"."id" ASC LIMIT ${limit + 1}`,
    params,
  );
  const families = rows.map((row) => family(row, 'family'));
  return auditPage(
    request,
    toPage(families, limit, (row) => [row.id as string]),
    { entityType: 'family' },
  );
}

/** GET /families/{id} — FamiliesService.get (assertCanReadFamily, RecordWriter.findOrFail, audit). */
export async function getFamily(request: Request, id: string) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const row = await new FamilyAccessRepository(request.db).existsAndVisible(
    'families',
    id,
    visibleFamily(request.caller, '$1::uuid', 2),
  );
  if (!row.visible) {
    if (row.exists)
      await audit(request, { action: 'read_denied', entityType: 'family', entityId: id, outcome: 'denied' });
    throw new HttpError(404);
  }
  const [found] = await request.db.query<FamilyRow>(
    `SELECT ${familyColumns('Family')} FROM "families" "Family" WHERE (("Family"."id" = $1)) LIMIT 1`,
    [id],
  );
  if (!found) throw new HttpError(404);
  await audit(request, { action: 'read', entityType: 'family', entityId: id });
  return family(found, 'Family');
}

/** GET /episodes — EpisodesService.list (the filters the bench sends: familyId, open; newest first). */
export async function listEpisodes(request: Request) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const limit = limitOf(request.query);
  const after = decodeCursor(request.query.get('cursor') ?? undefined, 2);
  if (after && !(ISO_DATE.test(String(after[0])) && UUID.test(String(after[1])))) throw new HttpError(400);
  const familyId = request.query.get('familyId') ?? undefined;
  if (familyId !== undefined && !UUID.test(familyId)) throw new HttpError(400);
  const open = request.query.get('open');
  const rows = await new EpisodesRepository(request.db).list({
    visible: visibleRecord(request.caller, 'e.family_id', OPENED_BY_ORGANISATION('e'), 1, 'episode', 'e.id'),
    familyId,
    open: open === null ? undefined : open === 'true',
    sort: 'newest',
    after: after as [string, string] | undefined,
    limit: limit + 1,
  });
  return auditPage(
    request,
    toPage(rows, limit, (episode) => [episode.openedOn, episode.id]),
    { entityType: 'episode' },
  );
}

/** GET /episodes/{id} — EpisodesService.get (find, openedByOrganisationId, assertCanReadRecord, audit). */
export async function getEpisode(request: Request, id: string): Promise<EpisodeView> {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const episodes = new EpisodesRepository(request.db);
  const episode = await episodes.find(id);
  if (!episode) throw new HttpError(404);
  const values: unknown[] = [episode.familyId, await episodes.openedByOrganisationId(id), id];
  const condition = visibleRecord(request.caller, '$1::uuid', '$2::uuid', values.length + 1, 'episode', '$3::uuid');
  const visible =
    condition.params.length === 0
      ? condition.sql === 'TRUE'
      : await new FamilyAccessRepository(request.db).holdsFor(values, condition);
  if (!visible) {
    await audit(request, { action: 'read_denied', entityType: 'episode', entityId: id, outcome: 'denied' });
    throw new HttpError(404);
  }
  await audit(request, { action: 'read', entityType: 'episode', entityId: id });
  return episode;
}
