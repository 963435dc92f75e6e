import {
  Breakdown,
  breakdownGrouping,
  londonDate,
  MeasureDefinition,
  OPEN_EPISODES,
  organisationExpressions,
  RUN_FIRST_DAY,
  RUN_LAST_DAY,
  ageBand,
  CHILD_EXPRESSIONS,
  childSex,
} from '../measures/measure-definition';

/** Each measure reads the run's periods from `period`; "at period end" is the end of its last day. */
const END = 'period.last_day';
const ORGANISATION_BREAKDOWNS: readonly Breakdown[] = ['organisation', 'organisation_type', 'locality'];
const CHILD_BREAKDOWNS: readonly Breakdown[] = ['sex', 'ethnicity_group', 'age_band'];
const WINDOW = 365;

/** By an organisation `o` that may be missing (no lead, no referrer): those rows fall in 'none'. */
const byOrganisation = breakdownGrouping(organisationExpressions(ORGANISATION_BREAKDOWNS, 'o', true));
const byOrganisationKnown = breakdownGrouping(organisationExpressions(ORGANISATION_BREAKDOWNS));
const bySfLocality = breakdownGrouping(organisationExpressions(['locality'], 'o', true));
const byChild = breakdownGrouping(CHILD_EXPRESSIONS);

/**
 * `open_led`: OPEN_EPISODES with the Lead Professional assignment active at the end of that day
 * (none: NULL `user_id` and `organisation_id`).
 */
const OPEN_LED_EPISODES = `${OPEN_EPISODES},
  open_led AS MATERIALIZED (
    SELECT x.last_day, x.id, lead.user_id, lead.organisation_id
      FROM open_episode x
      LEFT JOIN LATERAL (
        SELECT a.user_id, a.organisation_id FROM lead_professional_assignments a
         WHERE a.episode_id = x.id AND ${londonDate('a.started_at')} <= x.last_day
           AND (a.ended_at IS NULL OR ${londonDate('a.ended_at')} > x.last_day)
         ORDER BY a.started_at DESC LIMIT 1) lead ON true)`;

/**
 * `child`: each distinct child of the families of `episodes` (rows of `open_episode e`, which it may
 * filter or join) at each period end, with their sex, ethnicity group and age band that day (an unborn
 * child: sex 'unborn', age band '0-4').
 */
const childrenAtEnd = (episodes: string) => `
  child AS MATERIALIZED (
    SELECT DISTINCT e.last_day, p.id, ${childSex('p.sex', 'p.date_of_birth', 'e.last_day')} AS sex, p.ethnicity_group,
           ${ageBand('age.years', 'p.date_of_birth', 'e.last_day')} AS age_band
      FROM ${episodes}
      JOIN family_members m ON m.family_id = e.family_id AND m.started_on <= e.last_day
                           AND (m.ended_on IS NULL OR m.ended_on > e.last_day)
      JOIN persons p ON p.id = m.person_id AND p.person_type = 'child'
      -- Aged once a row rather than once a band tested.
      CROSS JOIN LATERAL (SELECT eh_age_years(p.date_of_birth, e.last_day) AS years OFFSET 0) age)
  SELECT ${byChild.columns}, count(*) AS numerator, NULL::numeric AS denominator
    FROM period JOIN child c ON c.last_day = period.last_day
   ${byChild.groupBy}`;

/**
 * Episodes closed in the run's range with who led them last (for closed episodes, the Lead
 * Professional they closed with). `flag` (which may use `e`) is evaluated once an episode, however
 * many periods it falls in. Read them with CLOSED_IN_PERIOD.
 */
const closedEpisodes = (flag: string) => `
  WITH closed AS MATERIALIZED (
    SELECT e.closed_on, e.closure_reason, lead.organisation_id, ${flag} AS flag
      FROM episodes e
      LEFT JOIN LATERAL (
        SELECT a.organisation_id FROM lead_professional_assignments a WHERE a.episode_id = e.id
         ORDER BY a.started_at DESC LIMIT 1) lead ON true
     WHERE e.closed_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY})`;

/** The closed episodes `e`, with their last lead's organisation `o`, in each period they closed in. */
const CLOSED_IN_PERIOD = `closed e LEFT JOIN organisations o ON o.id = e.organisation_id
  JOIN period_day period ON period.day = e.closed_on`;

export const EARLY_HELP_MEASURES: MeasureDefinition[] = [
  {
    key: 'eha_submitted',
    title: 'Early Help Assessments submitted',
    definition: 'EHAs whose submitted date is in the period, by assessor organisation.',
    unit: 'count',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `
      SELECT ${byOrganisationKnown.columns}, count(*) AS numerator, NULL::numeric AS denominator
        FROM period_day period
        JOIN assessments a ON a.submitted_on = period.day
                          AND a.submitted_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
        JOIN organisations o ON o.id = a.assessor_organisation_id
       ${byOrganisationKnown.groupBy}`,
  },
  {
    key: 'active_lead_professionals',
    title: 'Active Lead Professionals',
    definition:
      'Distinct practitioners who are the active Lead Professional of an open episode at the end of the period, ' +
      'by their organisation.',
    unit: 'count',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `
      WITH ${OPEN_LED_EPISODES}
      SELECT ${byOrganisationKnown.columns}, count(DISTINCT lead.user_id) AS numerator, NULL::numeric AS denominator
        FROM period JOIN open_led lead ON lead.last_day = period.last_day
        JOIN organisations o ON o.id = lead.organisation_id
       WHERE lead.user_id IS NOT NULL
       ${byOrganisationKnown.groupBy}`,
  },
  {
    key: 'lead_professional_share',
    title: "Share of open episodes by Lead Professional's organisation",
    definition:
      "Open episodes at the end of the period by the type of their Lead Professional's organisation, as a % of " +
      'all open episodes (all: the % that have a Lead Professional; none: those without one).',
    unit: 'percentage',
    seedFigure: "SF 52.64%, children's centres 27.05%, schools 4.98%, health 0%, voluntary 0% (Jan 2022)",
    shareOfWhole: true,
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `
      WITH ${OPEN_LED_EPISODES}
      SELECT ${byOrganisation.columns},
             CASE WHEN ${byOrganisation.breakdown} = 'all' THEN count(lead.organisation_id) ELSE count(*) END
               AS numerator,
             sum(count(*)) OVER (PARTITION BY period.period_kind, period.period_key, ${byOrganisation.breakdown})
               AS denominator
        FROM period JOIN open_led lead ON lead.last_day = period.last_day
        LEFT JOIN organisations o ON o.id = lead.organisation_id
       ${byOrganisation.groupBy}`,
  },
  {
    key: 'children_open_taf',
    title: 'Children in families with an open TAF plan',
    definition: 'Distinct children in families with an open TAF plan at the end of the period.',
    unit: 'count',
    seedFigure: '1,024 (Jan 2022)',
    breakdowns: CHILD_BREAKDOWNS,
    sql: `
      WITH ${OPEN_EPISODES}, ${childrenAtEnd(`open_episode e
        JOIN taf_plans t ON t.episode_id = e.id AND t.started_on <= e.last_day
                        AND (t.ended_on IS NULL OR t.ended_on > e.last_day)`)}`,
  },
  {
    key: 'children_open_multi_agency_eh',
    title: 'Children in open multi-agency Early Help',
    definition: 'Distinct children in families with an open multi-agency episode at the end of the period.',
    unit: 'count',
    seedFigure: '1,017 (31 Mar 2023)',
    breakdowns: CHILD_BREAKDOWNS,
    sql: `
      WITH ${OPEN_EPISODES}, ${childrenAtEnd('open_episode e JOIN support_levels s ON s.code = e.level AND s.multi_agency')}`,
  },
  {
    key: 'eh_referrals_by_org_type',
    title: 'Early Help referrals by referring organisation',
    definition: 'Episodes opened in the period by referring organisation, as a % of all episodes opened in the period.',
    unit: 'percentage',
    seedFigure: 'schools 40.11% (2021)',
    shareOfWhole: true,
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `
      SELECT ${byOrganisation.columns}, count(*) AS numerator,
             sum(count(*)) OVER (PARTITION BY period.period_kind, period.period_key, ${byOrganisation.breakdown})
               AS denominator
        FROM period_day period
        JOIN episodes e ON e.opened_on = period.day AND e.opened_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
        LEFT JOIN organisations o ON o.id = e.referring_organisation_id
       ${byOrganisation.groupBy}`,
  },
  {
    key: 'eh_reopened_12m',
    title: 'Families back in Early Help within 12 months',
    definition:
      'Episodes closed in the period whose family had a new episode opened within 365 days of the closure, as a % ' +
      'of episodes closed in the period; incomplete until 365 days after the period.',
    unit: 'percentage',
    seedFigure: '22.83% (2021)',
    windowDays: WINDOW,
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `
      ${closedEpisodes(`EXISTS (
        SELECT 1 FROM episodes n WHERE n.family_id = e.family_id AND n.id <> e.id
           AND n.opened_on BETWEEN e.closed_on AND e.closed_on + ${WINDOW})`)}
      SELECT ${byOrganisation.columns}, count(*) FILTER (WHERE e.flag) AS numerator, count(*) AS denominator
        FROM ${CLOSED_IN_PERIOD}
       ${byOrganisation.groupBy}`,
  },
  {
    key: 'sf_sustained_12m',
    title: 'Strengthening Families outcomes sustained for 12 months',
    definition:
      'Episodes led by Strengthening Families closed in the period with no new multi-agency episode for the family ' +
      'within 365 days, as a %; incomplete until 365 days after the period.',
    unit: 'percentage',
    windowDays: WINDOW,
    breakdowns: ['locality'],
    sql: `
      ${closedEpisodes(`NOT EXISTS (
        SELECT 1 FROM episodes n JOIN support_levels s ON s.code = n.level AND s.multi_agency
         WHERE n.family_id = e.family_id AND n.id <> e.id
           AND n.opened_on BETWEEN e.closed_on AND e.closed_on + ${WINDOW})`)}
      SELECT ${bySfLocality.columns}, count(*) FILTER (WHERE e.flag) AS numerator, count(*) AS denominator
        FROM ${CLOSED_IN_PERIOD}
       WHERE o.type = 'strengthening_families'
       ${bySfLocality.groupBy}`,
  },
  {
    key: 'eh_success_rate',
    title: 'Early Help closed with outcomes met',
    definition: 'Episodes closed in the period with reason outcomes_met, as a % of episodes closed in the period.',
    unit: 'percentage',
    seedFigure: '72.1% (2022-23)',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `
      ${closedEpisodes('NULL::boolean')}
      SELECT ${byOrganisation.columns}, count(*) FILTER (WHERE e.closure_reason = 'outcomes_met') AS numerator,
             count(*) AS denominator
        FROM ${CLOSED_IN_PERIOD}
       ${byOrganisation.groupBy}`,
  },
  {
    key: 'taf_reviews_overdue',
    title: 'TAF plans overdue a review',
    definition:
      'Open TAF plans at the end of the period whose last meeting (or start, before any meeting) is older than ' +
      "the plan's review interval, by the Lead Professional's organisation.",
    unit: 'count',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: `
      WITH ${OPEN_LED_EPISODES}
      SELECT ${byOrganisation.columns}, count(*) AS numerator, NULL::numeric AS denominator
        FROM period
        JOIN open_led lead ON lead.last_day = period.last_day
        JOIN taf_plans t ON t.episode_id = lead.id AND t.started_on <= ${END} AND (t.ended_on IS NULL OR t.ended_on > ${END})
        LEFT JOIN organisations o ON o.id = lead.organisation_id
       WHERE coalesce((SELECT max(held_on) FROM taf_meetings mt WHERE mt.taf_plan_id = t.id AND mt.held_on <= ${END}),
                      t.started_on) + t.review_interval_weeks * 7 < ${END}
       ${byOrganisation.groupBy}`,
  },
];
