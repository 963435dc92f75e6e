import { Breakdown, MeasureDefinition, organisationGroup } from '../measures/measure-definition';

const ORGANISATION_BREAKDOWNS: readonly Breakdown[] = ['organisation', 'organisation_type', 'locality'];
const london = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/**
 * Episodes open at period end ($2; the start $1 plays no part) whose Lead Professional active at the end of that (London) day
 * is from a Strengthening Families organisation (`o`), by that organisation; `numerator` counts
 * those matching `condition` (which may use `e`, the episode).
 */
function strengtheningFamiliesMeasure(
  measure: Omit<MeasureDefinition, 'sql' | 'breakdowns' | 'unit'>,
  condition: string,
): MeasureDefinition {
  return {
    ...measure,
    unit: 'percentage',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${organisationGroup(breakdown)} AS breakdown_value,
             count(*) FILTER (WHERE ${condition}) AS numerator,
             count(*) AS denominator
        FROM episodes e
        JOIN lead_professional_assignments lp ON lp.episode_id = e.id
         AND ${london('lp.started_at')} <= $2::date
         AND (lp.ended_at IS NULL OR ${london('lp.ended_at')} > $2::date)
        JOIN organisations o ON o.id = lp.organisation_id AND o.type = 'strengthening_families'
       WHERE $1::date <= $2::date AND e.opened_on <= $2::date AND (e.closed_on IS NULL OR e.closed_on > $2::date)
       GROUP BY 1`,
  };
}

export const CASE_NOTE_MEASURES: MeasureDefinition[] = [
  strengtheningFamiliesMeasure(
    {
      key: 'sf_taf_meeting_12_weeks',
      title: 'Strengthening Families episodes with a TAF meeting in the last 12 weeks',
      definition:
        'Episodes open at period end whose active Lead Professional is from a Strengthening Families ' +
        'organisation, with a TAF meeting held on or after 84 days before period end (and not after it), ' +
        'as a % of those episodes.',
      seedFigure: '97% (31 Mar 2023)',
    },
    `EXISTS (SELECT 1 FROM taf_meetings m JOIN taf_plans p ON p.id = m.taf_plan_id
              WHERE p.episode_id = e.id AND m.held_on BETWEEN $2::date - 84 AND $2::date)`,
  ),
  strengtheningFamiliesMeasure(
    {
      key: 'sf_visit_2_weeks',
      title: 'Strengthening Families episodes with a family visit in the last 2 weeks',
      definition:
        'Episodes open at period end whose active Lead Professional is from a Strengthening Families ' +
        'organisation, with a visit (case note of kind visit, any setting) on or after 14 days before period ' +
        'end (London date, and not after it), as a % of those episodes.',
      seedFigure: '94% (31 Mar 2023)',
    },
    `EXISTS (SELECT 1 FROM case_entries v
              WHERE v.episode_id = e.id AND v.kind = 'visit'
                AND ${london('v.occurred_at')} BETWEEN $2::date - 14 AND $2::date)`,
  ),
];
