import { FAMILY_PROBLEMS } from '../families/families.problems';
import { fieldProblem } from '../platform/problem/problem-type';
import { Injectable, NotFoundException } from '@nestjs/common';
import { EpisodesService } from '../episodes/episodes.service';
import type { EpisodeView } from '../episodes/dto/episode.dto';
import { FamilyAccessService } from '../access/family-access.service';
import { MarfService } from '../marf/marf.service';
import type { MarfView } from '../marf/dto/marf.dto';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import type { SqlCondition } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { type NewTransition, TransitionsRepository } from './transitions.repository';
import {
  MACPT_ORGANISATION_TYPES,
  type RecordTransitionDto,
  type StepUpDto,
  type StepUpMacptDto,
  type StepUpView,
  type TransitionQuery,
  type TransitionView,
} from './dto/transition.dto';
import { TRANSITION_PROBLEMS } from './transitions.problems';
import { Clock } from '../platform/clock/clock';

/** Service accounts and roles that see every transition. */
const READS_ALL = ['social_care_system', 'mash'] as const;

/**
 * Step-up (an Early Help episode escalated to social care) and step-down (social care closes and the
 * family continues in Early Help). Both ends are linked: the episode, and the social care
 * involvement of a member of the same family (absent only for a step-up that precedes any).
 */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: TransitionsRepository,
    private readonly audit: AuditService,
    private readonly policy: AccessPolicy,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
    private readonly marfs: MarfService,
    private readonly clock: Clock,
  ) {}

  /** POST /transitions, from the social care system (or the MASH). */
  record(caller: AuthUser, dto: RecordTransitionDto): Promise<TransitionView> {
    return this.db.transaction(async () => {
      this.assertNotFuture(dto.transitionOn, 'transitionOn');
      if (!(await this.repository.familyExists(dto.familyId))) {
        throw fieldProblem(FAMILY_PROBLEMS.unknownFamily, 'familyId', `No family with id ${dto.familyId}`);
      }
      if (dto.socialCareInvolvementId) {
        await this.assertInvolvementOfFamily(dto.socialCareInvolvementId, dto.familyId, dto.transitionOn);
      }
      let episodeId: string;
      if (dto.episodeId) {
        const familyId = await this.repository.familyOfEpisode(dto.episodeId);
        if (familyId === undefined) {
          throw fieldProblem(TRANSITION_PROBLEMS.unknownEpisode, 'episodeId', `No episode with id ${dto.episodeId}`);
        }
        if (familyId !== dto.familyId) {
          throw fieldProblem(
            TRANSITION_PROBLEMS.episodeFamilyMismatch,
            'episodeId',
            'The episode belongs to a different family',
          );
        }
        episodeId = dto.episodeId;
      } else {
        // Only a step-down gets here (validation requires episodeId for a step-up).
        const { episode } = await this.episodes.openOrJoinForFamily({
          familyId: dto.familyId,
          route: 'social_care_step_down',
          level: 'multi_agency_early_help',
          referringOrganisationId: caller.organisationId,
          leadOrganisationId: dto.leadOrganisationId!,
          openedOn: dto.transitionOn,
        });
        episodeId = episode.id;
      }
      return this.insert(caller, {
        kind: dto.kind,
        familyId: dto.familyId,
        episodeId,
        socialCareInvolvementId: dto.socialCareInvolvementId ?? null,
        transitionOn: dto.transitionOn,
        reason: dto.reason ?? null,
      });
    });
  }

  /**
   * POST /episodes/{id}/step-up, from the Team Around the Family: the transition, optionally a MARF
   * prefilled from the episode, and the episode's closure, all in one transaction.
   */
  stepUpEpisode(caller: AuthUser, episodeId: string, dto: StepUpDto): Promise<StepUpView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, episodeId, { lock: true });
      this.assertNotFuture(dto.stepUpOn, 'stepUpOn');
      if (dto.stepUpOn < episode.openedOn) {
        throw fieldProblem(
          TRANSITION_PROBLEMS.invalidStepUp,
          'stepUpOn',
          `stepUpOn is before the episode opened (${episode.openedOn})`,
        );
      }
      if (dto.macpt) await this.assertMacpt(dto.macpt);
      const transition = await this.insert(caller, {
        kind: 'step_up',
        familyId: episode.familyId,
        episodeId,
        socialCareInvolvementId: null,
        transitionOn: dto.stepUpOn,
        reason: dto.reason,
        macpt: dto.macpt && {
          organisationId: dto.macpt.organisationId,
          leadUserId: dto.macpt.leadChildProtectionPractitionerUserId,
        },
      });
      let marf: MarfView | null = null;
      if (dto.createMarf) marf = await this.submitMarf(caller, episode, dto);
      let result: EpisodeView = episode;
      if (dto.closeEpisode ?? true) {
        result = await this.episodes.close(caller, episodeId, episode.version, {
          reason: 'stepped_up_to_social_care',
          closedOn: dto.stepUpOn,
          notes: dto.reason,
        });
      }
      return { transition, episode: result, marf };
    });
  }

  async list(caller: AuthUser, query: TransitionQuery): Promise<Page<TransitionView>> {
    await this.assertCanReadFamily(caller, query.familyId);
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await this.repository.listOfFamily(
      query.familyId,
      (afterId as string | undefined) ?? null,
      limit,
      this.visibleTransitions(caller, 4),
    );
    return this.audit.readPage(
      toPage(rows, limit, (row) => [row.id]),
      { entityType: 'transition', details: { familyId: query.familyId } },
    );
  }

  async get(caller: AuthUser, id: string): Promise<TransitionView> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundException(`No transition with id ${id}`);
    // Seen as its episode is (visibleTransitions): the access rule's own single-record check.
    if (!this.policy.hasAnyRole(caller, ...READS_ALL)) {
      await this.access.assertCanReadRecord(
        caller,
        {
          entityType: 'transition',
          id,
          familyId: row.familyId,
          recordedByOrganisationId: null,
          episodeId: row.episodeId,
        },
        'episode',
      );
    }
    await this.audit.record({ action: 'read', entityType: 'transition', entityId: id });
    return row;
  }

  /**
   * A transition belongs to its episode: an organisation sees it as it sees that episode (an
   * allocation its own episode's, closing work the closed episode's, never a later episode's step-up).
   */
  private visibleTransitions(caller: AuthUser, firstParam: number): SqlCondition {
    if (this.policy.hasAnyRole(caller, ...READS_ALL)) return { sql: 'TRUE', params: [] };
    return this.access.visibleFamilyCondition(caller, 't.family_id', firstParam, 'episode', 't.episode_id');
  }

  private async assertCanReadFamily(caller: AuthUser, familyId: string): Promise<void> {
    if (this.policy.hasAnyRole(caller, ...READS_ALL)) {
      if (!(await this.repository.familyExists(familyId))) throw new NotFoundException(`No family with id ${familyId}`);
      return;
    }
    await this.access.assertCanReadFamily(caller, familyId);
  }

  /** The MACPT is an active team of children's social care, and its lead practitioner works there. */
  private async assertMacpt(macpt: StepUpMacptDto): Promise<void> {
    const type = await this.repository.activeOrganisationType(macpt.organisationId);
    if (!type || !(MACPT_ORGANISATION_TYPES as readonly string[]).includes(type)) {
      throw fieldProblem(
        TRANSITION_PROBLEMS.invalidMacpt,
        'macpt.organisationId',
        `The MACPT is an active organisation of type ${MACPT_ORGANISATION_TYPES.join(' or ')}`,
      );
    }
    const lead = await this.repository.activeUser(macpt.leadChildProtectionPractitionerUserId);
    if (
      lead?.organisationId !== macpt.organisationId ||
      !lead.roles.some((role) => role === 'practitioner' || role === 'manager')
    ) {
      throw fieldProblem(
        TRANSITION_PROBLEMS.invalidMacpt,
        'macpt.leadChildProtectionPractitionerUserId',
        'The lead child protection practitioner is an active practitioner or manager of the MACPT',
      );
    }
  }

  private assertNotFuture(date: string, field: string): void {
    if (date > this.clock.today())
      throw fieldProblem(TRANSITION_PROBLEMS.invalidTransition, field, `${field} is in the future`);
  }

  /** The involvement must be of a member of the family whose membership had not ended before the date. */
  private async assertInvolvementOfFamily(involvementId: string, familyId: string, on: string): Promise<void> {
    const personId = await this.repository.personOfInvolvement(involvementId);
    if (personId === undefined) {
      throw fieldProblem(
        TRANSITION_PROBLEMS.unknownInvolvement,
        'socialCareInvolvementId',
        `No social care involvement with id ${involvementId}`,
      );
    }
    if (!(await this.repository.wasMemberOn(familyId, personId, on))) {
      throw fieldProblem(
        TRANSITION_PROBLEMS.involvementFamilyMismatch,
        'socialCareInvolvementId',
        'The social care involvement is of a person who was not a member of the family on that date',
      );
    }
  }

  private async insert(caller: AuthUser, transition: NewTransition): Promise<TransitionView> {
    const row = await this.repository.insert(transition, caller.id);
    await this.audit.record({
      action: 'create',
      entityType: 'transition',
      entityId: row.id,
      details: {
        kind: transition.kind,
        familyId: transition.familyId,
        episodeId: transition.episodeId,
        socialCareInvolvementId: transition.socialCareInvolvementId,
        transitionOn: transition.transitionOn,
        receivingTeam: transition.macpt ? 'macpt' : 'social_care',
      },
    });
    return row;
  }

  /** A MARF about the family's child members, sent by the caller, through the MARF feature's own rules. */
  private async submitMarf(caller: AuthUser, episode: EpisodeView, dto: StepUpDto): Promise<MarfView> {
    const marf = dto.createMarf!;
    const children = await this.repository.childMembers(episode.familyId);
    if (children.length === 0) {
      throw fieldProblem(
        TRANSITION_PROBLEMS.noChildren,
        'createMarf',
        'A MARF is about children, and the family has no child members',
      );
    }
    const agencies =
      marf.agenciesInvolved ??
      (await this.repository.involvedOrganisationNames(episode.familyId)).map((name) => name.slice(0, 200));
    return this.marfs.submit(caller, {
      familyId: episode.familyId,
      children: children.map((personId) => ({ personId })),
      concernCategories: marf.concernCategories,
      narrative: marf.narrative,
      immediateRisk: marf.immediateRisk,
      parentsAware: marf.parentsAware,
      parentsNotAwareReason: marf.parentsNotAwareReason,
      earlyHelpTried: true,
      earlyHelpTriedDetails: marf.earlyHelpTriedDetails ?? (await this.earlyHelpTriedDetails(episode, dto.reason)),
      agenciesInvolved: agencies,
    });
  }

  /** What the MASH reads about the Early Help tried: the level in words (its label), never its code. */
  private async earlyHelpTriedDetails(episode: EpisodeView, reason: string): Promise<string> {
    const label = await this.repository.supportLevelLabel(episode.level);
    const since = new Date(`${episode.openedOn}T00:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    return `Early Help episode (${label ?? 'Early Help'}) open since ${since}; stepped up: ${reason}`.slice(0, 4000);
  }
}
