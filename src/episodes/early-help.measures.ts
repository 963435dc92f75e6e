import { Breakdown, MeasureDefinition, organisationGroup, personGroup } from '../measures/measure-definition';

const END = '$2::date';
const ORGANISATION_BREAKDOWNS: readonly Breakdown[] = ['organisation', 'organisation_type', 'locality'];
const CHILD_BREAKDOWNS: readonly Breakdown[] = ['sex', 'ethnicity_group', 'age_band'];
const WINDOW = 365;

/** The episode `e` is open at the end of the period's last day. */
const openAtEnd = (e = 'e') => `${e}.opened_on <= ${END} AND (${e}.closed_on IS NULL OR ${e}.closed_on > ${END})`;

const londonDate = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/** The Lead Professional assignment of `e` active at the end of the period (none: NULLs). */
const activeLeadAtEnd = (e = 'e') => `LEFT JOIN LATERAL (
    SELECT a.user_id, a.organisation_id FROM lead_professional_assignments a
     WHERE a.episode_id = ${e}.id AND ${londonDate('a.started_at')} <= ${END}
       AND (a.ended_at IS NULL OR ${londonDate('a.ended_at')} > ${END})
     ORDER BY a.started_at DESC LIMIT 1) lead ON true
  LEFT JOIN organisations o ON o.id = lead.organisation_id`;

/** Who led the episode last: for closed episodes, the Lead Professional it closed with. */
const lastLead = (e = 'e') => `LEFT JOIN LATERAL (
    SELECT a.organisation_id FROM lead_professional_assignments a WHERE a.episode_id = ${e}.id
     ORDER BY a.started_at DESC LIMIT 1) lead ON true
  LEFT JOIN organisations o ON o.id = lead.organisation_id`;

/** Children who are members of the family at the end of the period. */
const childMembersAtEnd = (familyColumn: string) => `
  JOIN family_members m ON m.family_id = ${familyColumn} AND m.started_on <= ${END}
                       AND (m.ended_on IS NULL OR m.ended_on > ${END})
  JOIN persons p ON p.id = m.person_id AND p.person_type = 'child'`;

/** `org` for an organisation breakdown; rows without a lead organisation fall in 'none'. */
const byOrganisation = (breakdown: Breakdown) =>
  breakdown === 'all' ? `'all'` : `coalesce(${organisationGroup(breakdown)}, 'none')`;

const closedInPeriod = `e.closed_on BETWEEN $1::date AND ${END}`;

export const EARLY_HELP_MEASURES: MeasureDefinition[] = [
  {
    key: 'eha_submitted',
    title: 'Early Help Assessments submitted',
    definition: 'EHAs whose submitted date is in the period, by assessor organisation.',
    unit: 'count',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${organisationGroup(breakdown)} AS breakdown_value, count(*) AS numerator, NULL::numeric AS denominator
        FROM assessments a JOIN organisations o ON o.id = a.assessor_organisation_id
       WHERE a.submitted_on BETWEEN $1::date AND ${END}
       GROUP BY 1`,
  },
  {
    key: 'active_lead_professionals',
    title: 'Active Lead Professionals',
    definition:
      'Distinct practitioners who are the active Lead Professional of an open episode at the end of the period, ' +
      'by their organisation.',
    unit: 'count',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${organisationGroup(breakdown)} AS breakdown_value, count(DISTINCT lead.user_id) AS numerator,
             NULL::numeric AS denominator
        FROM episodes e ${activeLeadAtEnd()}
       WHERE ${openAtEnd()} AND lead.user_id IS NOT NULL
       GROUP BY 1`,
  },
  {
    key: 'lead_professional_share',
    title: "Share of open episodes by Lead Professional's organisation",
    definition:
      "Open episodes at the end of the period by the type of their Lead Professional's organisation, as a % of " +
      'all open episodes (all: the % that have a Lead Professional; none: those without one).',
    unit: 'percentage',
    seedFigure: "SF 52.64%, children's centres 27.05%, schools 4.98%, health 0%, voluntary 0% (Jan 2022)",
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${breakdown === 'all' ? `'all'` : byOrganisation(breakdown)} AS breakdown_value,
             ${breakdown === 'all' ? 'count(lead.organisation_id)' : 'count(*)'} AS numerator,
             sum(count(*)) OVER () AS denominator
        FROM episodes e ${activeLeadAtEnd()}
       WHERE ${openAtEnd()}
       GROUP BY 1`,
  },
  {
    key: 'children_open_taf',
    title: 'Children in families with an open TAF plan',
    definition: 'Distinct children in families with an open TAF plan at the end of the period.',
    unit: 'count',
    seedFigure: '1,024 (Jan 2022)',
    breakdowns: CHILD_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${personGroup(breakdown, END)} AS breakdown_value, count(DISTINCT p.id) AS numerator,
             NULL::numeric AS denominator
        FROM taf_plans t JOIN episodes e ON e.id = t.episode_id ${childMembersAtEnd('e.family_id')}
       WHERE ${openAtEnd()} AND t.started_on <= ${END} AND (t.ended_on IS NULL OR t.ended_on > ${END})
       GROUP BY 1`,
  },
  {
    key: 'children_open_multi_agency_eh',
    title: 'Children in open multi-agency Early Help',
    definition: 'Distinct children in families with an open multi-agency episode at the end of the period.',
    unit: 'count',
    seedFigure: '1,017 (31 Mar 2023)',
    breakdowns: CHILD_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${personGroup(breakdown, END)} AS breakdown_value, count(DISTINCT p.id) AS numerator,
             NULL::numeric AS denominator
        FROM episodes e JOIN support_levels s ON s.code = e.level AND s.multi_agency
        ${childMembersAtEnd('e.family_id')}
       WHERE ${openAtEnd()}
       GROUP BY 1`,
  },
  {
    key: 'eh_referrals_by_org_type',
    title: 'Early Help referrals by referring organisation',
    definition: 'Episodes opened in the period by referring organisation, as a % of all episodes opened in the period.',
    unit: 'percentage',
    seedFigure: 'schools 40.11% (2021)',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${byOrganisation(breakdown)} AS breakdown_value, count(*) AS numerator,
             sum(count(*)) OVER () AS denominator
        FROM episodes e LEFT JOIN organisations o ON o.id = e.referring_organisation_id
       WHERE e.opened_on BETWEEN $1::date AND ${END}
       GROUP BY 1`,
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
    sql: (breakdown) => `
      SELECT ${byOrganisation(breakdown)} AS breakdown_value,
             count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM episodes n WHERE n.family_id = e.family_id AND n.id <> e.id
                  AND n.opened_on BETWEEN e.closed_on AND e.closed_on + ${WINDOW})) AS numerator,
             count(*) AS denominator
        FROM episodes e ${lastLead()}
       WHERE ${closedInPeriod}
       GROUP BY 1`,
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
    sql: (breakdown) => `
      SELECT ${byOrganisation(breakdown)} AS breakdown_value,
             count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM episodes n JOIN support_levels s ON s.code = n.level AND s.multi_agency
                WHERE n.family_id = e.family_id AND n.id <> e.id
                  AND n.opened_on BETWEEN e.closed_on AND e.closed_on + ${WINDOW})) AS numerator,
             count(*) AS denominator
        FROM episodes e ${lastLead()}
       WHERE ${closedInPeriod} AND o.type = 'strengthening_families'
       GROUP BY 1`,
  },
  {
    key: 'eh_success_rate',
    title: 'Early Help closed with outcomes met',
    definition: 'Episodes closed in the period with reason outcomes_met, as a % of episodes closed in the period.',
    unit: 'percentage',
    seedFigure: '72.1% (2022-23)',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${byOrganisation(breakdown)} AS breakdown_value,
             count(*) FILTER (WHERE e.closure_reason = 'outcomes_met') AS numerator, count(*) AS denominator
        FROM episodes e ${lastLead()}
       WHERE ${closedInPeriod}
       GROUP BY 1`,
  },
  {
    key: 'taf_reviews_overdue',
    title: 'TAF plans overdue a review',
    definition:
      'Open TAF plans at the end of the period whose last meeting (or start, before any meeting) is older than ' +
      "the plan's review interval, by the Lead Professional's organisation.",
    unit: 'count',
    breakdowns: ORGANISATION_BREAKDOWNS,
    sql: (breakdown) => `
      SELECT ${byOrganisation(breakdown)} AS breakdown_value, count(*) AS numerator, NULL::numeric AS denominator
        FROM taf_plans t JOIN episodes e ON e.id = t.episode_id ${activeLeadAtEnd()}
       WHERE ${openAtEnd()} AND t.started_on <= ${END} AND (t.ended_on IS NULL OR t.ended_on > ${END})
         AND coalesce((SELECT max(held_on) FROM taf_meetings mt WHERE mt.taf_plan_id = t.id AND mt.held_on <= ${END}),
                      t.started_on) + t.review_interval_weeks * 7 < ${END}
       GROUP BY 1`,
  },
];
