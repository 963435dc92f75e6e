import { Injectable, NotFoundException } from '@nestjs/common';
import { FamilyAccessService } from '../families/family-access.service';
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
import { GlossaryTerm, plainLanguage } from './plain-language';

interface GoalRow {
  id: string;
  description: string;
  personId: string | null;
  firstName: string | null;
}

interface ActionRow {
  goalId: string;
  description: string;
  who: string;
  by: string;
  done: boolean;
}

/** The plain-language glossary (reference data) and the family's view of its TAF plan. */
@Injectable()
export class FamilySummaryService {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
  ) {}

  glossary(): Promise<GlossaryTermView[]> {
    return this.db.query<GlossaryTermView>(`SELECT term, plain FROM glossary_terms ORDER BY lower(term), term`);
  }

  /** Adds a term or replaces its plain words. */
  setTerm(dto: GlossaryTermDto): Promise<GlossaryTermView> {
    return this.db.transaction(async () => {
      const term = dto.term.trim();
      const plain = dto.plain.trim();
      const [row] = await this.db.query<GlossaryTermView>(
        `INSERT INTO glossary_terms (term, plain) VALUES ($1, $2)
         ON CONFLICT (term) DO UPDATE SET plain = EXCLUDED.plain, updated_at = now() RETURNING term, plain`,
        [term, plain],
      );
      await this.audit.record({ action: 'set', entityType: 'glossary_term', entityId: term, details: { plain } });
      return row!;
    });
  }

  /**
   * GET /taf-plans/{id}/family-summary: goals, who is helping with what and by when, the next
   * meeting, and each child's own views, every text passed through the glossary.
   */
  async summary(caller: AuthUser, planId: string): Promise<FamilySummaryView> {
    const [plan] = await this.db.query<{
      id: string;
      episodeId: string;
      familyId: string;
      dueBy: string | null;
      mainWorker: string | null;
    }>(
      `SELECT t.id, t.episode_id AS "episodeId", e.family_id AS "familyId",
              CASE WHEN t.ended_on IS NULL AND e.closed_on IS NULL THEN
                (coalesce((SELECT max(held_on) FROM taf_meetings m WHERE m.taf_plan_id = t.id), t.started_on)
                  + t.review_interval_weeks * 7)::text END AS "dueBy",
              (SELECT u.name FROM lead_professional_assignments lp JOIN users u ON u.id = lp.user_id
                WHERE lp.episode_id = e.id AND lp.ended_at IS NULL) AS "mainWorker"
         FROM taf_plans t JOIN episodes e ON e.id = t.episode_id WHERE t.id = $1`,
      [planId],
    );
    if (!plan) throw new NotFoundException(`No TAF plan with id ${planId}`);
    try {
      await this.access.assertCanReadCase(caller, plan.familyId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No TAF plan with id ${planId}`);
      throw error;
    }
    const glossary = await this.db.query<GlossaryTerm>(`SELECT term, plain FROM glossary_terms`);
    const plain = (text: string) => plainLanguage(text, glossary);

    const goals = await this.db.query<GoalRow>(
      `SELECT g.id, g.description, g.person_id AS "personId", p.first_name AS "firstName"
         FROM taf_goals g LEFT JOIN persons p ON p.id = g.person_id WHERE g.taf_plan_id = $1
        ORDER BY g.created_at, g.id`,
      [planId],
    );
    const actions = await this.db.query<ActionRow>(
      `SELECT a.taf_goal_id AS "goalId", a.description, coalesce(u.name, o.name) AS who, a.due_on::text AS by,
              a.status = 'done' AS done
         FROM taf_actions a JOIN taf_goals g ON g.id = a.taf_goal_id
         LEFT JOIN users u ON u.id = a.owner_user_id LEFT JOIN organisations o ON o.id = a.owner_organisation_id
        WHERE g.taf_plan_id = $1 AND a.status <> 'not_done'
        ORDER BY a.due_on, a.created_at, a.id`,
      [planId],
    );
    const helpersOf = (goalId: string): FamilyHelperView[] =>
      actions
        .filter((action) => action.goalId === goalId)
        .map((action) => ({
          who: plain(action.who),
          helpingWith: plain(action.description),
          by: action.by,
          done: action.done,
        }));
    const goalView = (goal: GoalRow): FamilyGoalView => ({
      goal: plain(goal.description),
      forChild: goal.firstName,
      helpers: helpersOf(goal.id),
    });
    const nextMeeting: NextMeetingView | null = plan.dueBy ? { dueBy: plan.dueBy, what: plain('TAF') } : null;

    const children = await this.db.query<{ personId: string; firstName: string }>(
      `SELECT p.id AS "personId", p.first_name AS "firstName"
         FROM family_members m JOIN persons p ON p.id = m.person_id
        WHERE m.family_id = $1 AND m.ended_on IS NULL AND (m.relationship = 'child' OR p.person_type = 'child')
        ORDER BY p.date_of_birth NULLS LAST, p.id`,
      [plan.familyId],
    );
    const forChildren = [];
    for (const child of children) {
      const views = await this.db.query<{ words: string }>(
        `SELECT words FROM (
           SELECT v.words, v.updated_at AS at FROM assessment_child_voices v JOIN assessments a ON a.id = v.assessment_id
            WHERE a.episode_id = $1 AND v.person_id = $2
           UNION ALL
           SELECT c.views, m.held_on::timestamptz FROM taf_meeting_children c JOIN taf_meetings m ON m.id = c.taf_meeting_id
            WHERE m.taf_plan_id = $3 AND c.person_id = $2 AND c.views IS NOT NULL
           UNION ALL
           SELECT coalesce((SELECT a.child_words FROM case_entry_amendments a WHERE a.case_entry_id = e.id
                             ORDER BY a.created_at DESC, a.id DESC LIMIT 1), e.child_words), e.occurred_at
             FROM case_entries e WHERE e.episode_id = $1 AND e.subject_person_id = $2) AS v
          WHERE words IS NOT NULL ORDER BY at`,
        [plan.episodeId, child.personId, planId],
      );
      const own = goals.filter((goal) => goal.personId === child.personId);
      forChildren.push({
        personId: child.personId,
        firstName: child.firstName,
        goals: own.map(goalView),
        helpers: own.flatMap((goal) => helpersOf(goal.id)),
        nextMeeting,
        yourViews: views.map((view) => plain(view.words)),
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
