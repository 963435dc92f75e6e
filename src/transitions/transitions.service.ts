import { FAMILY_PROBLEMS } from '../families/families.problems';
import { fieldProblem } from '../platform/problem/problem-type';
import { Injectable, NotFoundException } from '@nestjs/common';
import { EpisodesService } from '../episodes/episodes.service';
import type { EpisodeView } from '../episodes/dto/episode.dto';
import { FamilyAccessService } from '../families/family-access.service';
import { MarfService } from '../marf/marf.service';
import type { MarfView } from '../marf/dto/marf.dto';
import { londonToday } from '../calendar/working-days';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { unprocessable } from '../platform/problem/unprocessable';
import type {
  RecordTransitionDto,
  StepUpDto,
  StepUpView,
  TransitionKind,
  TransitionQuery,
  TransitionView,
} from './dto/transition.dto';

const VIEW = `t.id, t.kind, t.family_id AS "familyId", t.episode_id AS "episodeId",
  t.social_care_involvement_id AS "socialCareInvolvementId", t.transition_on::text AS "transitionOn", t.reason,
  t.recorded_by_user_id AS "recordedByUserId", t.created_at AS "createdAt"`;

/** Service accounts and roles that see every transition. */
const READS_ALL = ['social_care_system', 'mash'] as const;

interface NewTransition {
  kind: TransitionKind;
  familyId: string;
  episodeId: string;
  socialCareInvolvementId: string | null;
  transitionOn: string;
  reason: string | null;
}

/**
 * Step-up (an Early Help episode escalated to social care) and step-down (social care closes and the
 * family continues in Early Help). Both ends are linked: the episode, and the social care
 * involvement of a member of the same family (absent only for a step-up that precedes any).
 */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly policy: AccessPolicy,
    private readonly access: FamilyAccessService,
    private readonly episodes: EpisodesService,
    private readonly marfs: MarfService,
  ) {}

  /** POST /transitions, from the social care system (or the MASH). */
  record(caller: AuthUser, dto: RecordTransitionDto): Promise<TransitionView> {
    return this.db.transaction(async () => {
      this.assertNotFuture(dto.transitionOn, 'transitionOn');
      const family = await this.db.query(`SELECT 1 FROM families WHERE id = $1`, [dto.familyId]);
      if (family.length === 0) {
        throw fieldProblem(FAMILY_PROBLEMS.unknownFamily, 'familyId', `No family with id ${dto.familyId}`);
      }
      if (dto.socialCareInvolvementId) {
        await this.assertInvolvementOfFamily(dto.socialCareInvolvementId, dto.familyId, dto.transitionOn);
      }
      let episodeId: string;
      if (dto.episodeId) {
        const [episode] = await this.db.query<{ familyId: string }>(
          `SELECT family_id AS "familyId" FROM episodes WHERE id = $1`,
          [dto.episodeId],
        );
        if (!episode) {
          throw unprocessable('unknown-episode', 'Unknown episode', 'episodeId', `No episode with id ${dto.episodeId}`);
        }
        if (episode.familyId !== dto.familyId) {
          throw unprocessable(
            'episode-family-mismatch',
            'Episode of another family',
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
        throw unprocessable(
          'invalid-step-up',
          'Invalid step-up',
          'stepUpOn',
          `stepUpOn is before the episode opened (${episode.openedOn})`,
        );
      }
      const transition = await this.insert(caller, {
        kind: 'step_up',
        familyId: episode.familyId,
        episodeId,
        socialCareInvolvementId: null,
        transitionOn: dto.stepUpOn,
        reason: dto.reason,
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
    const rows = await this.db.query<TransitionView>(
      `SELECT ${VIEW} FROM transitions t WHERE t.family_id = $1 AND ($2::uuid IS NULL OR t.id > $2::uuid)
        ORDER BY t.id LIMIT $3`,
      [query.familyId, afterId ?? null, limit + 1],
    );
    return this.audit.readPage(
      toPage(rows, limit, (row) => [row.id]),
      { entityType: 'transition', details: { familyId: query.familyId } },
    );
  }

  async get(caller: AuthUser, id: string): Promise<TransitionView> {
    const [row] = await this.db.query<TransitionView>(`SELECT ${VIEW} FROM transitions t WHERE t.id = $1`, [id]);
    if (!row) throw new NotFoundException(`No transition with id ${id}`);
    try {
      await this.assertCanReadFamily(caller, row.familyId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No transition with id ${id}`);
      throw error;
    }
    await this.audit.record({ action: 'read', entityType: 'transition', entityId: id });
    return row;
  }

  private async assertCanReadFamily(caller: AuthUser, familyId: string): Promise<void> {
    if (this.policy.hasAnyRole(caller, ...READS_ALL)) {
      const family = await this.db.query(`SELECT 1 FROM families WHERE id = $1`, [familyId]);
      if (family.length === 0) throw new NotFoundException(`No family with id ${familyId}`);
      return;
    }
    await this.access.assertCanReadFamily(caller, familyId);
  }

  private assertNotFuture(date: string, field: string): void {
    if (date > londonToday())
      throw unprocessable('invalid-transition', 'Invalid transition', field, `${field} is in the future`);
  }

  /** The involvement must be of a member of the family whose membership had not ended before the date. */
  private async assertInvolvementOfFamily(involvementId: string, familyId: string, on: string): Promise<void> {
    const [involvement] = await this.db.query<{ personId: string }>(
      `SELECT person_id AS "personId" FROM social_care_involvements WHERE id = $1`,
      [involvementId],
    );
    if (!involvement) {
      throw unprocessable(
        'unknown-involvement',
        'Unknown social care involvement',
        'socialCareInvolvementId',
        `No social care involvement with id ${involvementId}`,
      );
    }
    const member = await this.db.query(
      `SELECT 1 FROM family_members WHERE family_id = $1 AND person_id = $2 AND (ended_on IS NULL OR ended_on >= $3)`,
      [familyId, involvement.personId, on],
    );
    if (member.length === 0) {
      throw unprocessable(
        'involvement-family-mismatch',
        'Involvement of another family',
        'socialCareInvolvementId',
        'The social care involvement is of a person who was not a member of the family on that date',
      );
    }
  }

  private async insert(caller: AuthUser, transition: NewTransition): Promise<TransitionView> {
    const [row] = await this.db.query<TransitionView>(
      `INSERT INTO transitions AS t (kind, family_id, episode_id, social_care_involvement_id, transition_on, reason,
                                     recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${VIEW}`,
      [
        transition.kind,
        transition.familyId,
        transition.episodeId,
        transition.socialCareInvolvementId,
        transition.transitionOn,
        transition.reason,
        caller.id,
      ],
    );
    await this.audit.record({
      action: 'create',
      entityType: 'transition',
      entityId: row!.id,
      details: {
        kind: transition.kind,
        familyId: transition.familyId,
        episodeId: transition.episodeId,
        socialCareInvolvementId: transition.socialCareInvolvementId,
        transitionOn: transition.transitionOn,
      },
    });
    return row!;
  }

  /** A MARF about the family's child members, sent by the caller, through the MARF feature's own rules. */
  private async submitMarf(caller: AuthUser, episode: EpisodeView, dto: StepUpDto): Promise<MarfView> {
    const marf = dto.createMarf!;
    const children = await this.db.query<{ personId: string }>(
      `SELECT m.person_id AS "personId" FROM family_members m JOIN persons p ON p.id = m.person_id
        WHERE m.family_id = $1 AND m.ended_on IS NULL AND p.person_type = 'child' ORDER BY m.started_on, m.id`,
      [episode.familyId],
    );
    if (children.length === 0) {
      throw unprocessable(
        'no-children',
        'No children in the family',
        'createMarf',
        'A MARF is about children, and the family has no child members',
      );
    }
    const agencies =
      marf.agenciesInvolved ??
      (
        await this.db.query<{ name: string }>(
          `SELECT DISTINCT o.name FROM family_organisation_involvements i JOIN organisations o ON o.id = i.organisation_id
            WHERE i.family_id = $1 AND i.ended_on IS NULL AND i.basis IN ('allocation', 'consent', 'lead', 'taf_member')
            ORDER BY o.name LIMIT 30`,
          [episode.familyId],
        )
      ).map((row) => row.name.slice(0, 200));
    return this.marfs.submit(caller, {
      familyId: episode.familyId,
      children: children.map((child) => ({ personId: child.personId })),
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
    const [level] = await this.db.query<{ label: string }>(`SELECT label FROM support_levels WHERE code = $1`, [
      episode.level,
    ]);
    const since = new Date(`${episode.openedOn}T00:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    return `Early Help episode (${level?.label ?? 'Early Help'}) open since ${since}; stepped up: ${reason}`.slice(
      0,
      4000,
    );
  }
}
