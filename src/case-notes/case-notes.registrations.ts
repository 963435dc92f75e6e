import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { MEASURES } from '../measures/measure-registry';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, FAMILIES_OF_PERSON } from '../privacy/subject-access-sources';
import { CASE_NOTE_IMPORT, CASE_NOTE_AMENDMENT_IMPORT } from './case-notes.import';
import { CASE_NOTE_MEASURES } from './case-notes.measures';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { CASE_NOTE_PROBLEMS } from './case-notes.problems';

/** What case-notes plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const CASE_NOTES_REGISTRATIONS = featureRegistrations(
  'case-notes',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'case_note',
      sql: `SELECT occurred_at, 'case_note' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('episodeId', episode_id, 'entryKind', kind, 'visitSetting', visit_setting,
                     'personId', subject_person_id, 'practitionerUserId', practitioner_user_id,
                     'practitionerOrganisationId', practitioner_organisation_id) AS details
              FROM case_entries WHERE family_id = $1`,
    },
    {
      kind: 'case_note_amended',
      sql: `SELECT a.created_at AS occurred_at, 'case_note_amendment' AS entity_type, a.id::text AS entity_id,
                   jsonb_build_object('caseNoteId', a.case_entry_id, 'amendedByUserId', a.amended_by_user_id) AS details
              FROM case_entry_amendments a JOIN case_entries c ON c.id = a.case_entry_id WHERE c.family_id = $1`,
    },
  ]),
  register(MEASURES, [...CASE_NOTE_MEASURES]),
  register(IMPORT_KINDS, [CASE_NOTE_IMPORT, CASE_NOTE_AMENDMENT_IMPORT]),
  register(PROBLEM_TYPES, Object.values(CASE_NOTE_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'caseNotes',
      table: 'case_entries',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.subject_person_id IS DISTINCT FROM $1 AS third_party FROM case_entries t
             WHERE t.subject_person_id = $1 OR $1 = ANY(t.seen_person_ids) OR t.family_id IN ${FAMILIES_OF_PERSON}
             ORDER BY t.occurred_at, t.id`,
    },
    {
      section: 'caseNoteAmendments',
      table: 'case_entry_amendments',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, e.subject_person_id IS DISTINCT FROM $1 AS third_party
              FROM case_entry_amendments t JOIN case_entries e ON e.id = t.case_entry_id
             WHERE e.subject_person_id = $1 OR $1 = ANY(e.seen_person_ids) OR e.family_id IN ${FAMILIES_OF_PERSON}`,
    },
  ]),
);
