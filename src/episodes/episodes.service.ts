import { Injectable, NotFoundException } from '@nestjs/common';
import { FamilyAccessService } from '../access/family-access.service';
import { requestContext } from '../platform/context/request-context';
import { AuditService } from '../platform/audit/audit.service';
import { AppConfig } from '../config/config';
import { Clock } from '../platform/clock/clock';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { assertVersion } from '../platform/http/versioning';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { CloseEpisodeDto, EpisodeQuery, EpisodeView, OpenEpisodeDto, ReopenEpisodeDto } from './dto/episode.dto';
import { endReasonCode, type EpisodeRoute, reReferralOf } from './episode-rules';
import { FAMILY_PROBLEMS } from '../families/families.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { validationProblem } from '../platform/problem/problem';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
import { SupportLevelsService } from '../support-levels/support-levels.service';
import { ORGANISATION_PROBLEMS } from '../organisations/organisations.problems';
import { EpisodesRepository, OPENED_BY_ORGANISATION } from './episodes.repository';
import { EPISODE_PROBLEMS } from './episodes.problems';
import { NATIONAL_CODE_PROBLEMS } from '../national-codes/national-codes.problems';
import { NationalCodesService } from '../national-codes/national-codes.service';

/** What the MARF decision (and step-down) passes to open or join a family's episode. */
export interface OpenOrJoinEpisode {
  familyId: string;
  route: EpisodeRoute;
  level: string;
  referringOrganisationId: string | null;
  /** The organisation expected to lead, e.g. Strengthening Families on a step-down. */
  leadOrganisationId?: string | null;
  /** Defaults to today. */
  openedOn?: string;
}

/** The lead organisation's allocation made by opening or joining (see FamilyAccessService.allocate). */
export interface EpisodeAllocation {
  organisationId: string;
  /** When it lapses without consent; null when consent already covers the organisation. */
  lapsesOn: string | null;
}

/** Runs inside the closing transaction: Lead Professional and TAF end their records with the episode. */
export type EpisodeClosureHook = (episode: EpisodeView, closedOn: string) => Promise<void>;

/** Runs inside the re-opening transaction, with the episode as it was while closed. */
export type EpisodeReopenHook = (episode: EpisodeView) => Promise<void>;

/**
 * Early Help episodes: one open per family, re-referrals linked to the previous episode, and the
 * seam (`openOrJoinForFamily`) through which the MASH decision and step-down open one.
 */
@Injectable()
export class EpisodesService {
  private readonly closureHooks: EpisodeClosureHook[] = [];
  private readonly reopenHooks: EpisodeReopenHook[] = [];

  constructor(
    private readonly db: DatabaseService,
    private readonly episodes: EpisodesRepository,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicy,
    private readonly supportLevels: SupportLevelsService,
    private readonly config: AppConfig,
    private readonly codes: NationalCodesService,
  ) {}

  onClose(hook: EpisodeClosureHook): void {
    this.closureHooks.push(hook);
  }

  onReopen(hook: EpisodeReopenHook): void {
    this.reopenHooks.push(hook);
  }

  /** POST /episodes: 409 when the family already has an open episode. */
  open(caller: AuthUser, dto: OpenEpisodeDto): Promise<EpisodeView> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, dto.familyId);
      await this.codes.assertValid('primary_need', 'reasonCode', dto.reasonCode);
      if (dto.route !== 'self_referral' && !dto.referringOrganisationId) {
        throw fieldProblem(
          EPISODE_PROBLEMS.referrerRequired,
          'referringOrganisationId',
          'referringOrganisationId is required unless the route is self_referral',
        );
      }
      const { episode, joined } = await this.openOrJoinForFamily({
        familyId: dto.familyId,
        route: dto.route,
        level: dto.level,
        referringOrganisationId: dto.referringOrganisationId ?? null,
        openedOn: dto.openedOn,
      });
      if (joined) {
        throw problemOf(
          EPISODE_PROBLEMS.episodeAlreadyOpen,
          `The family already has an open episode (${episode.id}); only one may be open at a time`,
          { episodeId: episode.id },
        );
      }
      if (dto.reasonCode) await this.episodes.setReasonCode(episode.id, dto.reasonCode);
      // A partner that opens an episode itself is allocated it, as the MASH would: it works the
      // episode while it seeks consent (the MASH and social care read every family already).
      if (!this.policy.readsEveryFamily(caller)) {
        await this.access.allocate(dto.familyId, caller.organisationId, episode.id);
        return this.findOrFail(episode.id);
      }
      return dto.reasonCode ? this.findOrFail(episode.id) : episode;
    });
  }

  /**
   * Opens a multi-agency episode for the family, or returns the open one (`joined: true`), inside
   * the caller's transaction. The family row is locked so two concurrent decisions cannot both open.
   * Performs no access check: callers (the MASH decision, step-down) have already made theirs.
   */
  openOrJoinForFamily(
    input: OpenOrJoinEpisode,
  ): Promise<{ episode: EpisodeView; joined: boolean; allocation?: EpisodeAllocation }> {
    return this.db.transaction(async () => {
      if (!(await this.episodes.lockFamily(input.familyId))) {
        throw fieldProblem(FAMILY_PROBLEMS.unknownFamily, 'familyId', `No family with id ${input.familyId}`);
      }
      const open = await this.episodes.findOpenForFamily(input.familyId);
      if (open) {
        // Joining: the decision's lead organisation is allocated the open episode too.
        const allocation = input.leadOrganisationId
          ? await this.access.allocate(input.familyId, input.leadOrganisationId, open.id)
          : undefined;
        return { episode: open, joined: true, allocation };
      }
      const openedOn = input.openedOn ?? this.clock.today();
      // The level of the group asked in the vocabulary the partnership uses on the opening date.
      input = { ...input, level: await this.validateOpening(input, openedOn) };
      const previous = await this.episodes.findLatestClosed(input.familyId);
      if (previous && previous.closedOn > openedOn) {
        throw fieldProblem(
          EPISODE_PROBLEMS.overlapsPreviousEpisode,
          'openedOn',
          `The family's previous episode closed on ${previous.closedOn}; a new one cannot open before that`,
        );
      }
      const reReferralOfEpisodeId = reReferralOf(previous, openedOn);
      const id = await this.episodes.insert({
        familyId: input.familyId,
        openedOn,
        route: input.route,
        level: input.level,
        referringOrganisationId: input.referringOrganisationId,
        leadOrganisationId: input.leadOrganisationId ?? null,
        reReferralOfEpisodeId,
        openedByUserId: requestContext.current()?.user?.id ?? null,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'episode',
        entityId: id,
        details: { familyId: input.familyId, route: input.route, level: input.level, reReferralOfEpisodeId },
      });
      if (input.referringOrganisationId) {
        await this.access.addInvolvement(input.familyId, input.referringOrganisationId, 'referrer');
      }
      const allocation = input.leadOrganisationId
        ? await this.access.allocate(input.familyId, input.leadOrganisationId, id)
        : undefined;
      return { episode: await this.findOrFail(id), joined: false, allocation };
    });
  }

  /**
   * GET /episodes: the caller's caseload and the partnership's lists, filtered, newest first or by
   * due review, under the same access rule as every episode read.
   */
  async list(caller: AuthUser, query: EpisodeQuery): Promise<Page<EpisodeView>> {
    const limit = pageSize(query);
    const sort = query.sort ?? 'newest';
    const after = decodeCursor(query.cursor, 2);
    if (after && !(ISO_DATE.test(String(after[0])) && UUID.test(String(after[1])))) {
      throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
    }
    if (query.open !== undefined && query.status !== undefined && query.open !== (query.status === 'open')) {
      throw fieldProblem(EPISODE_PROBLEMS.invalidEpisodeQuery, 'status', 'status contradicts open');
    }
    const open = query.status !== undefined ? query.status === 'open' : query.open;
    const rows = await this.episodes.list({
      visible: this.access.visibleRecordCondition(
        caller,
        'e.family_id',
        OPENED_BY_ORGANISATION('e'),
        1,
        'episode',
        'e.id',
      ),
      familyId: query.familyId,
      open,
      leadOrganisationId: query.leadOrganisationId,
      leadProfessionalUserId: query.leadProfessional === 'me' ? caller.id : query.leadProfessional,
      level: query.level,
      openedFrom: query.openedFrom,
      openedTo: query.openedTo,
      closedFrom: query.closedFrom,
      closedTo: query.closedTo,
      reviewOverdueOn: query.overdueReview ? this.clock.today() : undefined,
      sort,
      after: after as [string, string] | undefined,
      limit: limit + 1,
    });
    return this.audit.readPage(
      toPage(rows, limit, (episode) => [
        sort === 'newest' ? episode.openedOn : (episode.reviewDueOn ?? '9999-12-31'),
        episode.id,
      ]),
      { entityType: 'episode' },
    );
  }

  async get(caller: AuthUser, id: string): Promise<EpisodeView> {
    const episode = await this.findVisible(caller, id);
    await this.audit.record({ action: 'read', entityType: 'episode', entityId: id });
    return episode;
  }

  /** The episode if the caller may see its family; 404 otherwise (the same as when it does not exist). */
  async findVisible(caller: AuthUser, id: string, options: { lock?: boolean } = {}): Promise<EpisodeView> {
    const episode = await this.findOrFail(id, options);
    // The organisation that opened the episode keeps reading it (basis recorder), e.g. to close it
    // after consent is withdrawn; its case records need the case level.
    await this.access.assertCanReadRecord(
      caller,
      {
        entityType: 'episode',
        id,
        familyId: episode.familyId,
        recordedByOrganisationId: await this.episodes.openedByOrganisationId(id),
        episodeId: id,
      },
      'episode',
    );
    return episode;
  }

  /** Like findVisible, refusing a closed episode with 409. */
  async findOpenVisible(caller: AuthUser, id: string, options: { lock?: boolean } = {}): Promise<EpisodeView> {
    const episode = await this.findVisible(caller, id, options);
    if (episode.closedOn) {
      throw problemOf(EPISODE_PROBLEMS.episodeClosed, `The episode closed on ${episode.closedOn}`, {
        episodeId: id,
      });
    }
    return episode;
  }

  /** POST /episodes/{id}/close: only while sign-off is off (SIGN_OFF_REQUIRED=false); else a closure request. */
  closeDirect(caller: AuthUser, id: string, version: number, dto: CloseEpisodeDto): Promise<EpisodeView> {
    if (this.config.signOffRequired) {
      throw problemOf(
        EPISODE_PROBLEMS.closureSignOffRequired,
        "Closing needs a manager's sign-off: POST /episodes/{id}/closure-request, then a manager of the lead's " +
          'organisation decides it with POST /episodes/{id}/closure-sign-off',
        { episodeId: id },
      );
    }
    return this.close(caller, id, version, dto);
  }

  /** The closing date (default today): not in the future, not before the episode opened. */
  closureDate(episode: EpisodeView, closedOn: string | undefined): string {
    // Clock: closing ends involvements on this date, and the access rule reads them by Clock too.
    const date = closedOn ?? this.clock.today();
    if (date > this.clock.today()) {
      throw fieldProblem(EPISODE_PROBLEMS.invalidClosure, 'closedOn', 'closedOn is in the future');
    }
    if (date < episode.openedOn) {
      throw fieldProblem(
        EPISODE_PROBLEMS.invalidClosure,
        'closedOn',
        `closedOn is before the episode opened (${episode.openedOn})`,
      );
    }
    return date;
  }

  /**
   * A closure's national codes: the reason for closure derived from the local reason where the mapping
   * is one-to-one, else the one given (required then); both checked against the year's code lists.
   * A closure request checks them when it is made, so its approval cannot fail on them.
   */
  async closureCodes(dto: CloseEpisodeDto): Promise<{ endReasonCode: string; reasonCode: string | undefined }> {
    const end = endReasonCode(dto.reason, dto.endReasonCode);
    if ('problem' in end) {
      const problem =
        end.problem === 'required' ? NATIONAL_CODE_PROBLEMS.codeRequired : NATIONAL_CODE_PROBLEMS.codeMismatch;
      throw fieldProblem(problem, 'endReasonCode', end.message);
    }
    await this.codes.assertValid('reason_for_closure', 'endReasonCode', end.code);
    await this.codes.assertValid('primary_need', 'reasonCode', dto.reasonCode);
    return { endReasonCode: end.code, reasonCode: dto.reasonCode };
  }

  /** Closes the episode (no sign-off check: transitions and an approved closure request call it). */
  close(caller: AuthUser, id: string, version: number, dto: CloseEpisodeDto): Promise<EpisodeView> {
    return this.db.transaction(async () => {
      const episode = await this.findOpenVisible(caller, id, { lock: true });
      assertVersion(episode.version, version, 'episode');
      const closedOn = this.closureDate(episode, dto.closedOn);
      const codes = await this.closureCodes(dto);
      await this.episodes.close(id, { closedOn, reason: dto.reason, notes: dto.notes ?? null, ...codes });
      for (const hook of this.closureHooks) await hook(episode, closedOn);
      // The Lead Professional's organisation keeps reading the closed episode for a while (see the access rule).
      await this.access.endInvolvements({
        familyId: episode.familyId,
        bases: ['allocation', 'consent', 'lead', 'taf_member'],
        reason: 'episode_closed',
        episodeId: id,
        on: closedOn,
      });
      await this.audit.record({
        action: 'close',
        entityType: 'episode',
        entityId: id,
        details: { closedOn, closureReason: dto.reason },
      });
      return this.findOrFail(id);
    });
  }

  /** Undoes a closure made in error: only the family's latest episode, and only while none other is open. */
  reopen(caller: AuthUser, id: string, version: number, dto: ReopenEpisodeDto): Promise<EpisodeView> {
    return this.db.transaction(async () => {
      const episode = await this.findVisible(caller, id, { lock: true });
      assertVersion(episode.version, version, 'episode');
      if (!episode.closedOn) throw problemOf(EPISODE_PROBLEMS.episodeOpen, 'The episode is not closed');
      await this.episodes.lockFamily(episode.familyId);
      const laterId = await this.episodes.findLaterId(episode.familyId, id, episode.closedOn);
      if (laterId !== undefined) {
        throw problemOf(
          EPISODE_PROBLEMS.laterEpisodeExists,
          'The family has an episode opened since this one closed; work in that one instead',
          { episodeId: laterId },
        );
      }
      await this.episodes.reopen(id, dto.reason);
      for (const hook of this.reopenHooks) await hook(episode);
      await this.access.reopenInvolvements(episode.familyId, id, episode.closedOn);
      await this.audit.record({
        action: 'reopen',
        entityType: 'episode',
        entityId: id,
        details: { previousClosedOn: episode.closedOn, previousClosureReason: episode.closureReason },
      });
      return this.findOrFail(id);
    });
  }

  private async findOrFail(id: string, options: { lock?: boolean } = {}): Promise<EpisodeView> {
    const episode = await this.episodes.find(id, options);
    if (!episode) throw new NotFoundException(`No episode with id ${id}`);
    return episode;
  }

  /** Checks the opening and returns the level to record (the vocabulary in use on `openedOn`). */
  private async validateOpening(input: OpenOrJoinEpisode, openedOn: string): Promise<string> {
    if (openedOn > this.clock.today()) {
      throw fieldProblem(EPISODE_PROBLEMS.invalidEpisode, 'openedOn', 'openedOn is in the future');
    }
    const level = await this.supportLevels.levelFor(input.level, openedOn);
    for (const [field, organisationId] of [
      ['referringOrganisationId', input.referringOrganisationId],
      ['leadOrganisationId', input.leadOrganisationId],
    ] as const) {
      if (!organisationId) continue;
      if (!(await this.episodes.organisationExists(organisationId))) {
        throw fieldProblem(ORGANISATION_PROBLEMS.unknownOrganisation, field, `No organisation ${organisationId}`);
      }
    }
    return level;
  }
}
