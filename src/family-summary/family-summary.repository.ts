import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { GlossaryTermView } from './dto/family-summary.dto';
import type { GlossaryTerm } from './plain-language';

/** The TAF plan as the family summary needs it: when the next review is due and who the main worker is. */
export interface SummaryPlanRow {
  id: string;
  episodeId: string;
  familyId: string;
  dueBy: string | null;
  mainWorker: string | null;
}

export interface GoalRow {
  id: string;
  description: string;
  personId: string | null;
  firstName: string | null;
  forChild: boolean;
}

export interface ActionRow {
  goalId: string;
  description: string;
  who: string;
  by: string;
  done: boolean;
}

export interface SummaryChildRow {
  personId: string;
  firstName: string;
}

/** The SQL behind the glossary and the family's view of its TAF plan. */
@Injectable()
export class FamilySummaryRepository {
  constructor(private readonly db: DatabaseService) {}

  glossary(): Promise<GlossaryTermView[]> {
    return this.db.query<GlossaryTermView>(`SELECT term, plain FROM glossary_terms ORDER BY lower(term), term`);
  }

  /** Every term, unordered: what the plain-language pass reads. */
  glossaryTerms(): Promise<GlossaryTerm[]> {
    return this.db.query<GlossaryTerm>(`SELECT term, plain FROM glossary_terms`);
  }

  async upsertTerm(term: string, plain: string): Promise<GlossaryTermView> {
    const [row] = await this.db.query<GlossaryTermView>(
      `INSERT INTO glossary_terms (term, plain) VALUES ($1, $2)
       ON CONFLICT (term) DO UPDATE SET plain = EXCLUDED.plain, updated_at = now() RETURNING term, plain`,
      [term, plain],
    );
    return row!;
  }

  /** The next review is due the review interval after the last meeting (or the start), while the plan and episode are open. */
  async plan(planId: string): Promise<SummaryPlanRow | undefined> {
    const [plan] = await this.db.query<SummaryPlanRow>(
      `SELECT t.id, t.episode_id AS "episodeId", e.family_id AS "familyId",
              CASE WHEN t.ended_on IS NULL AND e.closed_on IS NULL THEN
                (coalesce((SELECT max(held_on) FROM taf_meetings m WHERE m.taf_plan_id = t.id), t.started_on)
                  + t.review_interval_weeks * 7)::text END AS "dueBy",
              (SELECT u.name FROM lead_professional_assignments lp JOIN users u ON u.id = lp.user_id
                WHERE lp.episode_id = e.id AND lp.ended_at IS NULL) AS "mainWorker"
         FROM taf_plans t JOIN episodes e ON e.id = t.episode_id WHERE t.id = $1`,
      [planId],
    );
    return plan;
  }

  goals(planId: string): Promise<GoalRow[]> {
    return this.db.query<GoalRow>(
      `SELECT g.id, g.description, g.person_id AS "personId", p.first_name AS "firstName",
              p.person_type = 'child' AS "forChild"
         FROM taf_goals g LEFT JOIN persons p ON p.id = g.person_id WHERE g.taf_plan_id = $1
        ORDER BY g.created_at, g.id`,
      [planId],
    );
  }

  /** The plan's actions, except those recorded as not done; the owner named by user, else organisation. */
  actions(planId: string): Promise<ActionRow[]> {
    return this.db.query<ActionRow>(
      `SELECT a.taf_goal_id AS "goalId", a.description, coalesce(u.name, o.name) AS who, a.due_on::text AS by,
              a.status = 'done' AS done
         FROM taf_actions a JOIN taf_goals g ON g.id = a.taf_goal_id
         LEFT JOIN users u ON u.id = a.owner_user_id LEFT JOIN organisations o ON o.id = a.owner_organisation_id
        WHERE g.taf_plan_id = $1 AND a.status <> 'not_done'
        ORDER BY a.due_on, a.created_at, a.id`,
      [planId],
    );
  }

  /** The family's current children, eldest first. */
  children(familyId: string): Promise<SummaryChildRow[]> {
    return this.db.query<SummaryChildRow>(
      `SELECT p.id AS "personId", p.first_name AS "firstName"
         FROM family_members m JOIN persons p ON p.id = m.person_id
        WHERE m.family_id = $1 AND m.ended_on IS NULL AND (m.relationship = 'child' OR p.person_type = 'child')
        ORDER BY p.date_of_birth NULLS LAST, p.id`,
      [familyId],
    );
  }

  /**
   * The child's own words in the episode, oldest first: from assessments, from the plan's
   * meetings, and from case entries (the latest amendment's words when amended).
   */
  async childViews(episodeId: string, planId: string, personId: string): Promise<string[]> {
    const rows = await this.db.query<{ words: string }>(
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
      [episodeId, personId, planId],
    );
    return rows.map((row) => row.words);
  }
}
