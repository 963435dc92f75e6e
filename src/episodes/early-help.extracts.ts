import { ExtractDefinition, extractFrom, extractTo, yesNo } from '../extracts/extract-registry';

const inRange = (column: string) => `${column} BETWEEN ${extractFrom()} AND ${extractTo()}`;

/** Children of the episode's family, as pseudonyms and ages on a date. */
const children = (onDate: string) => `
  (SELECT string_agg(eh_pseudonym(p.id), '; ' ORDER BY p.id) FROM family_members m
     JOIN persons p ON p.id = m.person_id AND p.person_type = 'child'
    WHERE m.family_id = e.family_id AND m.started_on <= ${onDate} AND (m.ended_on IS NULL OR m.ended_on > ${onDate}))
    AS "Children",
  (SELECT string_agg(coalesce(eh_age_years(p.date_of_birth, ${onDate})::text, 'unborn'), '; ' ORDER BY p.id)
     FROM family_members m JOIN persons p ON p.id = m.person_id AND p.person_type = 'child'
    WHERE m.family_id = e.family_id AND m.started_on <= ${onDate} AND (m.ended_on IS NULL OR m.ended_on > ${onDate}))
    AS "Children's ages"`;

/**
 * A Lead Professional's reasons are free text (often naming the family), so the extract carries
 * codes derived from the assignments themselves instead: the first lead of the episode or a
 * handover; ended by a handover (a successor started the same instant) or by the episode closing.
 */
const startedAs = `CASE WHEN EXISTS (SELECT 1 FROM lead_professional_assignments p
                                      WHERE p.episode_id = a.episode_id AND p.started_at < a.started_at)
                        THEN 'handover' ELSE 'first_lead' END`;
const endedAs = `CASE WHEN a.ended_at IS NULL THEN NULL
                      WHEN EXISTS (SELECT 1 FROM lead_professional_assignments n
                                    WHERE n.episode_id = a.episode_id AND n.id <> a.id AND n.started_at = a.ended_at)
                        THEN 'handover'
                      WHEN a.end_reason = 'episode closed' THEN 'episode_closed' ELSE 'ended' END`;

export const EARLY_HELP_EXTRACTS: ExtractDefinition[] = [
  {
    name: 'episodes',
    description: 'Early Help episodes open at any time in the range, with route, level, referrer, lead and closure',
    sql: `
      SELECT eh_pseudonym(e.id) AS "Episode", eh_pseudonym(e.family_id) AS "Family", e.opened_on AS "Opened on", e.route AS "Route",
             e.level AS "Level", ro.name AS "Referring organisation", ro.type AS "Referring organisation type",
             lo.name AS "Lead organisation", lo.type AS "Lead organisation type", ll.name AS "Lead locality",
             e.closed_on AS "Closed on", e.closure_reason AS "Closure reason",
             ${yesNo('e.re_referral_of_episode_id IS NOT NULL')} AS "Re-referral within 12 months",
             ${children('e.opened_on')}
        FROM episodes e
        LEFT JOIN organisations ro ON ro.id = e.referring_organisation_id
        LEFT JOIN LATERAL (SELECT a.organisation_id FROM lead_professional_assignments a WHERE a.episode_id = e.id
                            ORDER BY a.started_at DESC LIMIT 1) lead ON true
        LEFT JOIN organisations lo ON lo.id = lead.organisation_id
        LEFT JOIN localities ll ON ll.id = lo.locality_id
       WHERE e.opened_on <= ${extractTo()} AND (e.closed_on IS NULL OR e.closed_on >= ${extractFrom()})
       ORDER BY e.opened_on, e.id`,
  },
  {
    name: 'assessments',
    description: 'Early Help Assessments started, submitted or completed in the range, with needs and scaling',
    sql: `
      SELECT eh_pseudonym(a.id) AS "Assessment", eh_pseudonym(a.episode_id) AS "Episode", eh_pseudonym(e.family_id) AS "Family",
             o.name AS "Assessor organisation", o.type AS "Assessor organisation type", a.status AS "Status",
             a.started_on AS "Started on", a.submitted_on AS "Submitted on", a.completed_on AS "Completed on",
             a.withdrawn_on AS "Withdrawn on", array_to_string(a.needs, '; ') AS "Needs", a.scaling AS "Scaling (0-10)",
             (SELECT count(*) FROM assessment_child_voices v WHERE v.assessment_id = a.id) AS "Children's voices recorded",
             (SELECT q.rating FROM assessment_quality_reviews q WHERE q.assessment_id = a.id
               ORDER BY q.reviewed_on DESC, q.created_at DESC LIMIT 1) AS "Latest quality rating"
        FROM assessments a JOIN episodes e ON e.id = a.episode_id JOIN organisations o ON o.id = a.assessor_organisation_id
       WHERE ${inRange('a.started_on')} OR ${inRange('a.submitted_on')} OR ${inRange('a.completed_on')}
       ORDER BY a.started_on, a.id`,
  },
  {
    name: 'lead-professional-assignments',
    description:
      'Lead Professional assignments active at any time in the range, with how each started and ended as codes ' +
      '(the free-text reasons are never extracted)',
    sql: `
      SELECT eh_pseudonym(a.episode_id) AS "Episode", eh_pseudonym(e.family_id) AS "Family",
             eh_pseudonym(a.user_id) AS "Practitioner",
             o.name AS "Organisation", o.type AS "Organisation type",
             (a.started_at AT TIME ZONE 'Europe/London')::date AS "Started on",
             (a.ended_at AT TIME ZONE 'Europe/London')::date AS "Ended on",
             ${startedAs} AS "Started as", ${endedAs} AS "Ended as"
        FROM lead_professional_assignments a JOIN episodes e ON e.id = a.episode_id
        JOIN organisations o ON o.id = a.organisation_id
       WHERE (a.started_at AT TIME ZONE 'Europe/London')::date <= ${extractTo()}
         AND (a.ended_at IS NULL OR (a.ended_at AT TIME ZONE 'Europe/London')::date >= ${extractFrom()})
       ORDER BY a.started_at, a.id`,
  },
  {
    name: 'taf-plans',
    description: 'TAF plans open at any time in the range, with members, goals, meetings and review status',
    sql: `
      SELECT eh_pseudonym(t.id) AS "TAF plan", eh_pseudonym(t.episode_id) AS "Episode", eh_pseudonym(e.family_id) AS "Family",
             t.started_on AS "Started on", t.ended_on AS "Ended on", t.review_interval_weeks AS "Review every (weeks)",
             (SELECT count(*) FROM taf_members mb WHERE mb.taf_plan_id = t.id) AS "Members",
             (SELECT count(*) FROM taf_goals g WHERE g.taf_plan_id = t.id) AS "Goals",
             (SELECT count(*) FROM taf_meetings mt WHERE mt.taf_plan_id = t.id AND ${inRange('mt.held_on')})
               AS "Meetings in range",
             (SELECT max(mt.held_on) FROM taf_meetings mt WHERE mt.taf_plan_id = t.id AND mt.held_on <= ${extractTo()})
               AS "Last meeting",
             ${yesNo(`t.ended_on IS NULL AND coalesce((SELECT max(mt.held_on) FROM taf_meetings mt
                       WHERE mt.taf_plan_id = t.id AND mt.held_on <= ${extractTo()}), t.started_on)
                       + t.review_interval_weeks * 7 < ${extractTo()}`)} AS "Review overdue at range end"
        FROM taf_plans t JOIN episodes e ON e.id = t.episode_id
       WHERE t.started_on <= ${extractTo()} AND (t.ended_on IS NULL OR t.ended_on >= ${extractFrom()})
       ORDER BY t.started_on, t.id`,
  },
];
