import { ExtractDefinition, extractFrom, extractTo } from '../extracts/extract-registry';

/** Step-ups and step-downs in the range, with both ends: the episode and the social care involvement. */
export const TRANSITIONS_EXTRACT: ExtractDefinition = {
  name: 'transitions',
  description: "Step-ups to and step-downs from children's social care in the range, with both ends linked",
  sql: `
    SELECT eh_pseudonym(tr.id) AS "Transition", tr.kind AS "Kind", tr.transition_on AS "On",
           eh_pseudonym(tr.family_id) AS "Family", eh_pseudonym(tr.episode_id) AS "Episode", e.route AS "Episode route", e.level AS "Episode level",
           lo.type AS "Episode lead organisation type", s.kind AS "Social care involvement",
           eh_pseudonym(s.person_id) AS "Child", s.started_on AS "Involvement started", s.ended_on AS "Involvement ended"
      FROM transitions tr
      JOIN episodes e ON e.id = tr.episode_id
      LEFT JOIN organisations lo ON lo.id = e.lead_organisation_id
      LEFT JOIN social_care_involvements s ON s.id = tr.social_care_involvement_id
     WHERE tr.transition_on BETWEEN ${extractFrom()} AND ${extractTo()}
     ORDER BY tr.transition_on, tr.id`,
};
