import { Injectable, NotFoundException } from '@nestjs/common';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { FieldHistoryService } from '../platform/history/field-history.service';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import type {
  MakeSfClaimDto,
  RecordSfProgressDto,
  SfClaimView,
  SfFamilyView,
  SfNeedStatus,
  SfOutcomeRuleList,
  SfOutcomeRuleView,
  SfPeriodOfSupport,
  SfProgressView,
  UpdateSfOutcomeRuleDto,
} from './dto/supporting-families.dto';
import { ELIGIBLE_HEADLINE_AREAS, financialQuarter, headlineNeeds } from './sf-rules';
import { SF_PROBLEMS } from './sf.problems';
import { SupportingFamiliesRepository, type SfEpisodeRow } from './supporting-families.repository';

const areasOf = (needs: readonly SfNeedStatus[]) => new Set(needs.map((need) => need.headline)).size;

/**
 * Supporting Families (payment by results): a family's eligibility per period of support (an
 * episode), the progress recorded against its TAF goals, and claims. Access is the TAF plan's: the
 * family's case record (consent, Lead Professional or TAF membership while consent covers the
 * organisation); a caller without it gets 404, as for a family that does not exist.
 */
@Injectable()
export class SupportingFamiliesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: SupportingFamiliesRepository,
    private readonly access: FamilyAccessService,
    private readonly audit: AuditService,
    private readonly history: FieldHistoryService,
    private readonly clock: Clock,
  ) {}

  /** Each period of support of the family, with its eligibility, needs, progress and claim; audited. */
  async family(caller: AuthUser, familyId: string): Promise<SfFamilyView> {
    await this.access.assertCanReadCase(caller, familyId);
    const today = this.clock.today();
    const progress = await this.repository.progressOfFamily(familyId);
    const claims = await this.repository.claimsOfFamily(familyId);
    const items: SfPeriodOfSupport[] = [];
    for (const episode of await this.repository.episodes(familyId)) {
      const status = await this.statusOn(episode, today);
      const claim = claims.find((c) => c.episodeId === episode.id) ?? null;
      items.push({
        episodeId: episode.id,
        openedOn: episode.openedOn,
        closedOn: episode.closedOn,
        assessmentId: status.assessment?.id ?? null,
        assessmentCompletedOn: status.assessment?.completedOn ?? null,
        headlineAreas: status.areas,
        eligible: status.eligible,
        needs: status.needs,
        claimable: !claim && status.eligible && status.needs.every((need) => need.sustained),
        claim,
        progress: progress.filter((p) => p.episodeId === episode.id),
      });
    }
    await this.audit.record({
      action: 'read',
      entityType: 'supporting_families',
      entityId: familyId,
      details: { episodeIds: items.map((item) => item.episodeId), claimIds: claims.map((claim) => claim.id) },
    });
    return { familyId, items };
  }

  /** Progress on a headline need identified at assessment, against a TAF goal of the family's plan. */
  recordProgress(caller: AuthUser, familyId: string, dto: RecordSfProgressDto): Promise<SfProgressView> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadCase(caller, familyId);
      const goal = await this.repository.goalOfFamily(familyId, dto.tafGoalId);
      if (!goal) throw new NotFoundException(`No TAF goal with id ${dto.tafGoalId} in this family's plans`);
      if (goal.need && goal.need !== dto.needCode) {
        throw fieldProblem(SF_PROBLEMS.goalNeedMismatch, 'needCode', `The TAF goal is about ${goal.need}`);
      }
      const episode = (await this.repository.episodes(familyId)).find((e) => e.id === goal.episodeId)!;
      const today = this.clock.today();
      if (dto.on > today || dto.on < episode.openedOn) {
        throw fieldProblem(
          SF_PROBLEMS.invalidDate,
          'on',
          `on must be from the episode's opening (${episode.openedOn}) to today (${today})`,
        );
      }
      const assessment = await this.repository.assessmentAt(episode.id, today);
      if (!assessment?.needs.includes(dto.needCode)) {
        throw fieldProblem(
          SF_PROBLEMS.needNotIdentified,
          'needCode',
          assessment
            ? `The episode's latest completed EHA (${assessment.id}) does not identify ${dto.needCode}`
            : 'The episode has no completed EHA: the needs are identified at assessment',
        );
      }
      if (dto.evidenceDocumentId && !(await this.repository.documentOfFamily(familyId, dto.evidenceDocumentId))) {
        throw fieldProblem(SF_PROBLEMS.evidenceNotOfFamily, 'evidenceDocumentId', 'No such document of the family');
      }
      const progress = await this.repository.insertProgress({
        familyId,
        episodeId: episode.id,
        tafGoalId: dto.tafGoalId,
        needCode: dto.needCode,
        status: dto.status,
        on: dto.on,
        evidence: dto.evidence,
        evidenceDocumentId: dto.evidenceDocumentId ?? null,
        userId: caller.id,
        organisationId: caller.organisationId,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'sf_progress',
        entityId: progress.id,
        details: { familyId, episodeId: episode.id, needCode: dto.needCode, status: dto.status, on: dto.on },
      });
      return progress;
    });
  }

  /**
   * A claim for the period of support: eligible at assessment (three or more headline areas) and
   * every headline need identified showing significant and sustained progress on the claim date.
   * Once per episode (409); 422 naming the needs not yet sustained.
   */
  claim(caller: AuthUser, familyId: string, dto: MakeSfClaimDto): Promise<SfClaimView> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadCase(caller, familyId);
      const episode = await this.repository.lockEpisode(familyId, dto.episodeId);
      if (!episode) throw new NotFoundException(`No episode with id ${dto.episodeId} in this family`);
      const today = this.clock.today();
      const claimedOn = dto.claimedOn ?? today;
      if (claimedOn > today) {
        throw fieldProblem(SF_PROBLEMS.invalidDate, 'claimedOn', `claimedOn must not be after today (${today})`);
      }
      const existing = await this.repository.claimOfEpisode(episode.id);
      if (existing) {
        throw problemOf(SF_PROBLEMS.alreadyClaimed, `This period of support was claimed on ${existing.claimedOn}`, {
          claimId: existing.id,
        });
      }
      const { assessment, needs, areas, eligible } = await this.statusOn(episode, claimedOn);
      if (!assessment || !eligible) {
        throw problemOf(
          SF_PROBLEMS.notEligible,
          assessment
            ? `The EHA identifies needs in ${areas} headline outcome area(s): at least ${ELIGIBLE_HEADLINE_AREAS} are needed`
            : `The episode has no EHA completed on or before ${claimedOn}`,
          { headlineAreas: areas, needs: needs.map((need) => need.needCode) },
        );
      }
      const pending = needs.filter((need) => !need.sustained);
      if (pending.length) {
        throw problemOf(
          SF_PROBLEMS.notSustained,
          `Not yet sustained on ${claimedOn}: ${pending.map((need) => need.needCode).join(', ')}`,
          {
            needs: pending.map(({ needCode, achievedSince, sustainedOn }) => ({
              needCode,
              achievedSince,
              sustainedOn,
            })),
          },
        );
      }
      const claim = await this.repository.insertClaim({
        familyId,
        episodeId: episode.id,
        assessmentId: assessment.id,
        claimedOn,
        ...financialQuarter(claimedOn),
        needs: needs.map((need) => need.needCode),
        claimedByUserId: caller.id,
        claimedByOrganisationId: caller.organisationId,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'sf_claim',
        entityId: claim.id,
        details: {
          familyId,
          episodeId: episode.id,
          claimedOn,
          financialYear: claim.financialYear,
          quarter: claim.quarter,
        },
      });
      return claim;
    });
  }

  async rules(): Promise<SfOutcomeRuleList> {
    return { items: await this.repository.rules() };
  }

  updateRule(needCode: string, dto: UpdateSfOutcomeRuleDto): Promise<SfOutcomeRuleView> {
    return this.db.transaction(async () => {
      const before = await this.repository.rule(needCode);
      if (!before) throw new NotFoundException(`No outcome rule for ${needCode}`);
      await this.repository.updateRule(needCode, dto);
      const after = (await this.repository.rule(needCode))!;
      const changes = (['description', 'sustainedMonths'] as const)
        .filter((field) => before[field] !== after[field])
        .map((field) => ({ field, from: before[field], to: after[field] }));
      await this.audit.record({
        action: 'update',
        entityType: 'sf_outcome_rule',
        entityId: needCode,
        details: { fields: changes.map((change) => change.field), sustainedMonths: after.sustainedMonths },
      });
      await this.history.record('sf_outcome_rule', needCode, changes);
      return after;
    });
  }

  /** The episode's assessment on `asOf`, its headline needs with their progress, and eligibility. */
  private async statusOn(episode: SfEpisodeRow, asOf: string) {
    const assessment = await this.repository.assessmentAt(episode.id, asOf);
    const needs = assessment
      ? await this.repository.needStatuses(episode.id, asOf, headlineNeeds(assessment.needs))
      : [];
    const areas = areasOf(needs);
    return { assessment, needs, areas, eligible: areas >= ELIGIBLE_HEADLINE_AREAS };
  }
}
