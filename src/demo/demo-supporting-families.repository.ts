import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import { HEADLINE_NEED_CODES } from '../supporting-families/sf-rules';

/** How many periods of support the demo follows through Supporting Families. */
const DEMO_FAMILIES = 6;

/** A number 0–99 from an id: the same families are chosen again for one database. */
const PICK = (id: string) => `(('x' || substr(md5(${id}::text), 1, 7))::bit(28)::int % 100)`;

/**
 * Supporting Families in the demo history (no import kind carries it): a few episodes whose latest
 * completed EHA identifies three or more headline outcome areas and that have a TAF plan get a goal
 * per headline need, each need achieved two to six weeks after the assessment (evidenced by the
 * Lead Professional), and a claim on the day the last need is sustained when that day has come.
 * Idempotent: an episode that already has progress is left alone.
 */
@Injectable()
export class DemoSupportingFamiliesRepository {
  constructor(private readonly db: DatabaseService) {}

  async seed(today: string): Promise<{ families: number; claims: number }> {
    return this.db.transaction(async () => {
      const chosen = await this.db.query<{ episode_id: string }>(
        `WITH latest AS (
           SELECT DISTINCT ON (a.episode_id) a.episode_id, a.id, a.completed_on, a.needs
             FROM assessments a WHERE a.status = 'completed' ORDER BY a.episode_id, a.completed_on DESC, a.id DESC),
         candidate AS (
           SELECT l.*, t.id AS plan_id, ${PICK('l.episode_id')} AS pick FROM latest l
             JOIN taf_plans t ON t.episode_id = l.episode_id
            WHERE l.completed_on <= $1::date - 60
              AND (SELECT count(DISTINCT r.headline) FROM sf_outcome_rules r WHERE r.need_code = ANY(l.needs)) >= 3
              AND EXISTS (SELECT 1 FROM lead_professional_assignments p WHERE p.episode_id = l.episode_id)
              AND NOT EXISTS (SELECT 1 FROM sf_progress s WHERE s.episode_id = l.episode_id)),
         -- Two thirds assessed long enough ago for every need to be sustained (a claim), a third still in progress.
         eligible AS (
           (SELECT * FROM candidate WHERE completed_on <= $1::date - 240 ORDER BY pick, episode_id LIMIT $2 * 2 / 3)
           UNION ALL
           (SELECT * FROM candidate WHERE completed_on > $1::date - 240 ORDER BY pick, episode_id LIMIT $2 / 3))
         INSERT INTO taf_goals (taf_plan_id, description, need)
         SELECT e.plan_id, 'Supporting Families outcome: ' || replace(n.code, '_', ' '), n.code
           FROM eligible e CROSS JOIN LATERAL unnest(e.needs) AS n(code)
          WHERE n.code = ANY($3::text[])
         RETURNING (SELECT episode_id FROM taf_plans WHERE id = taf_plan_id) AS episode_id`,
        [today, DEMO_FAMILIES, [...HEADLINE_NEED_CODES]],
      );
      const episodes = [...new Set(chosen.map((row) => row.episode_id))];
      await this.db.query(
        `INSERT INTO sf_progress (family_id, episode_id, taf_goal_id, need_code, status, status_on, evidence,
                                  recorded_by_user_id, recorded_by_organisation_id)
         SELECT e.family_id, e.id, g.id, g.need, 'achieved', a.completed_on + 14 + ${PICK('g.id')} % 28,
                'Confirmed at the TAF review with the family and the agency that holds the record', lp.user_id,
                lp.organisation_id
           FROM episodes e
           JOIN taf_plans t ON t.episode_id = e.id
           JOIN taf_goals g ON g.taf_plan_id = t.id AND g.description LIKE 'Supporting Families outcome: %'
           JOIN LATERAL (SELECT x.completed_on FROM assessments x WHERE x.episode_id = e.id AND x.status = 'completed'
                          ORDER BY x.completed_on DESC, x.id DESC LIMIT 1) a ON true
           JOIN LATERAL (SELECT p.user_id, p.organisation_id FROM lead_professional_assignments p WHERE p.episode_id = e.id
                          ORDER BY p.started_at LIMIT 1) lp ON true
          WHERE e.id = ANY($1::uuid[]) AND a.completed_on + 14 + ${PICK('g.id')} % 28 <= $2::date`,
        [episodes, today],
      );
      const claims = await this.db.query(
        `WITH due AS (
           SELECT e.id, e.family_id, a.id AS assessment_id, a.needs,
                  (SELECT max(s.status_on + make_interval(months => r.sustained_months))::date
                     FROM sf_progress s JOIN sf_outcome_rules r ON r.need_code = s.need_code WHERE s.episode_id = e.id)
                    AS claimed_on,
                  lp.user_id, lp.organisation_id
             FROM episodes e
             JOIN LATERAL (SELECT x.id, x.needs FROM assessments x WHERE x.episode_id = e.id AND x.status = 'completed'
                            ORDER BY x.completed_on DESC, x.id DESC LIMIT 1) a ON true
             JOIN LATERAL (SELECT p.user_id, p.organisation_id FROM lead_professional_assignments p
                            WHERE p.episode_id = e.id ORDER BY p.started_at LIMIT 1) lp ON true
            WHERE e.id = ANY($1::uuid[])
              AND (SELECT count(*) FROM sf_progress s WHERE s.episode_id = e.id)
                = (SELECT count(*) FROM unnest(a.needs) n WHERE n = ANY($3::text[])))
         INSERT INTO sf_claims (family_id, episode_id, assessment_id, claimed_on, financial_year, quarter, needs,
                                claimed_by_user_id, claimed_by_organisation_id)
         SELECT family_id, id, assessment_id, claimed_on,
                to_char(claimed_on - interval '3 months', 'YYYY') || '-' || to_char(claimed_on + interval '9 months', 'YY'),
                (extract(month FROM claimed_on)::int + 8) % 12 / 3 + 1,
                ARRAY(SELECT c FROM unnest($3::text[]) WITH ORDINALITY AS h(c, i) WHERE c = ANY(needs) ORDER BY i),
                user_id, organisation_id
           FROM due WHERE claimed_on <= $2::date
         RETURNING id`,
        [episodes, today, [...HEADLINE_NEED_CODES]],
      );
      return { families: episodes.length, claims: claims.length };
    });
  }
}
