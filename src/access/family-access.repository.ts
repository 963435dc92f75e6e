import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { Involvement, InvolvementBasis, InvolvementEndReason } from './involvement';

/**
 * How much of a family a caller reads:
 * - `case`: the whole case record (episodes, EHAs, plans, notes, chronology): an active `consent`,
 *   `lead` or `taf_member` involvement while an information-sharing consent names the
 *   organisation. After a closure the Lead Professional's organisation keeps, for a while and
 *   still only while consent covers it, the records of the closed episode alone (see familyRuleSql).
 * - `episode`: `case`, or an active allocation: the family, its members, the episode and its MARF.
 * - `family`: `episode`, or the organisation recorded the family itself (`recorder`): the family
 *   record, the members it added itself, its consents. (An EHA or note it wrote shows only that.)
 */
export type AccessLevel = 'family' | 'episode' | 'case';

/** A WHERE fragment and its parameters, for callers building their own SQL. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * True when the import that brought in the consent (no recording user) also created its family:
 * an import never opens access to a live record it did not create, so a consent attached by
 * legacy id to a family that an earlier import (or a person) created shares nothing.
 */
const CONSENT_FROM_FAMILYS_IMPORT = (consentIdColumn: string, familyIdColumn: string) =>
  `EXISTS (SELECT 1 FROM import_legacy_ids access_lc JOIN import_legacy_ids access_lf
                  ON access_lf.import_id = access_lc.import_id AND access_lf.kind = 'family'
                 AND access_lf.record_id = ${familyIdColumn} AND NOT access_lf.matched_existing
            WHERE access_lc.kind = 'consent' AND access_lc.record_id = ${consentIdColumn})`;

/**
 * The family access rule in SQL, for an organisation-scoped reader (practitioner, manager):
 * true when the family in `familyIdColumn` is visible at `level`. `org` and `today` are SQL
 * expressions (placeholders); `graceDays` how long a closed episode's Lead Professional's
 * organisation keeps reading it for closing work.
 *
 * `episodeColumn`: for a record that belongs to an episode (the episode itself, its EHAs, TAF
 * plan, case notes, documents...), that episode's id. It scopes the two bases that show one
 * episode rather than the family's whole case record:
 * - an allocation shows the episode it allocated, not the family's other episodes;
 * - closing work (domain.md: the Lead Professional's organisation "keeps read access to the closed
 *   episode ... for closing work; nothing else"): a `lead` row ended by its episode's closure shows,
 *   for `graceDays` and only while consent covers the organisation, the records of that episode.
 *   Without an episode column, closing work shows the family record and its members (`family` and
 *   `episode` levels: enough to contact the family), never a family-wide case read (`case` level:
 *   the chronology, the family's MARFs, writing a new TAF plan), which would include what a later
 *   episode, led by others, recorded.
 */
export function familyRuleSql(
  familyIdColumn: string,
  org: string,
  today: string,
  level: AccessLevel,
  graceDays: number,
  episodeColumn?: string,
) {
  // A scalar subquery rather than EXISTS: PostgreSQL probes each candidate family's consents by
  // index instead of hashing every consent naming the organisation (bench:api).
  const covered = `coalesce((SELECT true FROM consents access_c
       WHERE access_c.family_id = ${familyIdColumn} AND access_c.withdrawn_at IS NULL
         AND access_c.given_on <= ${today}
         AND 'information_sharing' = ANY (access_c.scopes) AND ${org} = ANY (access_c.organisation_ids)
         AND (access_c.recorded_by_user_id IS NOT NULL OR ${CONSENT_FROM_FAMILYS_IMPORT('access_c.id', familyIdColumn)})
       LIMIT 1), false)`;
  // Closing work: the lead row its episode's closure ended, scoped to that episode (see above).
  const closingScope = episodeColumn ? `access_i.episode_id = ${episodeColumn}` : level === 'case' ? null : 'TRUE';
  const closingWork =
    closingScope === null
      ? ''
      : `
              OR (access_i.basis = 'lead' AND access_i.end_reason = 'episode_closed'
                  AND access_i.ended_on + ${Math.trunc(graceDays)} > ${today} AND ${closingScope})`;
  // The coalesce bound is implied by the conditions after it; it lets PostgreSQL read only the
  // organisation's live (and just-closed) rows from family_involvements_case_idx rather than all
  // of them (a school's ended involvements outnumber its live ones many times: bench:api).
  const endedAfter = closingWork ? `${today} - ${Math.trunc(graceDays)}` : today;
  const caseSql = `(EXISTS (SELECT 1 FROM family_organisation_involvements access_i
       WHERE access_i.family_id = ${familyIdColumn} AND access_i.organisation_id = ${org}
         AND access_i.basis IN ('consent', 'lead', 'taf_member') AND access_i.started_on <= ${today}
         AND coalesce(access_i.ended_on, 'infinity'::date) > ${endedAfter}
         AND (access_i.ended_on IS NULL OR access_i.ended_on > ${today}${closingWork}))
     AND ${covered})`;
  const allocationSql = `EXISTS (SELECT 1 FROM family_organisation_involvements access_a
       WHERE access_a.family_id = ${familyIdColumn} AND access_a.organisation_id = ${org}
         AND access_a.basis = 'allocation' AND access_a.started_on <= ${today}
         AND (access_a.ended_on IS NULL OR access_a.ended_on > ${today}) AND access_a.lapses_on > ${today}${
           // An allocation shows the episode it allocated, not the family's other episodes (domain.md's basis table).
           episodeColumn ? ` AND access_a.episode_id = ${episodeColumn}` : ''
         })`;
  // `recorder` of the family record itself: the organisation that created it (an EHA or a note
  // it wrote shows that record only, not the family).
  const recorderSql = `EXISTS (SELECT 1 FROM families access_f
       WHERE access_f.id = ${familyIdColumn} AND access_f.created_by_organisation_id = ${org})`;
  const parts =
    level === 'case'
      ? [caseSql]
      : level === 'episode'
        ? [allocationSql, caseSql]
        : [allocationSql, recorderSql, caseSql];
  return `(${parts.join(' OR ')})`;
}

/**
 * True when the person in `personIdColumn` is visible (at least their demographics): the
 * organisation recorded them, or they are a member of a family visible at `episode` level, or a
 * member the organisation added of a family visible at `family` level.
 */
export function personRuleSql(personIdColumn: string, org: string, today: string, graceDays: number) {
  const episode = familyRuleSql('access_m.family_id', org, today, 'episode', graceDays);
  const family = familyRuleSql('access_m.family_id', org, today, 'family', graceDays);
  return `(EXISTS (SELECT 1 FROM persons access_p WHERE access_p.id = ${personIdColumn}
                    AND access_p.created_by_organisation_id = ${org})
           OR EXISTS (SELECT 1 FROM family_members access_m WHERE access_m.person_id = ${personIdColumn}
                       AND ${episode})
           OR EXISTS (SELECT 1 FROM family_members access_m JOIN users access_u ON access_u.id = access_m.added_by_user_id
                       WHERE access_m.person_id = ${personIdColumn} AND access_u.organisation_id = ${org}
                         AND ${family}))`;
}

/**
 * True when the caller reads the person's whole record and may edit it: the organisation
 * recorded the person, or one of the person's families is visible at `episode` level other than
 * by closing work.
 */
export function personRecordRuleSql(personIdColumn: string, org: string, today: string) {
  // No closing work here: it is read access to the closed episode (domain.md), so during it the
  // Lead Professional's organisation sees the members' demographics (personRuleSql) but edits none.
  const episode = familyRuleSql('access_m.family_id', org, today, 'episode', 0);
  return `(EXISTS (SELECT 1 FROM persons access_p WHERE access_p.id = ${personIdColumn}
                    AND access_p.created_by_organisation_id = ${org})
           OR EXISTS (SELECT 1 FROM family_members access_m WHERE access_m.person_id = ${personIdColumn}
                       AND ${episode}))`;
}

/**
 * True when a record of the family in `familyIdColumn` (an EHA, a case note, a TAF plan, an
 * episode) is visible: the family is visible at `level`, or the organisation recorded the record
 * itself (`recorder`: `recorderOrganisationSql` is the organisation that recorded it, or NULL).
 */
export function recordRuleSql(
  familyIdColumn: string,
  recorderOrganisationSql: string,
  org: string,
  today: string,
  level: AccessLevel,
  graceDays: number,
  /** The episode the record belongs to (familyRuleSql's `episodeColumn`), when it belongs to one. */
  episodeColumn?: string,
) {
  return `(coalesce(${recorderOrganisationSql} = ${org}, false) OR ${familyRuleSql(familyIdColumn, org, today, level, graceDays, episodeColumn)})`;
}

/** An involvement as `endInvolvements` ended it. */
export interface EndedInvolvement {
  id: string;
  organisation_id: string;
  basis: string;
}

/** The SQL behind the family access rule and the involvements it rests on (FamilyAccessService decides). */
@Injectable()
export class FamilyAccessRepository {
  constructor(private readonly db: DatabaseService) {}

  /** The value of `condition` (placeholders from `$2`) for `id` in `$1`. */
  async holds(id: string, condition: SqlCondition): Promise<boolean> {
    const [row] = await this.db.query<{ ok: boolean }>(`SELECT ${condition.sql} AS ok`, [id, ...condition.params]);
    return row?.ok === true;
  }

  /** The value of `condition` with `values` as its first placeholders (the condition's own after them). */
  async holdsFor(values: readonly unknown[], condition: SqlCondition): Promise<boolean> {
    const [row] = await this.db.query<{ ok: boolean }>(`SELECT ${condition.sql} AS ok`, [
      ...values,
      ...condition.params,
    ]);
    return row?.ok === true;
  }

  /**
   * Whether the row `id` of `table` exists, and whether `visible` holds for it: its placeholders
   * follow `$1` (the id) and the `extra` values.
   */
  async existsAndVisible(table: 'families' | 'persons', id: string, visible: SqlCondition, extra: unknown[] = []) {
    const [row] = await this.db.query<{ visible: boolean }>(
      `SELECT ${visible.sql} AS visible FROM ${table} WHERE id = $1`,
      [id, ...extra, ...visible.params],
    );
    return { exists: row !== undefined, visible: row?.visible === true };
  }

  /**
   * Starts an involvement on `today` unless an open one of the same family, organisation, basis
   * and episode exists; the new row's id, or undefined.
   */
  async insertInvolvementUnlessOpen(
    familyId: string,
    organisationId: string,
    basis: InvolvementBasis,
    episodeId: string | null,
    today: string,
    lapsesOn: string | null,
  ): Promise<string | undefined> {
    const inserted = await this.db.query<{ id: string }>(
      `INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, lapses_on)
       SELECT $1, $2, $3, $4, $5, $6
        WHERE NOT EXISTS (SELECT 1 FROM family_organisation_involvements
                           WHERE family_id = $1 AND organisation_id = $2 AND basis = $3
                             AND episode_id IS NOT DISTINCT FROM $4::uuid
                             AND (ended_on IS NULL OR ended_on > $5::date)
                             AND (lapses_on IS NULL OR lapses_on > $5::date))
       RETURNING id`,
      [familyId, organisationId, basis, episodeId, today, lapsesOn],
    );
    return inserted[0]?.id;
  }

  /** Reopens the organisation's consent involvement a withdrawal or narrowing ended on `today`, if any. */
  async reopenConsentEndedOn(familyId: string, organisationId: string, today: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `UPDATE family_organisation_involvements SET ended_on = NULL, end_reason = NULL
        WHERE id = (SELECT id FROM family_organisation_involvements
                     WHERE family_id = $1 AND organisation_id = $2 AND basis = 'consent' AND ended_on = $3::date
                       AND end_reason IN ('consent_withdrawn', 'consent_narrowed')
                       AND NOT EXISTS (SELECT 1 FROM family_organisation_involvements o
                                        WHERE o.family_id = $1 AND o.organisation_id = $2 AND o.basis = 'consent'
                                          AND o.ended_on IS NULL)
                     ORDER BY started_on DESC LIMIT 1)
        RETURNING id`,
      [familyId, organisationId, today],
    );
    return row?.id;
  }

  /** `days` working days after `date`. */
  async addWorkingDays(date: string, days: number): Promise<string> {
    const [row] = await this.db.query<{ lapses_on: string }>(
      `SELECT eh_add_working_days($1::date, $2)::text AS lapses_on`,
      [date, days],
    );
    return row!.lapses_on;
  }

  /** When the open, unlapsed allocation of the episode to the organisation lapses, if there is one. */
  async openAllocationLapse(familyId: string, organisationId: string, episodeId: string, today: string) {
    const [open] = await this.db.query<{ lapses_on: string }>(
      `SELECT lapses_on::text FROM family_organisation_involvements
        WHERE family_id = $1 AND organisation_id = $2 AND basis = 'allocation' AND episode_id = $3
          AND ended_on IS NULL AND lapses_on > $4::date`,
      [familyId, organisationId, episodeId, today],
    );
    return open?.lapses_on;
  }

  /** Whether a live information-sharing consent of the family names the organisation. */
  async consentNames(familyId: string, organisationId: string, today: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM consents WHERE family_id = $1 AND withdrawn_at IS NULL AND given_on <= $3::date
          AND 'information_sharing' = ANY (scopes) AND $2::uuid = ANY (organisation_ids)
          AND (recorded_by_user_id IS NOT NULL OR ${CONSENT_FROM_FAMILYS_IMPORT('consents.id', '$1::uuid')}) LIMIT 1`,
      [familyId, organisationId, today],
    );
    return rows.length > 0;
  }

  /**
   * Whether a live information-sharing consent of the family, other than what was just withdrawn
   * or narrowed, still carries the organisation's open `consent` involvement. A consent recorded
   * before that involvement started does not: its own sharing had ended (an episode closure ends
   * consent involvements, and a consent recorded while one was open would have kept it open), so
   * the sharing open now rests on later consents only (domain.md: "Withdrawing consent stops
   * sharing at once for every organisation whose access rested on it"). An imported consent was
   * recorded on the date it was given.
   */
  async consentStillShares(familyId: string, organisationId: string, today: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM consents c
        WHERE c.family_id = $1 AND c.withdrawn_at IS NULL AND c.given_on <= $3::date
          AND 'information_sharing' = ANY (c.scopes) AND $2::uuid = ANY (c.organisation_ids)
          AND (c.recorded_by_user_id IS NOT NULL OR ${CONSENT_FROM_FAMILYS_IMPORT('c.id', '$1::uuid')})
          AND NOT EXISTS (SELECT 1 FROM family_organisation_involvements i
                           WHERE i.family_id = $1 AND i.organisation_id = $2 AND i.basis = 'consent'
                             AND (i.ended_on IS NULL OR i.ended_on > $3::date)
                             AND i.started_on > CASE WHEN c.recorded_by_user_id IS NULL THEN c.given_on
                                                     ELSE (c.created_at AT TIME ZONE 'Europe/London')::date END)
        LIMIT 1`,
      [familyId, organisationId, today],
    );
    return rows.length > 0;
  }

  /** Reopens what closing the episode on `closedOn` ended; the ids reopened. */
  async reopenEndedByClosure(familyId: string, episodeId: string, closedOn: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE family_organisation_involvements SET ended_on = NULL, end_reason = NULL
        WHERE family_id = $1 AND end_reason = 'episode_closed' AND ended_on = $3::date
          AND (episode_id IS NULL OR episode_id = $2)
        RETURNING id`,
      [familyId, episodeId, closedOn],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Ends on `on` the open involvements that match: `bases`, the organisations (all when null),
   * the episode's and the family-wide ones (all when `episodeId` is null).
   */
  endOpen(filter: {
    familyId: string;
    bases: readonly InvolvementBasis[];
    reason: InvolvementEndReason;
    organisationIds: readonly string[] | null;
    episodeId: string | null;
    on: string;
  }): Promise<EndedInvolvement[]> {
    return this.db.query<EndedInvolvement>(
      `UPDATE family_organisation_involvements SET ended_on = greatest(started_on, $4::date), end_reason = $5
        WHERE family_id = $1 AND basis = ANY($2::text[]) AND (ended_on IS NULL OR ended_on > $4::date)
          AND ($3::uuid[] IS NULL OR organisation_id = ANY($3::uuid[]))
          AND ($6::uuid IS NULL OR episode_id IS NULL OR episode_id = $6::uuid)
        RETURNING id, organisation_id, basis`,
      [filter.familyId, filter.bases, filter.organisationIds, filter.on, filter.reason, filter.episodeId],
    );
  }

  /**
   * The bulk form, for imports of historical records: each involvement starts (and ends) when the
   * work did, and the import audits its batches rather than every row. Only families an import
   * created are given involvements: an import never opens access to a live record.
   */
  async insertImported(
    involvements: readonly Involvement[],
    options: { familiesJustInserted?: boolean; importId?: string; today: string; lapseWorkingDays: number },
  ): Promise<void> {
    if (involvements.length === 0) return;
    await this.db.query(
      `INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, ended_on,
                                                     end_reason, lapses_on)
       SELECT x.family_id, x.organisation_id, x.basis, x.episode_id, x.started_on,
              CASE WHEN x.ended_on IS NULL THEN NULL ELSE greatest(x.started_on, x.ended_on) END, x.end_reason,
              CASE WHEN x.basis = 'allocation' THEN coalesce(x.lapses_on, eh_add_working_days(x.started_on, $3)) END
         FROM (SELECT DISTINCT ON (y.family_id, y.organisation_id, y.basis, y.episode_id,
                                   CASE WHEN y.basis IN ('referrer', 'recorder') THEN NULL ELSE y.started_on END) y.*
                 FROM (SELECT r.family_id, r.organisation_id, r.basis, r.episode_id,
                              coalesce((r.since AT TIME ZONE 'Europe/London')::date, $2::date) AS started_on,
                              (r.until AT TIME ZONE 'Europe/London')::date AS ended_on, r.end_reason, r.lapses_on
                         FROM jsonb_to_recordset($1::jsonb) AS r(family_id uuid, organisation_id uuid, basis text,
                                                                 episode_id uuid, since timestamptz, until timestamptz,
                                                                 end_reason text, lapses_on date)) y
                ORDER BY y.family_id, y.organisation_id, y.basis, y.episode_id,
                         CASE WHEN y.basis IN ('referrer', 'recorder') THEN NULL ELSE y.started_on END, y.started_on) x
        WHERE ($4::boolean OR EXISTS (SELECT 1 FROM import_legacy_ids l
                       WHERE l.kind = 'family' AND l.record_id = x.family_id AND NOT l.matched_existing
                         AND l.import_id = $5::uuid))
          AND NOT EXISTS (SELECT 1 FROM family_organisation_involvements i
                           WHERE i.family_id = x.family_id AND i.organisation_id = x.organisation_id
                             AND i.basis = x.basis AND i.episode_id IS NOT DISTINCT FROM x.episode_id
                             AND (i.started_on = x.started_on OR i.basis IN ('referrer', 'recorder')))`,
      [
        JSON.stringify(
          involvements.map((i) => ({
            family_id: i.familyId,
            organisation_id: i.organisationId,
            basis: i.basis,
            episode_id: i.episodeId ?? null,
            since: i.since,
            until: i.until ?? null,
            end_reason: i.until ? (i.endReason ?? null) : null,
            lapses_on: i.lapsesOn ?? null,
          })),
        ),
        options.today,
        options.lapseWorkingDays,
        options.familiesJustInserted === true,
        options.importId ?? null,
      ],
    );
  }

  /**
   * After an import: the access-giving involvements it derived for its families end when the
   * family's episode closed, as closing one here would have ended them (records arrive in any
   * order, so this runs once all are in). Consent and allocation end at the first closure on or
   * after their start; lead and TAF rows already end with their own episode.
   */
  async endImportedByClosures(importId: string): Promise<void> {
    // An allocation became consent when a consent naming the organisation started after it.
    await this.db.query(
      `UPDATE family_organisation_involvements i SET ended_on = c.started_on, end_reason = 'consent_recorded'
         FROM import_legacy_ids l, family_organisation_involvements c
        WHERE l.import_id = $1 AND l.kind = 'family' AND NOT l.matched_existing AND l.record_id = i.family_id
          AND i.basis = 'allocation' AND c.family_id = i.family_id AND c.organisation_id = i.organisation_id
          AND c.basis = 'consent' AND c.started_on >= i.started_on
          AND (i.ended_on IS NULL OR i.ended_on > c.started_on)`,
      [importId],
    );
    await this.db.query(
      `WITH closure AS (
         SELECT i.id, (SELECT min(e.closed_on) FROM episodes e
                        WHERE e.family_id = i.family_id AND e.closed_on >= i.started_on
                          AND (i.episode_id IS NULL OR e.id = i.episode_id)) AS closed_on
           FROM family_organisation_involvements i JOIN import_legacy_ids l
                ON l.import_id = $1 AND l.kind = 'family' AND NOT l.matched_existing AND l.record_id = i.family_id
          WHERE i.basis IN ('allocation', 'consent', 'lead', 'taf_member'))
       UPDATE family_organisation_involvements i SET ended_on = closure.closed_on, end_reason = 'episode_closed'
         FROM closure
        WHERE closure.id = i.id AND closure.closed_on IS NOT NULL
          AND (i.ended_on IS NULL OR i.ended_on > closure.closed_on)`,
      [importId],
    );
  }
}
