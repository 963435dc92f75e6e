import type { MeasureDefinition } from './measure-definition';

export const MANUAL_ACTIVITIES = ['portal_web_usage', 'networking_events', 'networking_participants'] as const;
export type ManualActivity = (typeof MANUAL_ACTIVITIES)[number];

/** Figures analysts submit by hand: summed over the submissions that fall inside the period. */
export const partnershipActivity: MeasureDefinition = {
  key: 'partnership_activity',
  title: 'Partnership activity',
  definition:
    'Values that analysts submit (portal web usage, networking events, participants), summed over the ' +
    'submitted periods that fall wholly inside the period; broken down by activity.',
  unit: 'count',
  breakdowns: ['activity'],
  sql: () => `
    SELECT activity AS breakdown_value, sum(value) AS numerator, NULL::numeric AS denominator
      FROM measure_manual_values
     WHERE period_start >= $1::date AND period_end <= $2::date
     GROUP BY activity`,
};
