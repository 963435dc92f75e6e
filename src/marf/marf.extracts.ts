import { ExtractDefinition, extractFrom, extractTo, yesNo } from '../extracts/extract-registry';

/**
 * One row per MARF received in the range, with its decision if there is one; the MARF and its
 * children by pseudonym (a MARF reference is an identifier the MASH and the referrer can look up).
 */
export const MARF_EXTRACT: ExtractDefinition = {
  name: 'marfs',
  description: 'MARFs received in the range with their MASH decisions; children as pseudonyms and ages',
  sql: `
    SELECT eh_pseudonym(m.id) AS "MARF",
           (m.received_at AT TIME ZONE 'Europe/London')::date AS "Received on",
           o.name AS "Referrer organisation", o.type AS "Referrer organisation type", l.name AS "Referrer locality",
           array_to_string(m.concern_categories, '; ') AS "Concern categories",
           ${yesNo('m.immediate_risk')} AS "Immediate risk", ${yesNo('m.parents_aware')} AS "Parents aware",
           ${yesNo('m.early_help_tried')} AS "Early help tried",
           (SELECT string_agg(eh_pseudonym(c.person_id), '; ' ORDER BY c.person_id) FROM marf_children c
             WHERE c.marf_id = m.id) AS "Children",
           (SELECT string_agg(coalesce(eh_age_years(p.date_of_birth, (m.received_at AT TIME ZONE 'Europe/London')::date)::text, 'unborn'),
                              '; ' ORDER BY c.person_id)
              FROM marf_children c JOIN persons p ON p.id = c.person_id WHERE c.marf_id = m.id) AS "Children's ages",
           m.status AS "Status",
           (d.decided_at AT TIME ZONE 'Europe/London')::date AS "Decided on",
           d.outcome AS "Outcome", d.quality AS "MARF quality", ${yesNo('d.early_help_evidenced')} AS "Early help evidenced",
           ${yesNo('(d.decided_at <= m.decision_due_at)')} AS "Decided within one working day"
      FROM marfs m
      JOIN organisations o ON o.id = m.referrer_organisation_id
      LEFT JOIN localities l ON l.id = o.locality_id
      LEFT JOIN marf_decisions d ON d.marf_id = m.id
     WHERE (m.received_at AT TIME ZONE 'Europe/London')::date BETWEEN ${extractFrom()} AND ${extractTo()}
     ORDER BY m.received_at, m.reference`,
};
