import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { EXTRACTS } from '../extracts/extract-registry';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { MEASURES } from '../measures/measure-registry';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, FAMILIES_OF_PERSON } from '../privacy/subject-access-sources';
import { MARF_EXTRACT } from './marf.extracts';
import { MARF_IMPORT, MARF_DECISION_IMPORT } from './marf.import';
import { MARF_MEASURES } from './marf.measures';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { MARF_PROBLEMS } from './marf.problems';

/** What marf plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const MARF_REGISTRATIONS = featureRegistrations(
  'marf',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'marf_received',
      sql: `SELECT received_at AS occurred_at, 'marf' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('reference', reference, 'organisationId', referrer_organisation_id,
                                      'immediateRisk', immediate_risk, 'concernCategories', concern_categories) AS details
              FROM marfs WHERE family_id = $1`,
    },
    {
      kind: 'marf_decided',
      sql: `SELECT d.decided_at AS occurred_at, 'marf' AS entity_type, m.id::text AS entity_id,
                   jsonb_build_object('reference', m.reference, 'outcome', d.outcome,
                                      'leadOrganisationId', d.lead_organisation_id) AS details
              FROM marf_decisions d JOIN marfs m ON m.id = d.marf_id WHERE m.family_id = $1`,
    },
  ]),
  register(MEASURES, [...MARF_MEASURES]),
  register(EXTRACTS, [MARF_EXTRACT]),
  register(IMPORT_KINDS, [MARF_IMPORT, MARF_DECISION_IMPORT]),
  register(PROBLEM_TYPES, Object.values(MARF_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'marfs',
      table: 'marfs',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, true AS third_party FROM marfs t
             WHERE t.id IN (SELECT marf_id FROM marf_children WHERE person_id = $1) OR t.family_id IN ${FAMILIES_OF_PERSON}
             ORDER BY t.received_at, t.id`,
    },
    {
      section: 'marfChildren',
      table: 'marf_children',
      sql: `SELECT t.marf_id::text || ':' || t.person_id::text AS id, to_jsonb(t) AS record, t.person_id <> $1 AS third_party
              FROM marf_children t JOIN marfs m ON m.id = t.marf_id
             WHERE t.person_id = $1 OR m.family_id IN ${FAMILIES_OF_PERSON}`,
    },
    {
      section: 'marfDecisions',
      table: 'marf_decisions',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, true AS third_party FROM marf_decisions t JOIN marfs m ON m.id = t.marf_id
             WHERE m.id IN (SELECT marf_id FROM marf_children WHERE person_id = $1) OR m.family_id IN ${FAMILIES_OF_PERSON}`,
    },
    {
      section: 'marfTriage',
      table: 'marf_triage',
      sql: `SELECT t.marf_id::text AS id, to_jsonb(t) AS record, true AS third_party FROM marf_triage t JOIN marfs m ON m.id = t.marf_id
             WHERE m.id IN (SELECT marf_id FROM marf_children WHERE person_id = $1) OR m.family_id IN ${FAMILIES_OF_PERSON}`,
    },
  ]),
);
