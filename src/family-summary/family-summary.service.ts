import { Injectable, NotFoundException } from '@nestjs/common';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import {
  FamilyGoalView,
  FamilyHelperView,
  FamilySummaryView,
  GlossaryTermDto,
  GlossaryTermView,
  NextMeetingView,
} from './dto/family-summary.dto';
import { FamilySummaryRepository, GoalRow } from './family-summary.repository';
import { plainLanguage } from './plain-language';

/** The plain-language glossary (reference data) and the family's view of its TAF plan. */
@Injectable()
export class FamilySummaryService {
  constructor(
    private readonly db: DatabaseService,
    private readonly summaries: FamilySummaryRepository,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
  ) {}

  glossary(): Promise<GlossaryTermView[]> {
    return this.summaries.glossary();
  }

  /** Adds a term or replaces its plain words. */
  setTerm(dto: GlossaryTermDto): Promise<GlossaryTermView> {
    return this.db.transaction(async () => {
      const term = dto.term.trim();
      const plain = dto.plain.trim();
      const row = await this.summaries.upsertTerm(term, plain);
      await this.audit.record({ action: 'set', entityType: 'glossary_term', entityId: term, details: { plain } });
      return row;
    });
  }

  /**
   * GET /taf-plans/{id}/family-summary: goals, who is helping with what and by when, the next
   * meeting, and each child's own views. Free text (goals, actions, views, headings) is passed
   * through the glossary; names never are: a worker called "Designated Safeguarding Lead" or a
   * service called "Strengthening Families" keeps the name the family will hear.
   */
  async summary(caller: AuthUser, planId: string): Promise<FamilySummaryView> {
    const plan = await this.summaries.plan(planId);
    if (!plan) throw new NotFoundException(`No TAF plan with id ${planId}`);
    try {
      await this.access.assertCanReadCase(caller, plan.familyId, plan.episodeId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No TAF plan with id ${planId}`);
      throw error;
    }
    const glossary = await this.summaries.glossaryTerms();
    const plain = (text: string) => plainLanguage(text, glossary);

    const goals = await this.summaries.goals(planId);
    const actions = await this.summaries.actions(planId);
    const helpersOf = (goalId: string): FamilyHelperView[] =>
      actions
        .filter((action) => action.goalId === goalId)
        .map((action) => ({
          who: action.who,
          helpingWith: plain(action.description),
          by: action.by,
          done: action.done,
        }));
    const goalView = (goal: GoalRow): FamilyGoalView => ({
      goal: plain(goal.description),
      forPerson: goal.firstName,
      forChild: goal.forChild ? goal.firstName : null,
      helpers: helpersOf(goal.id),
    });
    const nextMeeting: NextMeetingView | null = plan.dueBy ? { dueBy: plan.dueBy, what: plain('TAF') } : null;

    const children = await this.summaries.children(plan.familyId);
    const forChildren = [];
    for (const child of children) {
      const views = await this.summaries.childViews(plan.episodeId, planId, child.personId);
      const own = goals.filter((goal) => goal.personId === child.personId);
      forChildren.push({
        personId: child.personId,
        firstName: child.firstName,
        goals: own.map(goalView),
        helpers: own.flatMap((goal) => helpersOf(goal.id)),
        nextMeeting,
        yourViews: views.map((words) => plain(words)),
      });
    }
    await this.audit.record({
      action: 'read',
      entityType: 'taf_plan_family_summary',
      entityId: planId,
      details: { children: forChildren.length },
    });
    return {
      tafPlanId: planId,
      forFamily: {
        title: plain('Your family support plan'),
        mainWorker: plan.mainWorker,
        goals: goals.map(goalView),
        nextMeeting,
      },
      forChildren,
    };
  }
}
