import { breakdownGrouping, MeasureDefinition } from './measure-definition';

export const MANUAL_ACTIVITIES = ['portal_web_usage', 'networking_events', 'networking_participants'] as const;
export type ManualActivity = (typeof MANUAL_ACTIVITIES)[number];

const byActivity = breakdownGrouping({ activity: 'v.activity' });

/** Figures analysts submit by hand: summed over the submissions that fall inside the period. */
export const partnershipActivity: MeasureDefinition = {
  key: 'partnership_activity',
  title: 'Partnership activity',
  definition:
    'Values that analysts submit (portal web usage, networking events, participants), summed over the ' +
    'submitted periods that fall wholly inside the period; broken down by activity.',
  unit: 'count',
  breakdowns: ['activity'],
  sql: `
    SELECT ${byActivity.columns}, sum(v.value) AS numerator, NULL::numeric AS denominator
      FROM period JOIN measure_manual_values v ON v.period_start >= period.first_day AND v.period_end <= period.last_day
     ${byActivity.groupBy}`,
};
