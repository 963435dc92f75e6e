import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { IMPORT_KINDS } from '../imports/import-kinds';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { SUBJECT_ACCESS_SOURCES, FAMILIES_OF_PERSON } from '../privacy/subject-access-sources';
import { CONSENT_IMPORT } from './consent.import';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { CONSENT_PROBLEMS } from './consent.problems';

/** What consent plugs into the registries: chronology sources, measures, extracts and import kinds. */
export const CONSENT_REGISTRATIONS = featureRegistrations(
  'consent',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'consent_given',
      dateOnly: true,
      sql: `SELECT given_on AS occurred_on, created_at AS recorded_at, 'consent' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('givenByPersonId', given_by_person_id, 'scopes', scopes,
                                      'organisationIds', organisation_ids) AS details
              FROM consents WHERE family_id = $1`,
    },
    {
      kind: 'consent_withdrawn',
      sql: `SELECT withdrawn_at AS occurred_at, 'consent' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('organisationIds', organisation_ids) AS details
              FROM consents WHERE family_id = $1 AND withdrawn_at IS NOT NULL`,
    },
  ]),
  register(IMPORT_KINDS, [CONSENT_IMPORT]),
  register(PROBLEM_TYPES, Object.values(CONSENT_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      section: 'consents',
      table: 'consents',
      sql: `SELECT t.id::text AS id, to_jsonb(t) AS record, t.given_by_person_id <> $1 AS third_party
              FROM consents t WHERE t.family_id IN ${FAMILIES_OF_PERSON} OR t.given_by_person_id = $1 ORDER BY t.given_on, t.id`,
    },
  ]),
);
