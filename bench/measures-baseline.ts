/**
 * bench:measures' baseline: for each measure, one hand-written query computing the same values as
 * the runner (every period of one calendar year's run, every breakdown), written here on its own
 * rather than generated from the measure definitions, so the runner's figures can be checked and
 * its time compared. Each returns (period_kind, period_key, breakdown, breakdown_value, numerator,
 * denominator).
 */

/** The periods overlapping calendar year `year`: its months and quarters, both financial years, itself. */
function periods(year: number): string {
  return `
    period AS (
      SELECT 'month'::text AS period_kind, to_char(d, 'YYYY-MM') AS period_key, d::date AS first_day,
             (d + interval '1 month')::date - 1 AS last_day
        FROM generate_series(make_date(${year}, 1, 1), make_date(${year}, 12, 1), interval '1 month') d
      UNION ALL
      SELECT 'quarter', to_char(d, 'YYYY') || '-Q' || to_char(d, 'Q'), d::date, (d + interval '3 months')::date - 1
        FROM generate_series(make_date(${year}, 1, 1), make_date(${year}, 10, 1), interval '3 months') d
      UNION ALL
      SELECT 'financial_year', y || '-' || lpad(((y + 1) % 100)::text, 2, '0'), make_date(y, 4, 1), make_date(y + 1, 3, 31)
        FROM generate_series(${year - 1}, ${year}) y
      UNION ALL
      SELECT 'year', '${year}', make_date(${year}, 1, 1), make_date(${year}, 12, 31)),
    span AS (SELECT min(first_day) AS lo, max(last_day) AS hi FROM period),
    period_end AS (SELECT DISTINCT last_day AS day FROM period)`;
}

const LONDON = (column: string) => `timezone('Europe/London', ${column})::date`;
const SOCIAL_CARE = `('social_care_assessment', 'strategy_discussion')`;

/**
 * Groups `facts` (period_kind, period_key and dimension columns, already 'none' where missing) by
 * period alone and by period with each of the `dimensions`.
 */
function grouped(facts: string, dimensions: string[], aggregates: string): string {
  const pick = (then: (dimension: string) => string) =>
    `CASE ${dimensions.map((d) => `WHEN GROUPING(${d}) = 0 THEN ${then(d)}`).join(' ')} ELSE 'all' END`;
  return `
    SELECT period_kind, period_key, ${pick((d) => `'${d}'`)} AS breakdown, ${pick((d) => d)} AS breakdown_value,
           ${aggregates}
      FROM (${facts}) facts
     GROUP BY GROUPING SETS ((period_kind, period_key), ${dimensions.map((d) => `(period_kind, period_key, ${d})`).join(', ')})`;
}

const ORGANISATION = ['organisation', 'organisation_type', 'locality'];
const orgColumns = (o: string, none = false) =>
  none
    ? `coalesce(${o}.id::text, 'none') AS organisation, coalesce(${o}.type, 'none') AS organisation_type,
       coalesce(${o}.locality_id::text, 'none') AS locality`
    : `${o}.id::text AS organisation, ${o}.type AS organisation_type, coalesce(${o}.locality_id::text, 'none') AS locality`;

/** MARFs decided in the periods, by referrer organisation. */
function decided(year: number, numerator: string, denominator: string): string {
  return `WITH ${periods(year)}
    ${grouped(
      `SELECT p.period_kind, p.period_key, ${orgColumns('ref')}, x.*
         FROM (SELECT ${LONDON('d.decided_at')} AS day, d.outcome, d.quality, d.early_help_evidenced,
                      d.decided_at <= m.decision_due_at AS in_time, m.referrer_organisation_id
                 FROM marf_decisions d JOIN marfs m ON m.id = d.marf_id, span
                WHERE ${LONDON('d.decided_at')} BETWEEN span.lo AND span.hi) x
         JOIN organisations ref ON ref.id = x.referrer_organisation_id
         JOIN period p ON x.day BETWEEN p.first_day AND p.last_day`,
      ORGANISATION,
      `count(*) FILTER (WHERE ${numerator}) AS numerator, ${denominator} AS denominator`,
    )}`;
}

/** MARFs received in the periods, by referrer organisation, with whether each is about domestic abuse. */
function received(aggregates: string): string {
  return grouped(
    `SELECT p.period_kind, p.period_key, ${orgColumns('ref')}, x.domestic_abuse
       FROM (SELECT ${LONDON('m.received_at')} AS day, m.referrer_organisation_id,
                    m.concern_categories @> ARRAY['domestic_abuse'] AS domestic_abuse
               FROM marfs m, span
              WHERE ${LONDON('m.received_at')} BETWEEN span.lo AND span.hi) x
       JOIN organisations ref ON ref.id = x.referrer_organisation_id
       JOIN period p ON x.day BETWEEN p.first_day AND p.last_day`,
    ORGANISATION,
    aggregates,
  );
}

/** Episodes closed in the periods with the organisation of the last Lead Professional (`flag` per episode). */
function closed(year: number, flag: string, aggregates: string, where = 'true', dimensions = ORGANISATION): string {
  return `WITH ${periods(year)},
    closed_episode AS MATERIALIZED (
      SELECT ep.id, ep.closed_on, ep.closure_reason,
             (SELECT a.organisation_id FROM lead_professional_assignments a WHERE a.episode_id = ep.id
               ORDER BY a.started_at DESC LIMIT 1) AS last_organisation_id, ${flag} AS flag
        FROM episodes ep, span WHERE ep.closed_on BETWEEN span.lo AND span.hi)
    ${grouped(
      `SELECT p.period_kind, p.period_key, ${orgColumns('lo', true)}, c.flag, c.closure_reason
         FROM closed_episode c LEFT JOIN organisations lo ON lo.id = c.last_organisation_id
         JOIN period p ON c.closed_on BETWEEN p.first_day AND p.last_day
        WHERE ${where}`,
      dimensions,
      aggregates,
    )}`;
}

/**
 * CTE `open_with_lead`: open episodes at each period end with the Lead Professional active then
 * and their organisation (none: NULLs).
 */
const OPEN_WITH_LEAD_CTE = `
  open_with_lead AS MATERIALIZED (
  SELECT pe.day, ep.id AS episode_id, lead.user_id, lead.organisation_id
    FROM period_end pe
    JOIN episodes ep ON ep.opened_on <= pe.day AND coalesce(ep.closed_on > pe.day, true)
    LEFT JOIN LATERAL (
      SELECT a.user_id, a.organisation_id FROM lead_professional_assignments a
       WHERE a.episode_id = ep.id AND ${LONDON('a.started_at')} <= pe.day
         AND coalesce(${LONDON('a.ended_at')} > pe.day, true)
       ORDER BY a.started_at DESC LIMIT 1) lead ON true)`;
const OPEN_WITH_LEAD = `
  SELECT x.day, x.episode_id, x.user_id, lo.id AS organisation_id, lo.type, lo.locality_id
    FROM open_with_lead x LEFT JOIN organisations lo ON lo.id = x.organisation_id`;

/**
 * Distinct children of the families of `episodes` (day, family_id) at each period end, by sex, ethnicity, age;
 * a child unborn that day is of sex 'unborn', in the 0-4 band.
 */
function childrenAtEnd(year: number, episodes: string): string {
  return `WITH ${periods(year)}
    ${grouped(
      `SELECT DISTINCT p.period_kind, p.period_key, c.id,
              CASE WHEN c.date_of_birth IS NULL OR c.date_of_birth > x.day THEN 'unborn' ELSE c.sex END AS sex,
              c.ethnicity_group,
              CASE WHEN c.date_of_birth IS NULL OR c.date_of_birth > x.day THEN '0-4'
                   WHEN eh_age_years(c.date_of_birth, x.day) < 5 THEN '0-4'
                   WHEN eh_age_years(c.date_of_birth, x.day) < 12 THEN '5-11'
                   WHEN eh_age_years(c.date_of_birth, x.day) < 17 THEN '12-16' ELSE '17+' END AS age_band
         FROM (${episodes}) x
         JOIN family_members fm ON fm.family_id = x.family_id AND fm.started_on <= x.day
                               AND coalesce(fm.ended_on > x.day, true)
         JOIN persons c ON c.id = fm.person_id AND c.person_type = 'child'
         JOIN period p ON p.last_day = x.day`,
      ['sex', 'ethnicity_group', 'age_band'],
      'count(DISTINCT id) AS numerator, NULL::numeric AS denominator',
    )}`;
}

/** Episodes open at each period end led then by a Strengthening Families organisation; `flag` per episode. */
function strengtheningFamilies(year: number, flag: string): string {
  return `WITH ${periods(year)}
    ${grouped(
      `SELECT p.period_kind, p.period_key, ${orgColumns('lo')}, x.flag
         FROM (SELECT pe.day, lp.organisation_id, ${flag} AS flag
                 FROM period_end pe
                 JOIN episodes ep ON ep.opened_on <= pe.day AND coalesce(ep.closed_on > pe.day, true)
                 JOIN lead_professional_assignments lp ON lp.episode_id = ep.id
                  AND ${LONDON('lp.started_at')} <= pe.day AND coalesce(${LONDON('lp.ended_at')} > pe.day, true)) x
         JOIN organisations lo ON lo.id = x.organisation_id AND lo.type = 'strengthening_families'
         JOIN period p ON p.last_day = x.day`,
      ORGANISATION,
      'count(*) FILTER (WHERE flag) AS numerator, count(*) AS denominator',
    )}`;
}

/**
 * Measures with no breakdown but `all`: `facts` has one row per counted record with its `day` in the
 * period, and the columns `aggregates` reads.
 */
function byPeriodOnly(year: number, facts: string, aggregates: string): string {
  return `WITH ${periods(year)}
    SELECT p.period_kind, p.period_key, 'all' AS breakdown, 'all' AS breakdown_value, ${aggregates}
      FROM (${facts}) x JOIN period p ON x.day BETWEEN p.first_day AND p.last_day
     GROUP BY p.period_kind, p.period_key`;
}

/** Family Group Conferences on Family Help episodes (levels of the targeted and specialist groups), dated by `day`. */
const familyHelpConferences = (day: string) => `
  SELECT f.${day} AS day, f.held_on, f.plan_held, ep.opened_on
    FROM family_group_conferences f JOIN episodes ep ON ep.id = f.episode_id
   WHERE f.${day} IS NOT NULL
     AND ep.level IN (SELECT code FROM support_levels WHERE measure_group IN ('targeted', 'specialist'))`;

export function baselineQueries(year: number): Record<string, string> {
  return {
    marf_received: `WITH ${periods(year)} ${received('count(*) AS numerator, NULL::numeric AS denominator')}`,
    marf_source_share: `WITH ${periods(year)}, counted AS (${received('count(*) AS n')})
      SELECT period_kind, period_key, breakdown, breakdown_value, n AS numerator,
             sum(n) OVER (PARTITION BY period_kind, period_key, breakdown) AS denominator
        FROM counted`,
    domestic_abuse_contacts: `WITH ${periods(year)}
      ${received('count(*) FILTER (WHERE domestic_abuse) AS numerator, count(*) AS denominator')}`,
    marf_evidence_based: decided(year, `quality = 'evidence_based'`, 'NULL::numeric'),
    marf_nfa: decided(year, `outcome IN ('nfa', 'nfa_advice_signposting')`, 'count(*)'),
    marf_no_early_help_evidence: decided(year, 'NOT early_help_evidenced', 'NULL::numeric'),
    contact_to_referral: decided(year, `outcome IN ${SOCIAL_CARE}`, 'count(*)'),
    contact_to_early_help: decided(
      year,
      `outcome IN ('early_help_single_agency', 'early_help_multi_agency', 'strengthening_families')`,
      'count(*)',
    ),
    marf_decided_within_1wd: decided(year, 'in_time', 'count(*)'),
    rereferral_to_social_care_12m: `WITH ${periods(year)},
      referral AS MATERIALIZED (
        SELECT ${LONDON('d.decided_at')} AS day, m.referrer_organisation_id,
               m.id IN (SELECT c.marf_id FROM marf_children c
                          JOIN marf_children earlier ON earlier.person_id = c.person_id AND earlier.marf_id <> c.marf_id
                          JOIN marf_decisions ed ON ed.marf_id = earlier.marf_id AND ed.outcome IN ${SOCIAL_CARE}
                         WHERE c.marf_id = m.id AND ed.decided_at < d.decided_at
                           AND ${LONDON('ed.decided_at')} + 365 >= ${LONDON('d.decided_at')}) AS again
          FROM marf_decisions d JOIN marfs m ON m.id = d.marf_id, span
         WHERE d.outcome IN ${SOCIAL_CARE} AND ${LONDON('d.decided_at')} BETWEEN span.lo AND span.hi)
      ${grouped(
        `SELECT p.period_kind, p.period_key, ${orgColumns('ref')}, r.again
           FROM referral r JOIN organisations ref ON ref.id = r.referrer_organisation_id
           JOIN period p ON r.day BETWEEN p.first_day AND p.last_day`,
        ORGANISATION,
        'count(*) FILTER (WHERE again) AS numerator, count(*) AS denominator',
      )}`,
    eha_submitted: `WITH ${periods(year)}
      ${grouped(
        `SELECT p.period_kind, p.period_key, ${orgColumns('ao')}
           FROM assessments a JOIN organisations ao ON ao.id = a.assessor_organisation_id
           JOIN period p ON a.submitted_on BETWEEN p.first_day AND p.last_day`,
        ORGANISATION,
        'count(*) AS numerator, NULL::numeric AS denominator',
      )}`,
    active_lead_professionals: `WITH ${periods(year)}, ${OPEN_WITH_LEAD_CTE}
      ${grouped(
        `SELECT p.period_kind, p.period_key, x.user_id, x.organisation_id::text AS organisation,
                x.type AS organisation_type, coalesce(x.locality_id::text, 'none') AS locality
           FROM (${OPEN_WITH_LEAD}) x JOIN period p ON p.last_day = x.day WHERE x.user_id IS NOT NULL`,
        ORGANISATION,
        'count(DISTINCT user_id) AS numerator, NULL::numeric AS denominator',
      )}`,
    lead_professional_share: `WITH ${periods(year)}, ${OPEN_WITH_LEAD_CTE},
      shares AS (${grouped(
        `SELECT p.period_kind, p.period_key, x.organisation_id, coalesce(x.organisation_id::text, 'none') AS organisation,
                coalesce(x.type, 'none') AS organisation_type, coalesce(x.locality_id::text, 'none') AS locality
           FROM (${OPEN_WITH_LEAD}) x JOIN period p ON p.last_day = x.day`,
        ORGANISATION,
        'count(*) AS open, count(organisation_id) AS led',
      )})
      SELECT period_kind, period_key, breakdown, breakdown_value,
             CASE WHEN breakdown = 'all' THEN led ELSE open END AS numerator,
             sum(open) OVER (PARTITION BY period_kind, period_key, breakdown) AS denominator
        FROM shares`,
    children_open_taf: childrenAtEnd(
      year,
      `SELECT pe.day, ep.family_id FROM period_end pe
         JOIN taf_plans t ON t.started_on <= pe.day AND coalesce(t.ended_on > pe.day, true)
         JOIN episodes ep ON ep.id = t.episode_id AND ep.opened_on <= pe.day AND coalesce(ep.closed_on > pe.day, true)`,
    ),
    children_open_multi_agency_eh: childrenAtEnd(
      year,
      `SELECT pe.day, ep.family_id FROM period_end pe
         JOIN episodes ep ON ep.opened_on <= pe.day AND coalesce(ep.closed_on > pe.day, true)
        WHERE ep.level IN (SELECT code FROM support_levels WHERE multi_agency)`,
    ),
    eh_referrals_by_org_type: `WITH ${periods(year)},
      opened AS (${grouped(
        `SELECT p.period_kind, p.period_key, ${orgColumns('ro', true)}
           FROM episodes ep LEFT JOIN organisations ro ON ro.id = ep.referring_organisation_id
           JOIN period p ON ep.opened_on BETWEEN p.first_day AND p.last_day`,
        ORGANISATION,
        'count(*) AS n',
      )})
      SELECT period_kind, period_key, breakdown, breakdown_value, n AS numerator,
             sum(n) OVER (PARTITION BY period_kind, period_key, breakdown) AS denominator
        FROM opened`,
    eh_reopened_12m: closed(
      year,
      `EXISTS (SELECT 1 FROM episodes later WHERE later.family_id = ep.family_id AND later.id <> ep.id
                  AND later.opened_on >= ep.closed_on AND later.opened_on <= ep.closed_on + 365)`,
      'count(*) FILTER (WHERE flag) AS numerator, count(*) AS denominator',
    ),
    sf_sustained_12m: closed(
      year,
      `NOT EXISTS (SELECT 1 FROM episodes later WHERE later.family_id = ep.family_id AND later.id <> ep.id
                      AND later.opened_on >= ep.closed_on AND later.opened_on <= ep.closed_on + 365
                      AND later.level IN (SELECT code FROM support_levels WHERE multi_agency))`,
      'count(*) FILTER (WHERE flag) AS numerator, count(*) AS denominator',
      `lo.type = 'strengthening_families'`,
      ['locality'],
    ),
    eh_success_rate: closed(
      year,
      'NULL::boolean',
      `count(*) FILTER (WHERE closure_reason = 'outcomes_met') AS numerator, count(*) AS denominator`,
    ),
    taf_reviews_overdue: `WITH ${periods(year)}, ${OPEN_WITH_LEAD_CTE}
      ${grouped(
        `SELECT p.period_kind, p.period_key, coalesce(x.organisation_id::text, 'none') AS organisation,
                coalesce(x.type, 'none') AS organisation_type, coalesce(x.locality_id::text, 'none') AS locality
           FROM (${OPEN_WITH_LEAD}) x
           JOIN taf_plans t ON t.episode_id = x.episode_id AND t.started_on <= x.day AND coalesce(t.ended_on > x.day, true)
           JOIN period p ON p.last_day = x.day
          WHERE x.day - 7 * t.review_interval_weeks >
                coalesce((SELECT max(tm.held_on) FROM taf_meetings tm WHERE tm.taf_plan_id = t.id AND tm.held_on <= x.day),
                         t.started_on)`,
        ORGANISATION,
        'count(*) AS numerator, NULL::numeric AS denominator',
      )}`,
    step_down_rereferred_12m: `WITH ${periods(year)},
      step_down AS MATERIALIZED (
        SELECT s.transition_on AS day, ep.lead_organisation_id,
               EXISTS (SELECT 1 FROM transitions up WHERE up.family_id = s.family_id AND up.kind = 'step_up'
                          AND up.transition_on - s.transition_on BETWEEN 1 AND 365)
               OR EXISTS (SELECT 1 FROM family_members fm
                            JOIN persons c ON c.id = fm.person_id AND c.person_type = 'child'
                            JOIN social_care_involvements r ON r.person_id = fm.person_id AND r.kind = 'referral'
                           WHERE fm.family_id = s.family_id AND r.started_on - s.transition_on BETWEEN 1 AND 365)
               OR EXISTS (SELECT 1 FROM marfs m JOIN marf_decisions d ON d.marf_id = m.id
                           WHERE m.family_id = s.family_id AND d.outcome IN ${SOCIAL_CARE}
                             AND ${LONDON('d.decided_at')} - s.transition_on BETWEEN 1 AND 365) AS back
          FROM transitions s JOIN episodes ep ON ep.id = s.episode_id, span
         WHERE s.kind = 'step_down' AND s.transition_on BETWEEN span.lo AND span.hi)
      ${grouped(
        `SELECT p.period_kind, p.period_key, coalesce(lo.type, 'none') AS organisation_type,
                coalesce(lo.locality_id::text, 'none') AS locality, sd.back
           FROM step_down sd LEFT JOIN organisations lo ON lo.id = sd.lead_organisation_id
           JOIN period p ON sd.day BETWEEN p.first_day AND p.last_day`,
        ['organisation_type', 'locality'],
        'count(*) FILTER (WHERE back) AS numerator, count(*) AS denominator',
      )}`,
    sf_taf_meeting_12_weeks: strengtheningFamilies(
      year,
      `EXISTS (SELECT 1 FROM taf_plans t JOIN taf_meetings tm ON tm.taf_plan_id = t.id
                WHERE t.episode_id = ep.id AND tm.held_on <= pe.day AND tm.held_on >= pe.day - 84)`,
    ),
    sf_visit_2_weeks: strengtheningFamilies(
      year,
      `EXISTS (SELECT 1 FROM case_entries v WHERE v.episode_id = ep.id AND v.kind = 'visit'
                  AND ${LONDON('v.occurred_at')} <= pe.day AND ${LONDON('v.occurred_at')} >= pe.day - 14)`,
    ),
    cin_assessment_authorised_within_45wd: byPeriodOnly(
      year,
      `SELECT authorised_on AS day, authorised_on <= authorisation_due_on AS in_time
         FROM cin_assessments WHERE authorised_on IS NOT NULL`,
      'count(*) FILTER (WHERE in_time) AS numerator, count(*) AS denominator',
    ),
    fgc_held: byPeriodOnly(
      year,
      familyHelpConferences('held_on'),
      'count(*) AS numerator, NULL::numeric AS denominator',
    ),
    fgc_held_early: byPeriodOnly(
      year,
      familyHelpConferences('held_on'),
      'count(*) FILTER (WHERE held_on - opened_on <= 42) AS numerator, count(*) AS denominator',
    ),
    fgc_plan_held_at_review: byPeriodOnly(
      year,
      familyHelpConferences('reviewed_on'),
      'count(*) FILTER (WHERE plan_held) AS numerator, count(*) AS denominator',
    ),
    partnership_activity: `WITH ${periods(year)}
      SELECT p.period_kind, p.period_key, CASE WHEN GROUPING(v.activity) = 1 THEN 'all' ELSE 'activity' END AS breakdown,
             coalesce(v.activity, 'all') AS breakdown_value, sum(v.value) AS numerator, NULL::numeric AS denominator
        FROM period p JOIN measure_manual_values v ON v.period_start >= p.first_day AND v.period_end <= p.last_day
       GROUP BY GROUPING SETS ((p.period_kind, p.period_key), (p.period_kind, p.period_key, v.activity))`,
  };
}
