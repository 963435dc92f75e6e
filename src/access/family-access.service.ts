import { Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { auditDespiteRollback } from '../platform/audit/audit-despite-rollback';
import { DatabaseService } from '../platform/database/database.service';
import {
  type AccessLevel,
  FamilyAccessRepository,
  familyRuleSql,
  personRecordRuleSql,
  personRuleSql,
  recordRuleSql,
  type SqlCondition,
} from './family-access.repository';
import type { Involvement, InvolvementBasis, InvolvementEndReason } from './involvement';

export { INVOLVEMENT_BASES, type Involvement, type InvolvementBasis, type InvolvementEndReason } from './involvement';
export type { AccessLevel, SqlCondition } from './family-access.repository';

/**
 * A rule (familyRuleSql, recordRuleSql…) as the condition for `user`: TRUE for those who read every
 * family, FALSE for roles that read none, else the rule with the organisation and `today` as
 * placeholders from `firstParam`. Pure: bench:api's baseline builds the API's statements with it.
 */
export function accessCondition(
  policy: AccessPolicy,
  user: AuthUser,
  today: string,
  firstParam: number,
  rule: (org: string, today: string) => string,
): SqlCondition {
  if (policy.readsEveryFamily(user)) return { sql: 'TRUE', params: [] };
  if (!policy.hasAnyRole(user, 'practitioner', 'manager')) return { sql: 'FALSE', params: [] };
  return { sql: rule(`$${firstParam}::uuid`, `$${firstParam + 1}::date`), params: [user.organisationId, today] };
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
    private readonly repository: FamilyAccessRepository,
    private readonly audit: AuditService,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * SQL that is true when the family in `familyIdColumn` is visible to `user` at `level`.
   * Placeholders are numbered from `firstParam` (`$n`, two of them: organisation and today), so
   * the fragment composes with the caller's own. `episodeColumn`: when what is read belongs to one
   * episode, that episode's id (familyRuleSql: it scopes an allocation and closing work to it).
   */
  visibleFamilyCondition(
    user: AuthUser,
    familyIdColumn: string,
    firstParam = 1,
    level: AccessLevel = 'family',
    episodeColumn?: string,
  ): SqlCondition {
    return this.condition(user, firstParam, (org, today) =>
      familyRuleSql(familyIdColumn, org, today, level, this.config.closedEpisodeLeadReadDays, episodeColumn),
    );
  }

  /** The case-record level of visibleFamilyCondition: EHAs, plans, notes, chronology. */
  visibleCaseCondition(user: AuthUser, familyIdColumn: string, firstParam = 1, episodeColumn?: string): SqlCondition {
    return this.visibleFamilyCondition(user, familyIdColumn, firstParam, 'case', episodeColumn);
  }

  /**
   * SQL true when a record of the family in `familyIdColumn` is visible to `user`: the family at
   * `level` (`case` for EHAs, case notes and TAF plans; `episode` for episodes), or the caller's
   * organisation recorded it (`recorder`; `recorderOrganisationSql` gives the organisation that
   * recorded it, or NULL). Lists use it as their WHERE, single reads through assertCanReadRecord,
   * so the two agree. Placeholders from `firstParam`, as visibleFamilyCondition. Every record that
   * belongs to an episode passes `episodeColumn` (its episode's id column): an allocation then
   * shows only the episode it allocated, and closing work only the closed episode's records.
   */
  visibleRecordCondition(
    user: AuthUser,
    familyIdColumn: string,
    recorderOrganisationSql: string,
    firstParam = 1,
    level: AccessLevel = 'case',
    /** The id column of the episode the record belongs to (the episode's own for an episode). */
    episodeColumn?: string,
  ): SqlCondition {
    return this.condition(user, firstParam, (org, today) =>
      recordRuleSql(
        familyIdColumn,
        recorderOrganisationSql,
        org,
        today,
        level,
        this.config.closedEpisodeLeadReadDays,
        episodeColumn,
      ),
    );
  }

  /**
   * SQL true when the person in `personIdColumn` is visible (at least their demographics): their
   * organisation recorded them, or they are a member of a family visible at `family` level whom
   * the organisation added, or of a family visible at `episode` level.
   */
  visiblePersonCondition(user: AuthUser, personIdColumn: string, firstParam = 1): SqlCondition {
    return this.condition(user, firstParam, (org, today) =>
      personRuleSql(personIdColumn, org, today, this.config.closedEpisodeLeadReadDays),
    );
  }

  /**
   * SQL true when the caller reads the person's whole record (not only demographics) and may edit
   * it: their organisation recorded the person, or has an active involvement other than
   * `recorder`/`referrer` (allocation, or case level) with one of the person's families.
   */
  personRecordCondition(user: AuthUser, personIdColumn: string, firstParam = 1): SqlCondition {
    return this.condition(user, firstParam, (org, today) => personRecordRuleSql(personIdColumn, org, today));
  }

  private condition(user: AuthUser, firstParam: number, rule: (org: string, today: string) => string): SqlCondition {
    return accessCondition(this.policy, user, this.clock.today(), firstParam, rule);
  }

  /**
   * 404 when the family does not exist or the caller may not see it at `level`: the two look the
   * same, so a refusal leaks nothing. A refusal of an existing family is audited as `read_denied`.
   */
  assertCanReadFamily(user: AuthUser, familyId: string, level: AccessLevel = 'family'): Promise<void> {
    return this.assertVisible('family', 'families', familyId, this.visibleFamilyCondition(user, '$1::uuid', 2, level));
  }

  /**
   * The case record of the family (EHAs, plans, notes, chronology); with `episodeId`, of that
   * episode only (closing work after its closure reads it, familyRuleSql).
   */
  assertCanReadCase(user: AuthUser, familyId: string, episodeId?: string): Promise<void> {
    if (!episodeId) return this.assertCanReadFamily(user, familyId, 'case');
    const visible = this.visibleCaseCondition(user, '$1::uuid', 3, '$2::uuid');
    return this.assertVisible('family', 'families', familyId, visible, [episodeId]);
  }

  /**
   * 404 (`No <entityType> with id <id>`) unless the record is visible by visibleRecordCondition:
   * the same rule the lists use. A refusal is audited as `read_denied` of the record.
   */
  async assertCanReadRecord(
    user: AuthUser,
    record: {
      entityType: string;
      /** How the 404 names it, e.g. `TAF plan` (the entity type by default). */
      label?: string;
      id: string;
      familyId: string;
      recordedByOrganisationId: string | null;
      /**
       * The episode the record belongs to (the episode's own id for an episode): an allocation
       * shows it only if it is the episode allocated, closing work only if it is the closed one.
       */
      episodeId: string | null;
    },
    level: AccessLevel = 'case',
  ): Promise<void> {
    const values: unknown[] = [record.familyId, record.recordedByOrganisationId];
    if (record.episodeId) values.push(record.episodeId);
    const condition = this.visibleRecordCondition(
      user,
      '$1::uuid',
      '$2::uuid',
      values.length + 1,
      level,
      record.episodeId ? '$3::uuid' : undefined,
    );
    const visible =
      condition.params.length === 0 ? condition.sql === 'TRUE' : await this.repository.holdsFor(values, condition);
    if (visible) return;
    await this.recordDenial(record.entityType, record.id);
    throw new NotFoundException(`No ${record.label ?? record.entityType} with id ${record.id}`);
  }

  assertCanReadPerson(user: AuthUser, personId: string): Promise<void> {
    return this.assertVisible('person', 'persons', personId, this.visiblePersonCondition(user, '$1::uuid', 2));
  }

  /** Whether the caller reads the person's whole record and may edit it (see personRecordCondition). */
  async canEditPerson(user: AuthUser, personId: string): Promise<boolean> {
    const condition = this.personRecordCondition(user, '$1::uuid', 2);
    if (condition.params.length === 0) return condition.sql === 'TRUE';
    return this.repository.holds(personId, condition);
  }

  /**
   * Whether the caller sees the family at `level` (no audit, no exception); with `episodeId`, what
   * of it belongs to that episode (see visibleFamilyCondition).
   */
  async canReadFamily(
    user: AuthUser,
    familyId: string,
    level: AccessLevel = 'family',
    episodeId?: string,
  ): Promise<boolean> {
    const condition = this.visibleFamilyCondition(
      user,
      '$1::uuid',
      episodeId ? 3 : 2,
      level,
      episodeId ? '$2::uuid' : undefined,
    );
    if (condition.params.length === 0) return condition.sql === 'TRUE';
    return this.repository.holdsFor(episodeId ? [familyId, episodeId] : [familyId], condition);
  }

  /** Whether the caller's access to the family rests only on `recorder` (it sees what it recorded itself). */
  async readsOnlyAsRecorder(user: AuthUser, familyId: string): Promise<boolean> {
    if (this.policy.readsEveryFamily(user)) return false;
    return !(await this.canReadFamily(user, familyId, 'episode'));
  }

  /** Whether the record exists and whether the caller may see it, in one statement. */
  private async assertVisible(
    entityType: string,
    table: 'families' | 'persons',
    id: string,
    visible: SqlCondition,
    extra: unknown[] = [],
  ): Promise<void> {
    const row = await this.repository.existsAndVisible(table, id, visible, extra);
    if (row.visible) return;
    if (row.exists) await this.recordDenial(entityType, id);
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
      const id = await this.repository.insertInvolvementUnlessOpen(
        familyId,
        organisationId,
        basis,
        options.episodeId ?? null,
        today,
        options.lapsesOn ?? null,
      );
      if (id === undefined) return undefined;
      await this.audit.record({
        action: 'create',
        entityType: 'family_involvement',
        entityId: id,
        details: { familyId, organisationId, basis, episodeId: options.episodeId ?? null },
      });
      return id;
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
    if (await this.repository.consentNames(familyId, organisationId, today)) {
      await this.addInvolvement(familyId, organisationId, 'consent');
      return { organisationId, lapsesOn: null };
    }
    const lapsesOn = await this.repository.addWorkingDays(today, this.config.allocationLapseWorkingDays);
    const open = await this.repository.openAllocationLapse(familyId, organisationId, episodeId, today);
    if (open !== undefined) return { organisationId, lapsesOn: open };
    await this.addInvolvement(familyId, organisationId, 'allocation', { episodeId, lapsesOn });
    return { organisationId, lapsesOn };
  }

  /**
   * A consent was recorded (or widened) naming these organisations: each gets a `consent`
   * involvement from today, and an allocation of theirs becomes it (ends, `consent_recorded`).
   * Sharing that a withdrawal or narrowing ended today goes on in the same involvement (no day
   * without consent: one row while consents naming the organisation overlap).
   */
  async consentGiven(familyId: string, organisationIds: readonly string[]): Promise<void> {
    const today = this.clock.today();
    for (const organisationId of new Set(organisationIds)) {
      const reopened = await this.repository.reopenConsentEndedOn(familyId, organisationId, today);
      if (reopened === undefined) await this.addInvolvement(familyId, organisationId, 'consent');
      else await this.recordReopened(reopened, { familyId, organisationId, basis: 'consent' });
    }
    await this.endInvolvements({ familyId, bases: ['allocation'], reason: 'consent_recorded', organisationIds });
  }

  /**
   * A consent was withdrawn, or no longer names these organisations: their `consent` involvements
   * end today, unless another live consent of the family still carries them (one recorded before
   * the sharing now open started does not: an episode closure had ended its sharing). Lead and TAF access
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
      if (await this.repository.consentStillShares(familyId, organisationId, today)) stillNamed.push(organisationId);
    }
    const ending = organisationIds.filter((id) => !stillNamed.includes(id));
    if (ending.length === 0) return;
    await this.endInvolvements({ familyId, bases: ['consent'], reason, organisationIds: ending });
  }

  /** Undoes what closing the episode ended (a closure made in error). */
  async reopenInvolvements(familyId: string, episodeId: string, closedOn: string | null): Promise<void> {
    if (!closedOn) return;
    const reopened = await this.repository.reopenEndedByClosure(familyId, episodeId, closedOn);
    for (const id of reopened) await this.recordReopened(id, { episodeId });
  }

  private recordReopened(involvementId: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ action: 'reopen', entityType: 'family_involvement', entityId: involvementId, details });
  }

  /**
   * The bulk form, for imports of historical records: each involvement starts (and ends) when the
   * work did. Only for families the import itself created (see FamilyAccessRepository.insertImported).
   */
  addInvolvements(
    involvements: readonly Involvement[],
    options: { familiesJustInserted?: boolean; importId?: string } = {},
  ): Promise<void> {
    return this.repository.insertImported(involvements, {
      ...options,
      today: this.clock.today(),
      lapseWorkingDays: this.config.allocationLapseWorkingDays,
    });
  }

  /** After an import: see FamilyAccessRepository.endImportedByClosures. */
  endImportedInvolvementsByClosures(importId: string): Promise<void> {
    return this.repository.endImportedByClosures(importId);
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
      const ended = await this.repository.endOpen({
        familyId: filter.familyId,
        bases: filter.bases,
        reason: filter.reason,
        organisationIds: filter.organisationIds ?? null,
        episodeId: filter.episodeId ?? null,
        on,
      });
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

  /** The request is about to fail, and its rollback must not take the record of the refusal with it. */
  private recordDenial(entityType: string, entityId: string): Promise<void> {
    return auditDespiteRollback(this.audit, { action: 'read_denied', entityType, entityId, outcome: 'denied' });
  }
}
