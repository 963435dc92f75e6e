import {
  breakdownGrouping,
  londonDate,
  MeasureDefinition,
  organisationExpressions,
  RUN_FIRST_DAY,
  RUN_LAST_DAY,
  sqlList,
} from '../measures/measure-definition';
import { SOCIAL_CARE_OUTCOMES } from '../marf/marf-rules';

const SOCIAL_CARE = sqlList(SOCIAL_CARE_OUTCOMES);
/** The 365 days after the step-down (its own day excluded, the 365th included). */
const within = (column: string) => `${column} > s.transition_on AND ${column} <= s.transition_on + 365`;

const byLeadOrganisation = breakdownGrouping(organisationExpressions(['organisation_type', 'locality'], 'o', true));

/**
 * Step-downs in the period whose family came back to social care within 365 days: a step-up, a
 * social care referral for a child member of the family, or a MARF about the family decided to
 * social care (section 17 or 47). By the stepped-down episode's lead organisation.
 */
export const STEP_DOWN_REREFERRED: MeasureDefinition = {
  key: 'step_down_rereferred_12m',
  title: 'Step-downs re-referred to social care within 12 months',
  definition:
    'Step-downs in the period followed within 365 days by a step-up, a social care referral for a child of the ' +
    'family, or a MARF about the family decided to social_care_assessment or strategy_discussion, as a % of ' +
    "step-downs in the period. By the episode's lead organisation.",
  unit: 'percentage',
  breakdowns: ['organisation_type', 'locality'],
  windowDays: 365,
  // Each step-down's follow-up is evaluated once, however many periods it falls in.
  sql: `
    WITH stepped_down AS MATERIALIZED (
      SELECT s.transition_on, e.lead_organisation_id,
             EXISTS (SELECT 1 FROM transitions u
                      WHERE u.family_id = s.family_id AND u.kind = 'step_up' AND ${within('u.transition_on')})
             OR EXISTS (SELECT 1 FROM social_care_involvements r
                          JOIN family_members fm ON fm.person_id = r.person_id AND fm.family_id = s.family_id
                          JOIN persons p ON p.id = r.person_id AND p.person_type = 'child'
                         WHERE r.kind = 'referral' AND ${within('r.started_on')})
             OR EXISTS (SELECT 1 FROM marf_decisions d JOIN marfs m ON m.id = d.marf_id
                         WHERE m.family_id = s.family_id AND d.outcome IN ${SOCIAL_CARE}
                           AND ${within(londonDate('d.decided_at'))}) AS rereferred
        FROM transitions s
        JOIN episodes e ON e.id = s.episode_id
       WHERE s.kind = 'step_down'
         AND s.transition_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY})
    SELECT ${byLeadOrganisation.columns}, count(*) FILTER (WHERE s.rereferred) AS numerator, count(*) AS denominator
      FROM stepped_down s
      LEFT JOIN organisations o ON o.id = s.lead_organisation_id
      JOIN period_day period ON period.day = s.transition_on
     ${byLeadOrganisation.groupBy}`,
};
