import { breakdownGrouping, MeasureDefinition, RUN_FIRST_DAY, RUN_LAST_DAY } from '../measures/measure-definition';

/** "Held early": within this many weeks of the Family Help episode's start. */
export const FGC_EARLY_WEEKS = 6;

const all = breakdownGrouping({});

/** FGCs on Family Help episodes: levels of the targeted and specialist groups, in either vocabulary (docs/measures.md). */
const ON_FAMILY_HELP = `JOIN episodes e ON e.id = f.episode_id
  JOIN support_levels s ON s.code = e.level AND s.measure_group IN ('targeted', 'specialist')`;

export const FGC_MEASURES: MeasureDefinition[] = [
  {
    key: 'fgc_held',
    title: 'Family Group Conferences held',
    definition: 'Family Group Conferences on Family Help episodes whose conference date is in the period.',
    unit: 'count',
    breakdowns: [],
    sql: `
      SELECT ${all.columns}, count(*) AS numerator, NULL::numeric AS denominator
        FROM period_day period
        JOIN family_group_conferences f ON f.held_on = period.day AND f.held_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
        ${ON_FAMILY_HELP}
       ${all.groupBy}`,
  },
  {
    key: 'fgc_held_early',
    title: `Family Group Conferences held within ${FGC_EARLY_WEEKS} weeks of the Family Help start`,
    definition:
      `Of the Family Group Conferences held in the period (conference date), those held no more than ` +
      `${FGC_EARLY_WEEKS * 7} days after their episode opened, as a %.`,
    unit: 'percentage',
    breakdowns: [],
    sql: `
      SELECT ${all.columns}, count(*) FILTER (WHERE f.held_on <= e.opened_on + ${FGC_EARLY_WEEKS * 7}) AS numerator,
             count(*) AS denominator
        FROM period_day period
        JOIN family_group_conferences f ON f.held_on = period.day AND f.held_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
        ${ON_FAMILY_HELP}
       ${all.groupBy}`,
  },
  {
    key: 'fgc_plan_held_at_review',
    title: "Families whose FGC plan held at review",
    definition: "Of the Family Group Conference plans reviewed in the period (review date), those the review found held, as a %.",
    unit: 'percentage',
    breakdowns: [],
    sql: `
      SELECT ${all.columns}, count(*) FILTER (WHERE f.plan_held) AS numerator, count(*) AS denominator
        FROM period_day period
        JOIN family_group_conferences f ON f.reviewed_on = period.day
         AND f.reviewed_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
        ${ON_FAMILY_HELP}
       ${all.groupBy}`,
  },
];
