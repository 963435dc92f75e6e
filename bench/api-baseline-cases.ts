/** bench:api's baseline (bench/api-baseline.ts): the family and episode routes. */
import {
  assertCanReadFamily,
  audit,
  cursorOf,
  HttpError,
  limitOf,
  page,
  pool,
  Request,
  requireRole,
  rows,
  UUID,
  visibleFamilyCondition,
} from './api-baseline-platform';

// --- families ----------------------------------------------------------------------------------

const FAMILY_SELECT = (alias: string) =>
  `SELECT "${alias}"."id" AS "id", "${alias}"."version" AS "version", "${alias}"."created_at" AS "createdAt", ` +
  `"${alias}"."updated_at" AS "updatedAt", "${alias}"."name" AS "name", ` +
  `"${alias}"."created_by_organisation_id" AS "createdByOrganisationId", ` +
  `"${alias}"."created_by_user_id" AS "createdByUserId" FROM "families" "${alias}"`;

/** GET /families — FamiliesService.list (the query TypeORM's query builder sends). */
export async function listFamilies(request: Request) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const limit = limitOf(request.query);
  const [afterId] = cursorOf(request.query, 1) ?? [];
  const visible = visibleFamilyCondition(request.caller, '"family"."id"', 1);
  const params = [...visible.params];
  let where = visible.sql;
  if (afterId !== undefined) {
    params.push(afterId);
    where += ` AND "family"."id" > $${params.length}::uuid`;
  }
  const families = await rows<{ id: string }>(
    pool,
    `${FAMILY_SELECT('family')} WHERE ${where} ORDER BY "family"."id" ASC LIMIT ${limit + 1}`,
    params,
  );
  return page(families, limit, (family) => [family.id]);
}

/** GET /families/{id} — FamiliesService.get (access check, RecordWriter.findOrFail, audit). */
export async function getFamily(request: Request, id: string) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  await assertCanReadFamily(request, id);
  const [family] = await rows(pool, `${FAMILY_SELECT('Family')} WHERE (("Family"."id" = $1)) LIMIT 1`, [id]);
  if (!family) throw new HttpError(404);
  await audit(pool, request, { action: 'read', entityType: 'family', entityId: id });
  return family;
}

// --- episodes ----------------------------------------------------------------------------------

/** EPISODE_VIEW of src/episodes/episodes.service.ts. */
const EPISODE_VIEW = `e.id, e.family_id AS "familyId", e.opened_on::text AS "openedOn", e.route, e.level,
  e.referring_organisation_id AS "referringOrganisationId", e.lead_organisation_id AS "leadOrganisationId",
  (e.re_referral_of_episode_id IS NOT NULL) AS "reReferral", e.re_referral_of_episode_id AS "reReferralOfEpisodeId",
  e.closed_on::text AS "closedOn", e.closure_reason AS "closureReason", e.closure_notes AS "closureNotes",
  e.reopened_at AS "reopenedAt", e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

/** GET /episodes?familyId= — EpisodesService.list. */
export async function listEpisodes(request: Request) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const limit = limitOf(request.query);
  const [afterId] = cursorOf(request.query, 1) ?? [];
  const visible = visibleFamilyCondition(request.caller, 'e.family_id', 1);
  const params: unknown[] = [...visible.params];
  const where = [visible.sql];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('$?', `$${params.length}`));
  };
  const familyId = request.query.get('familyId');
  if (familyId !== null) {
    if (!UUID.test(familyId)) throw new HttpError(400);
    add('e.family_id = $?::uuid', familyId);
  }
  const open = request.query.get('open');
  if (open !== null) add('(e.closed_on IS NULL) = $?::boolean', open === 'true');
  if (afterId !== undefined) add('e.id > $?::uuid', afterId);
  params.push(limit + 1);
  const episodes = await rows<{ id: string }>(
    pool,
    `SELECT ${EPISODE_VIEW} FROM episodes e WHERE ${where.join(' AND ')} ORDER BY e.id LIMIT $${params.length}`,
    params,
  );
  return page(episodes, limit, (episode) => [episode.id]);
}

/** GET /episodes/{id} — EpisodesService.get (findOrFail, findVisible's access check, audit). */
export async function getEpisode(request: Request, id: string) {
  requireRole(request.caller, 'practitioner', 'manager', 'mash');
  const [episode] = await rows<{ familyId: string }>(pool, `SELECT ${EPISODE_VIEW} FROM episodes e WHERE e.id = $1 `, [
    id,
  ]);
  if (!episode) throw new HttpError(404);
  await assertCanReadFamily(request, episode.familyId);
  await audit(pool, request, { action: 'read', entityType: 'episode', entityId: id });
  return episode;
}
