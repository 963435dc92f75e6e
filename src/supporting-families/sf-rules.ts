import { NEED_CODES, type NeedCode } from '../assessments/need-codes';
import { periodContaining } from '../measures/periods';

/**
 * The Supporting Families headline outcomes as need codes (domain.md "Need codes"): eleven codes
 * for the framework's ten headline outcome areas, improved mental health and improved physical
 * health being the one area "improved mental and physical health". `neglect`, `send`,
 * `young_carer` and `other` are local codes: they neither count towards eligibility nor need
 * progress for a claim.
 */
const LOCAL_NEED_CODES = ['neglect', 'send', 'young_carer', 'other'] as const;
export type HeadlineNeedCode = Exclude<NeedCode, (typeof LOCAL_NEED_CODES)[number]>;
export const HEADLINE_NEED_CODES: readonly HeadlineNeedCode[] = NEED_CODES.filter(
  (code): code is HeadlineNeedCode => !(LOCAL_NEED_CODES as readonly string[]).includes(code),
);

/** A family is eligible with needs in at least this many headline outcome areas at assessment. */
export const ELIGIBLE_HEADLINE_AREAS = 3;

export const PROGRESS_STATUSES = ['achieved', 'not_achieved'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** The financial year (1 April to 31 March, "2025-26") and its quarter (Q1 April–June … Q4 January–March). */
export function financialQuarter(date: string): { financialYear: string; quarter: number } {
  const month = Number(date.slice(5, 7));
  return {
    financialYear: periodContaining('financial_year', date).key,
    quarter: Math.floor(((month + 8) % 12) / 3) + 1,
  };
}

/** The headline needs among an assessment's needs, in the order of the code list. */
export function headlineNeeds(needs: readonly string[]): HeadlineNeedCode[] {
  return HEADLINE_NEED_CODES.filter((code) => needs.includes(code));
}

/**
 * The latest completed EHA of the episode in `episode` completed on or before `asOf` (SQL
 * expressions): the needs identified at assessment for the period of support.
 */
export const assessmentAtSql = (episode: string, asOf: string) => `
  SELECT a.id, a.completed_on, a.needs FROM assessments a
   WHERE a.episode_id = ${episode} AND a.status = 'completed' AND a.completed_on <= ${asOf}
   ORDER BY a.completed_on DESC, a.id DESC LIMIT 1`;

/**
 * Each headline need in `needs` (a text[] expression) with its outcome rule and its progress on
 * the episode as of `asOf`: `achieved_since`, the first day of the unbroken run of `achieved`
 * records after the last `not_achieved` one (an `achieved` record on the day of a lapse does not
 * count), and `sustained_on`, that day plus the rule's months. The need shows significant and
 * sustained progress on `asOf` when `sustained_on <= asOf`. Correlated SQL: usable for one claim
 * or, in a lateral join, for every claim of a return.
 */
export const needStatusSql = (episode: string, asOf: string, needs: string) => `
  SELECT r.need_code, r.headline, r.sustained_months, held.since AS achieved_since,
         (held.since + make_interval(months => r.sustained_months))::date AS sustained_on
    FROM sf_outcome_rules r
    CROSS JOIN LATERAL (
      SELECT min(p.status_on) AS since FROM sf_progress p
       WHERE p.episode_id = ${episode} AND p.need_code = r.need_code AND p.status = 'achieved'
         AND p.status_on <= ${asOf}
         AND p.status_on > coalesce((SELECT max(l.status_on) FROM sf_progress l
                                      WHERE l.episode_id = ${episode} AND l.need_code = r.need_code
                                        AND l.status = 'not_achieved' AND l.status_on <= ${asOf}), '-infinity'::date)
    ) held
   WHERE r.need_code = ANY(${needs})`;
