import type { CaseHistory } from '../helpers/case-history';

/**
 * Every GET operation in openapi/openapi.json, in one place: either a read of person-level or
 * family-level case data (which must write exactly one audit row per call, naming what it
 * returned), or a reason it is not. `test/security/audit-reads.e2e-spec.ts` fails for an operation
 * missing here, so a new list cannot be forgotten.
 */
export type Caller = 'practitioner' | 'mash' | 'feed' | 'admin' | 'auditor';

/** The case history, with a finished subject access export of the child (requested by the admin). */
export type ReadHistory = CaseHistory & { subjectAccessExportId: string };

export interface PersonLevelRead {
  caller: Caller;
  url: (h: ReadHistory) => string;
  /** The audit row's action: `read` unless said. */
  action?: 'read' | 'search' | 'export';
  /** For lists: the ids the response returned, which the audit row must name (`details.ids`). */
  returnedIds?: (body: unknown) => string[];
  /** The one admin read of person-level data (a subject access request); every other refuses admin. */
  adminReads?: true;
}

type Item = { id: string; entityId?: string };
const itemIds = (body: unknown) => (body as { items: Item[] }).items.map((item) => item.id);

export const PERSON_LEVEL_READS: Record<string, PersonLevelRead> = {
  'GET /people/matches': {
    caller: 'practitioner',
    url: () => '/people/matches?surname=Okafor&dateOfBirth=2016-04-12',
    action: 'search',
    returnedIds: itemIds,
  },
  'GET /people/{id}': { caller: 'practitioner', url: (h) => `/people/${h.childId}` },
  'GET /people/{id}/export': {
    caller: 'admin',
    url: (h) => `/people/${h.childId}/export`,
    action: 'export',
    adminReads: true,
  },
  'GET /people/{id}/possible-duplicates': {
    caller: 'practitioner',
    url: (h) => `/people/${h.childId}/possible-duplicates`,
  },
  'GET /data-quality/duplicates': { caller: 'mash', url: (h) => `/data-quality/duplicates?personId=${h.childId}` },
  'GET /families': { caller: 'practitioner', url: () => '/families', returnedIds: itemIds },
  'GET /families/{id}': { caller: 'practitioner', url: (h) => `/families/${h.familyId}` },
  'GET /families/{id}/members': {
    caller: 'practitioner',
    url: (h) => `/families/${h.familyId}/members`,
    returnedIds: itemIds,
  },
  'GET /families/{id}/network': {
    caller: 'practitioner',
    url: (h) => `/families/${h.familyId}/network`,
    returnedIds: itemIds,
  },
  'GET /families/{id}/involvements': {
    caller: 'practitioner',
    url: (h) => `/families/${h.familyId}/involvements`,
    returnedIds: itemIds,
  },
  'GET /families/{id}/consents': {
    caller: 'practitioner',
    url: (h) => `/families/${h.familyId}/consents`,
    returnedIds: itemIds,
  },
  'GET /families/{id}/chronology': {
    caller: 'practitioner',
    url: (h) => `/families/${h.familyId}/chronology`,
    returnedIds: (body) => (body as { items: Item[] }).items.map((event) => event.entityId!),
  },
  'GET /social-care-involvements': { caller: 'feed', url: () => '/social-care-involvements', returnedIds: itemIds },
  'GET /social-care-involvements/{id}': { caller: 'mash', url: (h) => `/social-care-involvements/${h.involvementId}` },
  'GET /marfs': { caller: 'practitioner', url: () => '/marfs', returnedIds: itemIds },
  'GET /marfs/{id}': { caller: 'practitioner', url: (h) => `/marfs/${h.marfId}` },
  'GET /mash/queue': { caller: 'mash', url: () => '/mash/queue', returnedIds: itemIds },
  'GET /episodes': { caller: 'practitioner', url: () => '/episodes', returnedIds: itemIds },
  'GET /episodes/{id}': { caller: 'practitioner', url: (h) => `/episodes/${h.episodeId}` },
  'GET /episodes/{id}/sign-offs': { caller: 'practitioner', url: (h) => `/episodes/${h.episodeId}/sign-offs` },
  'GET /episodes/{id}/lead-professionals': {
    caller: 'practitioner',
    url: (h) => `/episodes/${h.episodeId}/lead-professionals`,
    returnedIds: itemIds,
  },
  'GET /assessments': { caller: 'practitioner', url: () => '/assessments', returnedIds: itemIds },
  'GET /assessments/{id}': { caller: 'practitioner', url: (h) => `/assessments/${h.assessmentId}` },
  'GET /taf-plans': { caller: 'practitioner', url: () => '/taf-plans', returnedIds: itemIds },
  'GET /family-group-conferences/{id}': { caller: 'practitioner', url: (h) => `/family-group-conferences/${h.fgcId}` },
  'GET /child-in-need/{id}': { caller: 'practitioner', url: (h) => `/child-in-need/${h.cinCaseId}` },
  'GET /families/{id}/supporting-families': {
    caller: 'practitioner',
    url: (h) => `/families/${h.familyId}/supporting-families`,
  },
  'GET /taf-plans/{id}': { caller: 'practitioner', url: (h) => `/taf-plans/${h.tafPlanId}` },
  'GET /taf-plans/{id}/family-summary': {
    caller: 'practitioner',
    url: (h) => `/taf-plans/${h.tafPlanId}/family-summary`,
  },
  'GET /transitions': {
    caller: 'practitioner',
    url: (h) => `/transitions?familyId=${h.familyId}`,
    returnedIds: itemIds,
  },
  'GET /transitions/{id}': { caller: 'practitioner', url: (h) => `/transitions/${h.transitionId}` },
  'GET /episodes/{id}/case-notes': {
    caller: 'practitioner',
    url: (h) => `/episodes/${h.episodeId}/case-notes`,
    returnedIds: itemIds,
  },
  'GET /case-notes/{id}': { caller: 'practitioner', url: (h) => `/case-notes/${h.caseNoteId}` },
  'GET /drafts': { caller: 'practitioner', url: () => '/drafts', returnedIds: itemIds },
  'GET /drafts/{id}': { caller: 'practitioner', url: (h) => `/drafts/${h.draftId}` },
  'GET /documents': {
    caller: 'practitioner',
    url: (h) => `/documents?targetType=assessment&targetId=${h.assessmentId}`,
    returnedIds: itemIds,
  },
  'GET /documents/{id}': { caller: 'practitioner', url: (h) => `/documents/${h.documentId}` },
  'GET /documents/{id}/content': { caller: 'practitioner', url: (h) => `/documents/${h.documentId}/content` },
  'GET /people/{id}/history': { caller: 'auditor', url: (h) => `/people/${h.childId}/history` },
  'GET /history/{entityType}/{id}': { caller: 'auditor', url: (h) => `/history/person/${h.childId}` },
  'GET /subject-access-exports/{id}/download': {
    caller: 'admin',
    url: (h) => `/subject-access-exports/${h.subjectAccessExportId}/download`,
    action: 'export',
    adminReads: true,
  },
};

export const NOT_PERSON_LEVEL: Record<string, string> = {
  'GET /health': 'liveness, no data',
  'GET /health/ready': 'readiness, no data',
  'GET /audit-events': 'the audit log: ids and codes, never names or free text (auditor)',
  'GET /localities': 'reference data',
  'GET /support-levels': 'reference data',
  'GET /localities/{id}': 'reference data',
  'GET /organisations': 'reference data',
  'GET /organisations/{id}': 'reference data',
  'GET /users': 'staff accounts, not people the service works with',
  'GET /users/me': 'the caller',
  'GET /users/{id}': 'a staff account',
  'GET /measures': 'definitions',
  'GET /measures/runs/{id}': 'run progress',
  'GET /measures/{key}': 'aggregates',
  'GET /measure-targets/{key}': 'reference data: targets of aggregate measures',
  'GET /measure-commentary/{key}': "analysts' notes on aggregate figures",
  'GET /dashboard': 'aggregates',
  'GET /dashboard/measures/{key}': 'aggregates and their breakdowns',
  'GET /dashboard/measures/{key}/csv': 'aggregates and their breakdowns',
  'GET /extracts': 'extract names',
  'GET /extracts/{name}': 'pseudonymised rows, audited as an export by ExtractsService',
  'GET /bank-holidays': 'reference data',
  'GET /national-codes': 'reference data',
  'GET /supporting-families/outcome-rules': 'reference data',
  'GET /national-codes/years/{year}': 'reference data',
  'GET /returns/{name}':
    'identifiable statutory return (returns role only), audited as an export with its row count by ReturnsService; tested in test/returns',
  'GET /returns/{name}/validation':
    'record ids to fix (returns role only), audited as a read naming them by ReturnsService; tested in test/returns',
  'GET /returns/cin-census':
    'identifiable statutory return (returns role only), audited as an export with its child count by CinCensusService; tested in test/child-in-need',
  'GET /returns/cin-census/validation':
    'record ids to fix (returns role only), audited as a read naming them by CinCensusService; tested in test/child-in-need',
  'GET /notifications': "the caller's own notifications: kinds and ids, no case content",
  'GET /worklist':
    "the caller's (or their team's) due items: kinds, ids and dates, no case content; audited with the ids",
  'GET /reminders': "the caller's own reminders: kinds, ids and due dates, no case content",
  'GET /glossary': 'reference data',
  'GET /imports': 'import progress counts',
  'GET /imports/{id}': 'import progress counts',
  'GET /imports/{id}/errors': 'line numbers, legacy ids and validation messages, never field values',
  'GET /subject-access-exports/{id}': 'export job progress: ids, status and percent',
  'GET /retention/rules': 'reference data: the retention schedule',
  'GET /retention/preview': 'ids and counts of records due for removal, no content (audited as a read of the preview)',
  'GET /retention/runs': 'run dates and row counts per table',
  'GET /retention/log': 'ids and content hashes of rows already removed, no content (audited as a read of the log)',
  'GET /legal-holds': 'which family or person ids are held and why: data protection records, no case content',
};
