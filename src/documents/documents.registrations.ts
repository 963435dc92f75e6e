import { CHRONOLOGY_SOURCES } from '../chronology/chronology.service';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { SUBJECT_ACCESS_SOURCES, FAMILIES_OF_PERSON } from '../privacy/subject-access-sources';
import { DOCUMENT_PROBLEMS } from './documents.problems';

/** What documents plug into the registries: chronology, subject access export and problem types. */
export const DOCUMENTS_REGISTRATIONS = featureRegistrations(
  'documents',
  register(CHRONOLOGY_SOURCES, [
    {
      kind: 'document_added',
      sql: `SELECT uploaded_at AS occurred_at, 'document' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('targetType', target_type, 'targetId', target_id, 'contentType', content_type,
                     'uploadedByUserId', uploaded_by_user_id, 'uploadedByOrganisationId', uploaded_by_organisation_id) AS details
              FROM documents WHERE family_id = $1`,
    },
    {
      kind: 'document_deleted',
      sql: `SELECT deleted_at AS occurred_at, 'document' AS entity_type, id::text AS entity_id,
                   jsonb_build_object('targetType', target_type, 'targetId', target_id, 'deletedByUserId', deleted_by_user_id) AS details
              FROM documents WHERE family_id = $1 AND deleted_at IS NOT NULL`,
    },
  ]),
  register(PROBLEM_TYPES, Object.values(DOCUMENT_PROBLEMS)),
  register(SUBJECT_ACCESS_SOURCES, [
    {
      // Metadata of the family's documents (the content is fetched per document for review).
      section: 'documents',
      table: 'documents',
      sql: `SELECT t.id::text AS id, to_jsonb(t) - 'storage_key' AS record, true AS third_party FROM documents t
             WHERE t.family_id IN ${FAMILIES_OF_PERSON} ORDER BY t.uploaded_at, t.id`,
    },
  ]),
);
