import {
  Breakdown,
  breakdownGrouping,
  londonDate,
  londonDateBetween,
  MeasureDefinition,
  OPEN_EPISODES,
  organisationExpressions,
} from '../measures/measure-definition';

const ORGANISATION_BREAKDOWNS: readonly Breakdown[] = ['organisation', 'organisation_type', 'locality'];
const bySfOrganisation = breakdownGrouping(organisationExpressions(ORGANISATION_BREAKDOWNS));

/**
 * Episodes open at period end (the start plays no part) with a Lead Professional active at the end
 * of that (London) day from a Strengthening Families organisation (`o`), by that organisation;
 * `numerator` counts those matching `condition`, which may use `e.id` (the episode) and
 * `e.last_day` (the period end) and is evaluated once a period end.
 */
function strengtheningFamiliesMeasure(
  measure: Omit<MeasureDefinition, 'sql' | 'breakdowns' | 'unit'>,
  condition: string,
): MeasureDefinition {
  return {
    ...measure,
    unit: 'percentage',
    breakdowns: ORGANISATION_BREAKDOWNS,
    countsOrganisations: `o.type = 'strengthening_families'`,
    sql: `
      WITH ${OPEN_EPISODES},
      led AS MATERIALIZED (
        SELECT e.last_day, lp.organisation_id, ${condition} AS counted
          FROM open_episode e
          JOIN lead_professional_assignments lp ON lp.episode_id = e.id
           AND ${londonDate('lp.started_at')} <= e.last_day
           AND (lp.ended_at IS NULL OR ${londonDate('lp.ended_at')} > e.last_day)
          JOIN organisations o ON o.id = lp.organisation_id AND o.type = 'strengthening_families')
      SELECT ${bySfOrganisation.columns}, count(*) FILTER (WHERE led.counted) AS numerator, count(*) AS denominator
        FROM period JOIN led ON led.last_day = period.last_day
        JOIN organisations o ON o.id = led.organisation_id
       ${bySfOrganisation.groupBy}`,
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
              WHERE p.episode_id = e.id AND m.held_on BETWEEN e.last_day - 84 AND e.last_day)`,
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
                AND ${londonDateBetween('v.occurred_at', 'e.last_day - 14', 'e.last_day')})`,
  ),
];
