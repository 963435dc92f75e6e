import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';

/** A number 0–99 from an id: picks a share of episodes repeatably for one database. */
const PICK = (id: string) => `(('x' || substr(md5(${id}::text), 1, 7))::bit(28)::int % 100)`;

/** The 45th working day after a date (weekends and bank holidays skipped), as the service dates it. */
const DUE_45WD = (start: string) => `(SELECT d FROM (
    SELECT g::date AS d, row_number() OVER (ORDER BY g) AS n FROM generate_series(${start} + 1, ${start} + 120, interval '1 day') g
     WHERE extract(isodow FROM g) < 6 AND g::date NOT IN (SELECT date FROM bank_holidays)) w WHERE n = 45)`;

/**
 * The Family Help part of the demo history, written after the legacy import (the import format has
 * no kinds for them): the partnership switches to the Family Help names on the switch date; about
 * a third of the Family Help episodes opened since have a Family Group Conference, and about one
 * specialist episode in four is opened as child in need under a registered social worker, with an
 * assessment, factors, a plan and, when the episode closed, a closure. Idempotent: what exists is
 * left alone.
 */
@Injectable()
export class DemoFamilyHelpRepository {
  constructor(private readonly db: DatabaseService) {}

  async seed(switchOn: string, today: string): Promise<{ fgcs: number; cinCases: number }> {
    return this.db.transaction(async () => {
      await this.db.query(
        `UPDATE support_level_vocabularies SET in_use_from = $1, updated_at = now() WHERE code = 'family_help' AND in_use_from IS NULL`,
        [switchOn],
      );
      const fgcs = await this.db.query<{ id: string }>(
        `WITH chosen AS (
           SELECT e.id, e.family_id, e.opened_on, least(coalesce(e.closed_on, $2::date), $2::date) AS last_day,
                  (SELECT a.user_id FROM lead_professional_assignments a WHERE a.episode_id = e.id ORDER BY a.started_at LIMIT 1) AS lead
             FROM episodes e JOIN support_levels s ON s.code = e.level AND s.vocabulary = 'family_help'
            WHERE e.opened_on >= $1::date AND ${PICK('e.id')} < 35
              AND NOT EXISTS (SELECT 1 FROM family_group_conferences f WHERE f.episode_id = e.id))
         INSERT INTO family_group_conferences (episode_id, family_id, requested_on, reason, first_response, coordinator_user_id,
                                               preparation, held_on, private_family_time)
         SELECT id, family_id, opened_on + 3, 'The family want their network to make the plan', ${PICK('id')} % 5 <> 0, lead,
                'Met the family and the people they named; booked the family hub',
                CASE WHEN opened_on + 14 + ${PICK('id')} % 42 <= last_day THEN opened_on + 14 + ${PICK('id')} % 42 END,
                CASE WHEN opened_on + 14 + ${PICK('id')} % 42 <= last_day THEN ${PICK('id')} % 10 <> 0 END
           FROM chosen WHERE lead IS NOT NULL AND opened_on + 3 <= last_day
         RETURNING id`,
        [switchOn, today],
      );
      await this.db.query(
        `INSERT INTO fgc_attendees (fgc_id, kind, person_id)
         SELECT f.id, 'family_member', m.person_id FROM family_group_conferences f
           JOIN family_members m ON m.family_id = f.family_id AND m.relationship <> 'child' AND m.ended_on IS NULL
          WHERE f.id = ANY($1::uuid[]) AND f.held_on IS NOT NULL`,
        [fgcs.map((row) => row.id)],
      );
      await this.db.query(
        `INSERT INTO fgc_plan_items (fgc_id, position, words)
         SELECT f.id, 1, 'We will eat together every evening and Nan will do the school run on Mondays.'
           FROM family_group_conferences f WHERE f.id = ANY($1::uuid[]) AND f.held_on IS NOT NULL`,
        [fgcs.map((row) => row.id)],
      );
      const cases = await this.db.query<{ id: string }>(
        `WITH candidate AS (
           SELECT e.id, e.family_id, e.opened_on + 7 AS referral_on, e.closed_on, ${PICK('e.id')} AS pick
             FROM episodes e
            WHERE e.level = 'specialist_family_help' AND e.opened_on >= $1::date AND e.opened_on + 7 <= coalesce(e.closed_on, $2::date)
              AND EXISTS (SELECT 1 FROM lead_professional_assignments a WHERE a.episode_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM cin_cases c WHERE c.episode_id = e.id)),
         -- About a quarter of them (episode ids are random, so the share varies), and at least one on a first seed.
         chosen AS (
           SELECT id, family_id, referral_on, closed_on FROM candidate
            WHERE pick % 4 = 0
               OR (pick = (SELECT min(pick) FROM candidate) AND NOT EXISTS (SELECT 1 FROM cin_cases))),
         led AS (
           UPDATE lead_professional_assignments a SET registered_social_worker = true
             FROM chosen WHERE a.episode_id = chosen.id RETURNING chosen.*)
         INSERT INTO cin_cases (episode_id, family_id, referral_on, referral_source, primary_need, closed_on, closure_reason)
         SELECT DISTINCT ON (id) id, family_id, referral_on, '5D', (ARRAY['N1', 'N4', 'N5', 'N3'])[1 + ${PICK('id')} % 4], closed_on,
                CASE WHEN closed_on IS NOT NULL THEN (ARRAY['RC7', 'RC9'])[1 + ${PICK('id')} % 2] END
           FROM led
         RETURNING id`,
        [switchOn, today],
      );
      const ids = cases.map((row) => row.id);
      await this.db.query(
        `INSERT INTO cin_case_children (cin_case_id, person_id)
         SELECT c.id, m.person_id FROM cin_cases c JOIN family_members m ON m.family_id = c.family_id AND m.ended_on IS NULL
           JOIN persons p ON p.id = m.person_id AND p.person_type = 'child'
          WHERE c.id = ANY($1::uuid[])`,
        [ids],
      );
      await this.db.query(
        `INSERT INTO cin_assessments (cin_case_id, started_on, authorisation_due_on, authorised_on)
         SELECT c.id, c.referral_on + 1, ${DUE_45WD('c.referral_on + 1')},
                CASE WHEN c.referral_on + 1 + 20 + ${PICK('c.id')} % 50 <= coalesce(c.closed_on, $2::date)
                     THEN c.referral_on + 1 + 20 + ${PICK('c.id')} % 50 END
           FROM cin_cases c WHERE c.id = ANY($1::uuid[])`,
        [ids, today],
      );
      await this.db.query(
        `INSERT INTO cin_assessment_factors (cin_assessment_id, person_id, factor)
         SELECT a.id, n.person_id, (ARRAY['3A', '4B', '16A', '17A', '2B', '7A'])[1 + ${PICK('n.person_id')} % 6]
           FROM cin_assessments a JOIN cin_case_children n ON n.cin_case_id = a.cin_case_id
          WHERE a.cin_case_id = ANY($1::uuid[]) AND a.authorised_on IS NOT NULL`,
        [ids],
      );
      await this.db.query(
        `INSERT INTO cin_plans (cin_case_id, started_on, ended_on)
         SELECT a.cin_case_id, a.authorised_on + 3, c.closed_on FROM cin_assessments a JOIN cin_cases c ON c.id = a.cin_case_id
          WHERE a.cin_case_id = ANY($1::uuid[]) AND a.authorised_on IS NOT NULL AND a.authorised_on + 3 <= coalesce(c.closed_on, $2::date)`,
        [ids, today],
      );
      return { fgcs: fgcs.length, cinCases: cases.length };
    });
  }
}
