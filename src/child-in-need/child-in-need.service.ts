import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { BankHolidaysService } from '../calendar/bank-holidays.service';
import { EpisodesService } from '../episodes/episodes.service';
import { FGC_PROBLEMS } from '../family-group-conferences/fgc.problems';
import { LEAD_PROFESSIONAL_PROBLEMS } from '../lead-professionals/lead-professionals.problems';
import { NationalCodesService } from '../national-codes/national-codes.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { assessmentDueOn } from './child-in-need-rules';
import { CHILD_IN_NEED_PROBLEMS } from './child-in-need.problems';
import { ChildInNeedRepository, type CinCaseRow } from './child-in-need.repository';
import type {
  AuthoriseCinAssessmentDto,
  CinCaseView,
  CloseCinCaseDto,
  EndCinPlanDto,
  OpenCinCaseDto,
  StartCinAssessmentDto,
  StartCinPlanDto,
} from './dto/child-in-need.dto';

/** Support level groups that are Family Help (either vocabulary: docs/measures.md). */
const FAMILY_HELP_GROUPS = ['targeted', 'specialist'];

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * Child in need (section 17) inside a Family Help episode: the referral for named children, the
 * assessment with its 45-working-day authorisation clock and factors per child, the child-in-need
 * plan, and closure with a CIN reason code. A registered social worker leads the episode while a
 * case is open (the Lead Professional assignment says so; the lead-professionals feature refuses a
 * change that would break it). Access is the episode's.
 */
@Injectable()
export class ChildInNeedService implements OnModuleInit {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: ChildInNeedRepository,
    private readonly episodes: EpisodesService,
    private readonly codes: NationalCodesService,
    private readonly bankHolidays: BankHolidaysService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * A Family Help episode does not close under an open child-in-need case: the case closes first
   * with its own reason code (or, on a step-up to the MACPT, the episode continues alongside).
   */
  onModuleInit(): void {
    this.episodes.onClose(async (episode) => {
      const open = await this.repository.openCaseOfEpisode(episode.id);
      if (open) {
        throw problemOf(
          CHILD_IN_NEED_PROBLEMS.wrongStage,
          'The episode is open as child in need: close the child-in-need case first (POST /child-in-need/{id}/closure ' +
            'with a reason code)',
          { cinCaseId: open },
        );
      }
    });
  }

  open(caller: AuthUser, dto: OpenCinCaseDto): Promise<CinCaseView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, dto.episodeId, { lock: true });
      if (!FAMILY_HELP_GROUPS.includes((await this.repository.levelGroup(episode.level)) ?? '')) {
        throw fieldProblem(
          CHILD_IN_NEED_PROBLEMS.notFamilyHelp,
          'episodeId',
          `A child-in-need case sits in a Family Help episode (targeted or specialist level); this one is ${episode.level}`,
        );
      }
      this.assertBetween('referralOn', dto.referralOn, episode.openedOn, "the episode's opening");
      const existing = await this.repository.openCaseOfEpisode(episode.id);
      if (existing) {
        throw problemOf(CHILD_IN_NEED_PROBLEMS.alreadyOpen, 'The episode has an open child-in-need case', {
          cinCaseId: existing,
        });
      }
      const lead = await this.repository.activeLead(episode.id);
      if (!lead?.registeredSocialWorker) {
        throw problemOf(
          LEAD_PROFESSIONAL_PROBLEMS.socialWorkerRequired,
          lead
            ? 'The Lead Practitioner is not a registered social worker: assign one (PUT /episodes/{id}/lead-professional ' +
                'with registeredSocialWorker: true) before opening the case as child in need'
            : 'The episode has no Lead Practitioner: assign a registered social worker first',
          { episodeId: episode.id },
        );
      }
      const children = await this.repository.childMembers(episode.familyId, dto.childPersonIds);
      const stranger = dto.childPersonIds.findIndex((id) => !children.has(id));
      if (stranger >= 0) {
        throw fieldProblem(
          FGC_PROBLEMS.notAChildOfTheFamily,
          `childPersonIds.${stranger}`,
          'Each child named is a current child member of the family',
        );
      }
      await this.codes.assertValid('referral_source', 'referralSource', dto.referralSource, yearOf(dto.referralOn));
      await this.codes.assertValid('primary_need', 'primaryNeed', dto.primaryNeed, yearOf(dto.referralOn));
      const id = await this.repository.insertCase({
        episodeId: episode.id,
        familyId: episode.familyId,
        referralOn: dto.referralOn,
        referralSource: dto.referralSource,
        primaryNeed: dto.primaryNeed ?? null,
        openedByUserId: caller.id,
        childPersonIds: dto.childPersonIds,
      });
      await this.record('create', id, { episodeId: episode.id, children: dto.childPersonIds.length });
      return this.view((await this.repository.find(id))!);
    });
  }

  async get(caller: AuthUser, id: string): Promise<CinCaseView> {
    const found = await this.findVisible(caller, id);
    await this.audit.record({ action: 'read', entityType: 'cin_case', entityId: id, details: {} });
    return this.view(found);
  }

  startAssessment(caller: AuthUser, id: string, dto: StartCinAssessmentDto): Promise<CinCaseView> {
    return this.db.transaction(async () => {
      const found = await this.findOpen(caller, id);
      this.assertBetween('startedOn', dto.startedOn, found.referralOn, 'the referral');
      const assessments = await this.repository.assessments(id);
      if (assessments.some((a) => a.authorisedOn === null)) {
        throw problemOf(CHILD_IN_NEED_PROBLEMS.wrongStage, 'An assessment is already in progress: authorise it first');
      }
      const dueOn = assessmentDueOn(dto.startedOn, await this.bankHolidays.holidaySet());
      const assessmentId = await this.repository.insertAssessment(id, dto.startedOn, dueOn, caller.id);
      await this.record('update', id, { stage: 'assessment_started', assessmentId, dueOn });
      return this.view(found);
    });
  }

  authoriseAssessment(
    caller: AuthUser,
    id: string,
    assessmentId: string,
    dto: AuthoriseCinAssessmentDto,
  ): Promise<CinCaseView> {
    return this.db.transaction(async () => {
      const found = await this.findOpen(caller, id);
      const assessment = (await this.repository.assessments(id)).find((a) => a.id === assessmentId);
      if (!assessment) throw new NotFoundException(`No assessment ${assessmentId} on child-in-need case ${id}`);
      if (assessment.authorisedOn) {
        throw problemOf(CHILD_IN_NEED_PROBLEMS.wrongStage, 'The assessment has been authorised already');
      }
      this.assertBetween('authorisedOn', dto.authorisedOn, assessment.startedOn, 'the assessment started');
      const named = new Set(await this.repository.children(id));
      const factors: { personId: string; code: string }[] = [];
      const seen = new Set<string>();
      for (const [index, child] of dto.factors.entries()) {
        if (!named.has(child.childPersonId) || seen.has(child.childPersonId)) {
          throw fieldProblem(
            CHILD_IN_NEED_PROBLEMS.notNamedOnCase,
            `factors.${index}.childPersonId`,
            'Each child is named on the case, once',
          );
        }
        seen.add(child.childPersonId);
        await this.codes.assertValid(
          'assessment_factor',
          `factors.${index}.codes`,
          child.codes,
          yearOf(dto.authorisedOn),
        );
        factors.push(...child.codes.map((code) => ({ personId: child.childPersonId, code })));
      }
      await this.repository.authorise(assessmentId, dto.authorisedOn, factors);
      await this.record('update', id, {
        stage: 'assessment_authorised',
        assessmentId,
        authorisedOn: dto.authorisedOn,
        inTime: dto.authorisedOn <= assessment.authorisationDueOn,
      });
      return this.view(found);
    });
  }

  startPlan(caller: AuthUser, id: string, dto: StartCinPlanDto): Promise<CinCaseView> {
    return this.db.transaction(async () => {
      const found = await this.findOpen(caller, id);
      this.assertBetween('startedOn', dto.startedOn, found.referralOn, 'the referral');
      if ((await this.repository.plans(id)).some((plan) => plan.endedOn === null)) {
        throw problemOf(CHILD_IN_NEED_PROBLEMS.wrongStage, 'A child-in-need plan is already open: end it first');
      }
      const planId = await this.repository.insertPlan(id, dto.startedOn);
      await this.record('update', id, { stage: 'plan_started', planId });
      return this.view(found);
    });
  }

  endPlan(caller: AuthUser, id: string, planId: string, dto: EndCinPlanDto): Promise<CinCaseView> {
    return this.db.transaction(async () => {
      const found = await this.findOpen(caller, id);
      const plan = (await this.repository.plans(id)).find((p) => p.id === planId);
      if (!plan) throw new NotFoundException(`No plan ${planId} on child-in-need case ${id}`);
      if (plan.endedOn) throw problemOf(CHILD_IN_NEED_PROBLEMS.wrongStage, 'The plan has ended already');
      this.assertBetween('endedOn', dto.endedOn, plan.startedOn, 'the plan started');
      await this.repository.endPlan(planId, dto.endedOn);
      await this.record('update', id, { stage: 'plan_ended', planId });
      return this.view(found);
    });
  }

  /** Closure with a CIN reason code; an open plan ends on the closure date. */
  close(caller: AuthUser, id: string, dto: CloseCinCaseDto): Promise<CinCaseView> {
    return this.db.transaction(async () => {
      const found = await this.findOpen(caller, id);
      const assessments = await this.repository.assessments(id);
      const plans = await this.repository.plans(id);
      const latest = [
        found.referralOn,
        ...assessments.flatMap((a) => [a.startedOn, a.authorisedOn ?? a.startedOn]),
        ...plans.flatMap((p) => [p.startedOn, p.endedOn ?? p.startedOn]),
      ].reduce((a, b) => (a > b ? a : b));
      this.assertBetween('closedOn', dto.closedOn, latest, 'the latest referral, assessment or plan date');
      await this.codes.assertValid('reason_for_closure', 'reason', dto.reason, yearOf(dto.closedOn));
      const open = plans.find((plan) => plan.endedOn === null);
      if (open) await this.repository.endPlan(open.id, dto.closedOn);
      await this.repository.close(id, dto.closedOn, dto.reason);
      await this.record('update', id, { stage: 'closed', reason: dto.reason, planEnded: open?.id ?? null });
      return this.view((await this.repository.find(id))!);
    });
  }

  private assertBetween(field: string, date: string, earliest: string, what: string): void {
    if (date < earliest || date > this.clock.today()) {
      throw fieldProblem(
        CHILD_IN_NEED_PROBLEMS.invalidDate,
        field,
        `${field} must be between ${what} (${earliest}) and today`,
      );
    }
  }

  private async findVisible(caller: AuthUser, id: string, lock = false): Promise<CinCaseRow> {
    const found = await this.repository.find(id, { lock });
    if (!found) throw new NotFoundException(`No child-in-need case ${id}`);
    // The episode's access rule (404 when the caller may not see it).
    await this.episodes.findVisible(caller, found.episodeId);
    return found;
  }

  private async findOpen(caller: AuthUser, id: string): Promise<CinCaseRow> {
    const found = await this.findVisible(caller, id, true);
    if (found.closedOn) throw problemOf(CHILD_IN_NEED_PROBLEMS.wrongStage, 'The child-in-need case is closed');
    return found;
  }

  private record(action: 'create' | 'update', id: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ action, entityType: 'cin_case', entityId: id, details });
  }

  private async view(found: CinCaseRow): Promise<CinCaseView> {
    const factors = await this.repository.factors(found.id);
    return {
      ...found,
      childPersonIds: await this.repository.children(found.id),
      assessments: (await this.repository.assessments(found.id)).map((a) => ({
        ...a,
        authorisedInTime: a.authorisedOn === null ? null : a.authorisedOn <= a.authorisationDueOn,
        factors: factors.get(a.id) ?? [],
      })),
      plans: await this.repository.plans(found.id),
    };
  }
}
