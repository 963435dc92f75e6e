import { needStatusSql } from '../supporting-families/sf-rules';
import { FROM, SAFE, TO } from './return-sql';

/**
 * The `supporting-families-claims` return: every claim made in the period (claim date), one row
 * per claim (a family's period of support). The standard names no headings for it: these are the
 * README's ("Supporting Families claims"), dates ISO (YYYY-MM-DD), needs as `;`-separated codes.
 */
export const SF_CLAIMS_RETURN_SQL = `
  SELECT c.id::text AS claim_id, c.family_id::text AS family_id, c.episode_id::text AS period_of_support_id,
         c.claimed_on::text AS claim_date, c.financial_year, 'Q' || c.quarter AS quarter,
         'significant_and_sustained_progress' AS claim_basis,
         a.completed_on::text AS assessment_completed_date,
         (SELECT count(DISTINCT r.headline) FROM sf_outcome_rules r WHERE r.need_code = ANY(c.needs))::int
           AS headline_outcome_areas,
         array_to_string(c.needs, ';') AS needs_with_sustained_progress,
         (SELECT max(s.sustained_on)::text FROM (${needStatusSql('c.episode_id', 'c.claimed_on', 'c.needs')}) s)
           AS all_needs_sustained_date,
         e.opened_on::text AS support_start_date, e.closed_on::text AS support_end_date,
         ${SAFE('lo.name')} AS lead_organisation, ${SAFE('co.name')} AS claimed_by_organisation
    FROM sf_claims c
    JOIN episodes e ON e.id = c.episode_id
    JOIN assessments a ON a.id = c.assessment_id
    JOIN organisations co ON co.id = c.claimed_by_organisation_id
    LEFT JOIN LATERAL (SELECT l.organisation_id FROM lead_professional_assignments l WHERE l.episode_id = e.id
                        ORDER BY l.ended_at IS NULL DESC, l.started_at DESC LIMIT 1) lp ON true
    LEFT JOIN organisations lo ON lo.id = coalesce(lp.organisation_id, e.lead_organisation_id)
   WHERE c.claimed_on BETWEEN ${FROM} AND ${TO}
   ORDER BY c.claimed_on, c.id`;

/**
 * The return's own rule ($1 from, $2 to): a claim of the period whose needs, on today's records
 * and rules, were not all sustained on its date (a lapse recorded later, back-dated before the
 * claim, or a rule's months lengthened): the claim to check before the return is sent.
 */
export const SF_CLAIMS_VALIDATION_SQL = `
  SELECT 'claim-not-sustained' AS rule, 'sf_claim' AS "recordType", c.id::text AS "recordId", NULL::text AS "childId"
    FROM sf_claims c
   WHERE c.claimed_on BETWEEN $1::date AND $2::date
     AND EXISTS (SELECT 1 FROM (${needStatusSql('c.episode_id', 'c.claimed_on', 'c.needs')}) s
                  WHERE s.sustained_on IS NULL OR s.sustained_on > c.claimed_on)
   ORDER BY 1, 3`;
