import { Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { requestContext } from '../platform/context/request-context';
import { DatabaseService } from '../platform/database/database.service';
import { endImportedInvolvementsByClosures, insertImportedInvolvements } from './imported-involvements';
import type { Involvement, InvolvementBasis, InvolvementEndReason } from './involvement';

export { INVOLVEMENT_BASES, type Involvement, type InvolvementBasis, type InvolvementEndReason } from './involvement';

/**
 * How much of a family a caller reads:
 * - `case`: the whole case record (episodes, EHAs, plans, notes, chronology): an active `consent`,
 *   `lead` or `taf_member` involvement while an information-sharing consent names the
 *   organisation (the Lead Professional's organisation keeps this for a while after closure).
 * - `episode`: `case`, or an active allocation: the family, its members, the episode and its MARF.
 * - `family`: `episode`, or the organisation recorded the family itself (`recorder`): the family
 *   record, the members it added itself, its consents. (An EHA or note it wrote shows only that.)
 */
export type AccessLevel = 'family' | 'episode' | 'case';

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

/** A WHERE fragment and its parameters, for callers building their own SQL. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * The one place that decides which families (and so which people) a caller may see, as a
 * function of (the caller's organisation and role, the family, today). Today comes from Clock as
 * a parameter, never from the database's clock, so lapses and ends are evaluated at query time
 * and tests can move time. Single reads (`assertCanReadFamily`), lists and searches
 * (`visibleFamilyCondition`) use the same SQL.
 *
 * - `mash`, and social care practitioners: every family (statutory duty; reads are audited).
 * - `practitioner`, `manager`: by their organisation's involvements (see AccessLevel).
 * - `analyst`, `admin`, `auditor`, `social_care_system`: no family or person records.
 */
@Injectable()
export class FamilyAccessService {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * SQL that is true when the family in `familyIdColumn` is visible to `user` at `level`.
   * Placeholders are numbered from `firstParam` (`$n`, two of them: organisation and today), so
   * the fragment composes with the caller's own.
   */
  visibleFamilyCondition(user: AuthUser, familyIdColumn: string, firstParam = 1, level: AccessLevel = 'family') {
    if (this.policy.readsEveryFamily(user)) return { sql: 'TRUE', params: [] } as SqlCondition;
    if (!this.policy.hasAnyRole(user, 'practitioner', 'manager')) return { sql: 'FALSE', params: [] } as SqlCondition;
    const org = `$${firstParam}::uuid`;
    const today = `$${firstParam + 1}::date`;
    const graceDays = Math.trunc(this.config.closedEpisodeLeadReadDays);
    // A scalar subquery rather than EXISTS: PostgreSQL probes each candidate family's consents by
    // index instead of hashing every consent naming the organisation (bench:api).
    const covered = `coalesce((SELECT true FROM consents access_c
         WHERE access_c.family_id = ${familyIdColumn} AND access_c.withdrawn_at IS NULL
           AND access_c.given_on <= ${today}
           AND 'information_sharing' = ANY (access_c.scopes) AND ${org} = ANY (access_c.organisation_ids)
           AND (access_c.recorded_by_user_id IS NOT NULL OR ${CONSENT_FROM_FAMILYS_IMPORT('access_c.id', familyIdColumn)})
         LIMIT 1), false)`;
    const caseSql = `(EXISTS (SELECT 1 FROM family_organisation_involvements access_i
         WHERE access_i.family_id = ${familyIdColumn} AND access_i.organisation_id = ${org}
           AND access_i.basis IN ('consent', 'lead', 'taf_member') AND access_i.started_on <= ${today}
           AND (access_i.ended_on IS NULL OR access_i.ended_on > ${today}
                OR (access_i.basis = 'lead' AND access_i.end_reason = 'episode_closed'
                    AND access_i.ended_on + ${graceDays} > ${today})))
       AND ${covered})`;
    const allocationSql = `EXISTS (SELECT 1 FROM family_organisation_involvements access_a
         WHERE access_a.family_id = ${familyIdColumn} AND access_a.organisation_id = ${org}
           AND access_a.basis = 'allocation' AND access_a.started_on <= ${today}
           AND (access_a.ended_on IS NULL OR access_a.ended_on > ${today}) AND access_a.lapses_on > ${today})`;
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
    return { sql: `(${parts.join(' OR ')})`, params: [user.organisationId, this.clock.today()] } as SqlCondition;
  }

  /** The case-record level of visibleFamilyCondition: EHAs, plans, notes, chronology. */
  visibleCaseCondition(user: AuthUser, familyIdColumn: string, firstParam = 1): SqlCondition {
    return this.visibleFamilyCondition(user, familyIdColumn, firstParam, 'case');
  }

  /**
   * SQL true when the person in `personIdColumn` is visible (at least their demographics): their
   * organisation recorded them, or they are a member of a family visible at `family` level whom
   * the organisation added, or of a family visible at `episode` level.
   */
  visiblePersonCondition(user: AuthUser, personIdColumn: string, firstParam = 1): SqlCondition {
    if (this.policy.readsEveryFamily(user)) return { sql: 'TRUE', params: [] };
    if (!this.policy.hasAnyRole(user, 'practitioner', 'manager')) return { sql: 'FALSE', params: [] };
    const org = `$${firstParam}::uuid`;
    const episode = this.visibleFamilyCondition(user, 'access_m.family_id', firstParam, 'episode');
    const family = this.visibleFamilyCondition(user, 'access_m.family_id', firstParam, 'family');
    return {
      sql: `(EXISTS (SELECT 1 FROM persons access_p WHERE access_p.id = ${personIdColumn}
                      AND access_p.created_by_organisation_id = ${org})
             OR EXISTS (SELECT 1 FROM family_members access_m WHERE access_m.person_id = ${personIdColumn}
                         AND ${episode.sql})
             OR EXISTS (SELECT 1 FROM family_members access_m JOIN users access_u ON access_u.id = access_m.added_by_user_id
                         WHERE access_m.person_id = ${personIdColumn} AND access_u.organisation_id = ${org}
                           AND ${family.sql}))`,
      params: episode.params,
    };
  }

  /**
   * SQL true when the caller reads the person's whole record (not only demographics) and may edit
   * it: their organisation recorded the person, or has an active involvement other than
   * `recorder`/`referrer` (allocation, or case level) with one of the person's families.
   */
  personRecordCondition(user: AuthUser, personIdColumn: string, firstParam = 1): SqlCondition {
    if (this.policy.readsEveryFamily(user)) return { sql: 'TRUE', params: [] };
    if (!this.policy.hasAnyRole(user, 'practitioner', 'manager')) return { sql: 'FALSE', params: [] };
    const episode = this.visibleFamilyCondition(user, 'access_m.family_id', firstParam, 'episode');
    return {
      sql: `(EXISTS (SELECT 1 FROM persons access_p WHERE access_p.id = ${personIdColumn}
                      AND access_p.created_by_organisation_id = $${firstParam}::uuid)
             OR EXISTS (SELECT 1 FROM family_members access_m WHERE access_m.person_id = ${personIdColumn}
                         AND ${episode.sql}))`,
      params: episode.params,
    };
  }

  /**
   * 404 when the family does not exist or the caller may not see it at `level`: the two look the
   * same, so a refusal leaks nothing. A refusal of an existing family is audited as `read_denied`.
   */
  assertCanReadFamily(user: AuthUser, familyId: string, level: AccessLevel = 'family'): Promise<void> {
    return this.assertVisible('family', 'families', familyId, this.visibleFamilyCondition(user, '$1::uuid', 2, level));
  }

  /** The case record of the family (EHAs, plans, notes, chronology). */
  assertCanReadCase(user: AuthUser, familyId: string): Promise<void> {
    return this.assertCanReadFamily(user, familyId, 'case');
  }

  assertCanReadPerson(user: AuthUser, personId: string): Promise<void> {
    return this.assertVisible('person', 'persons', personId, this.visiblePersonCondition(user, '$1::uuid', 2));
  }

  /** Whether the caller reads the person's whole record and may edit it (see personRecordCondition). */
  async canEditPerson(user: AuthUser, personId: string): Promise<boolean> {
    const condition = this.personRecordCondition(user, '$1::uuid', 2);
    if (condition.params.length === 0) return condition.sql === 'TRUE';
    const [row] = await this.db.query<{ ok: boolean }>(`SELECT ${condition.sql} AS ok`, [
      personId,
      ...condition.params,
    ]);
    return row?.ok === true;
  }

  /** Whether the caller sees the family at `level` (no audit, no exception). */
  async canReadFamily(user: AuthUser, familyId: string, level: AccessLevel = 'family'): Promise<boolean> {
    const condition = this.visibleFamilyCondition(user, '$1::uuid', 2, level);
    if (condition.params.length === 0) return condition.sql === 'TRUE';
    const [row] = await this.db.query<{ ok: boolean }>(`SELECT ${condition.sql} AS ok`, [
      familyId,
      ...condition.params,
    ]);
    return row?.ok === true;
  }

  /** Whether the caller's access to the family rests only on `recorder` (it sees what it recorded itself). */
  async readsOnlyAsRecorder(user: AuthUser, familyId: string): Promise<boolean> {
    if (this.policy.readsEveryFamily(user)) return false;
    return !(await this.canReadFamily(user, familyId, 'episode'));
  }

  /** Whether the record exists and whether the caller may see it, in one statement. */
  private async assertVisible(entityType: string, table: string, id: string, visible: SqlCondition): Promise<void> {
    const [row] = await this.db.query<{ visible: boolean }>(
      `SELECT ${visible.sql} AS visible FROM ${table} WHERE id = $1`,
      [id, ...visible.params],
    );
    if (row?.visible) return;
    if (row) await this.recordDenial(entityType, id);
    throw new NotFoundException(`No ${entityType} with id ${id}`);
  }

  /**
   * Starts an involvement today (Clock). Idempotent: an open involvement of the same family,
   * organisation, basis and episode is kept, not duplicated.
   */
  async addInvolvement(
    familyId: string,
    organisationId: string,
    basis: InvolvementBasis,
    options: { episodeId?: string | null; lapsesOn?: string | null } = {},
  ): Promise<string | undefined> {
    return this.db.transaction(async () => {
      const today = this.clock.today();
      const inserted = await this.db.query<{ id: string }>(
        `INSERT INTO family_organisation_involvements (family_id, organisation_id, basis, episode_id, started_on, lapses_on)
         SELECT $1, $2, $3, $4, $5, $6
          WHERE NOT EXISTS (SELECT 1 FROM family_organisation_involvements
                             WHERE family_id = $1 AND organisation_id = $2 AND basis = $3
                               AND episode_id IS NOT DISTINCT FROM $4::uuid
                               AND (ended_on IS NULL OR ended_on > $5::date)
                               AND (lapses_on IS NULL OR lapses_on > $5::date))
         RETURNING id`,
        [familyId, organisationId, basis, options.episodeId ?? null, today, options.lapsesOn ?? null],
      );
      if (inserted.length === 0) return undefined;
      await this.audit.record({
        action: 'create',
        entityType: 'family_involvement',
        entityId: inserted[0]!.id,
        details: { familyId, organisationId, basis, episodeId: options.episodeId ?? null },
      });
      return inserted[0]!.id;
    });
  }

  /**
   * The MASH hand-off: the lead organisation of an early-help decision (or a step-down) is
   * allocated the episode, which lets it read the family, its members, the episode and its MARF
   * while it seeks consent. It lapses after ALLOCATION_LAPSE_WORKING_DAYS working days without
   * consent. When an information-sharing consent already names the organisation, the allocation
   * is at once a `consent` involvement (lapsesOn null).
   */
  async allocate(
    familyId: string,
    organisationId: string,
    episodeId: string,
  ): Promise<{ organisationId: string; lapsesOn: string | null }> {
    const today = this.clock.today();
    if (await this.consentNames(familyId, organisationId, today)) {
      await this.addInvolvement(familyId, organisationId, 'consent');
      return { organisationId, lapsesOn: null };
    }
    const [row] = await this.db.query<{ lapses_on: string }>(
      `SELECT eh_add_working_days($1::date, $2)::text AS lapses_on`,
      [today, this.config.allocationLapseWorkingDays],
    );
    const lapsesOn = row!.lapses_on;
    const [open] = await this.db.query<{ lapses_on: string }>(
      `SELECT lapses_on::text FROM family_organisation_involvements
        WHERE family_id = $1 AND organisation_id = $2 AND basis = 'allocation' AND episode_id = $3
          AND ended_on IS NULL AND lapses_on > $4::date`,
      [familyId, organisationId, episodeId, today],
    );
    if (open) return { organisationId, lapsesOn: open.lapses_on };
    await this.addInvolvement(familyId, organisationId, 'allocation', { episodeId, lapsesOn });
    return { organisationId, lapsesOn };
  }

  /** Whether a live information-sharing consent of the family names the organisation. */
  private async consentNames(familyId: string, organisationId: string, today: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM consents WHERE family_id = $1 AND withdrawn_at IS NULL AND given_on <= $3::date
          AND 'information_sharing' = ANY (scopes) AND $2::uuid = ANY (organisation_ids)
          AND (recorded_by_user_id IS NOT NULL OR ${CONSENT_FROM_FAMILYS_IMPORT('consents.id', '$1::uuid')}) LIMIT 1`,
      [familyId, organisationId, today],
    );
    return rows.length > 0;
  }

  /**
   * A consent was recorded (or widened) naming these organisations: each gets a `consent`
   * involvement from today, and an allocation of theirs becomes it (ends, `consent_recorded`).
   */
  async consentGiven(familyId: string, organisationIds: readonly string[]): Promise<void> {
    for (const organisationId of new Set(organisationIds)) {
      await this.addInvolvement(familyId, organisationId, 'consent');
    }
    await this.endInvolvements({ familyId, bases: ['allocation'], reason: 'consent_recorded', organisationIds });
  }

  /**
   * A consent was withdrawn, or no longer names these organisations: their `consent` involvements
   * end today, unless another live consent of the family still names them. Lead and TAF access
   * needs a live consent too, so it stops with this in the same transaction.
   */
  async consentEnded(
    familyId: string,
    organisationIds: readonly string[],
    reason: 'consent_withdrawn' | 'consent_narrowed',
  ): Promise<void> {
    const today = this.clock.today();
    const stillNamed: string[] = [];
    for (const organisationId of new Set(organisationIds)) {
      if (await this.consentNames(familyId, organisationId, today)) stillNamed.push(organisationId);
    }
    const ending = organisationIds.filter((id) => !stillNamed.includes(id));
    if (ending.length === 0) return;
    await this.endInvolvements({ familyId, bases: ['consent'], reason, organisationIds: ending });
  }

  /** Undoes what closing the episode ended (a closure made in error). */
  async reopenInvolvements(familyId: string, episodeId: string, closedOn: string | null): Promise<void> {
    if (!closedOn) return;
    const reopened = await this.db.query<{ id: string }>(
      `UPDATE family_organisation_involvements SET ended_on = NULL, end_reason = NULL
        WHERE family_id = $1 AND end_reason = 'episode_closed' AND ended_on = $3::date
          AND (episode_id IS NULL OR episode_id = $2)
        RETURNING id`,
      [familyId, episodeId, closedOn],
    );
    for (const row of reopened) {
      await this.audit.record({
        action: 'reopen',
        entityType: 'family_involvement',
        entityId: row.id,
        details: { episodeId },
      });
    }
  }

  /**
   * The bulk form, for imports of historical records: each involvement starts (and ends) when the
   * work did. Only for families the import itself created (see imported-involvements.ts).
   */
  addInvolvements(
    involvements: readonly Involvement[],
    options: { familiesJustInserted?: boolean; importId?: string } = {},
  ): Promise<void> {
    return insertImportedInvolvements(this.db, involvements, {
      ...options,
      today: this.clock.today(),
      lapseWorkingDays: this.config.allocationLapseWorkingDays,
    });
  }

  /** After an import: see imported-involvements.ts. */
  endImportedInvolvementsByClosures(importId: string): Promise<void> {
    return endImportedInvolvementsByClosures(this.db, importId);
  }

  /**
   * Ends the open involvements that match (today, by Clock), in the caller's transaction, each
   * audited. `bases` limits which; `episodeId` limits to those of one episode (and the family-wide
   * ones, e.g. consent, when `includeFamilyWide`).
   */
  async endInvolvements(filter: {
    familyId: string;
    bases: readonly InvolvementBasis[];
    reason: InvolvementEndReason;
    organisationIds?: readonly string[];
    episodeId?: string;
    on?: string;
  }): Promise<number> {
    return this.db.transaction(async () => {
      const on = filter.on ?? this.clock.today();
      const ended = await this.db.query<{ id: string; organisation_id: string; basis: string }>(
        `UPDATE family_organisation_involvements SET ended_on = greatest(started_on, $4::date), end_reason = $5
          WHERE family_id = $1 AND basis = ANY($2::text[]) AND (ended_on IS NULL OR ended_on > $4::date)
            AND ($3::uuid[] IS NULL OR organisation_id = ANY($3::uuid[]))
            AND ($6::uuid IS NULL OR episode_id IS NULL OR episode_id = $6::uuid)
          RETURNING id, organisation_id, basis`,
        [filter.familyId, filter.bases, filter.organisationIds ?? null, on, filter.reason, filter.episodeId ?? null],
      );
      for (const row of ended) {
        await this.audit.record({
          action: 'end',
          entityType: 'family_involvement',
          entityId: row.id,
          details: {
            familyId: filter.familyId,
            organisationId: row.organisation_id,
            basis: row.basis,
            reason: filter.reason,
          },
        });
      }
      return ended.length;
    });
  }

  /** Kept for callers of the old signature: ends one organisation's open involvements on a basis. */
  async endInvolvement(familyId: string, organisationId: string, basis: InvolvementBasis): Promise<void> {
    const reason: InvolvementEndReason = basis === 'taf_member' ? 'membership_ended' : 'assignment_ended';
    await this.endInvolvements({ familyId, bases: [basis], reason, organisationIds: [organisationId] });
  }

  /**
   * Outside any open transaction: the request is about to fail, and its rollback must not take
   * the record of the refusal with it.
   */
  private recordDenial(entityType: string, entityId: string): Promise<void> {
    return requestContext.with({ manager: undefined }, () =>
      this.audit.record({ action: 'read_denied', entityType, entityId, outcome: 'denied' }),
    );
  }
}
