import { field, ImportKind } from '../imports/import-kind';
import { ASSESSMENT_STATUSES, NEED_CODES } from './need-codes';

export const ASSESSMENT_IMPORT: ImportKind = {
  kind: 'assessment',
  table: 'assessments',
  serial: true,
  description: "An Early Help Assessment on an episode; the assessor's organisation reads it (basis recorder).",
  fields: [
    field.ref('episode', 'episode_id', 'episode', { required: true }),
    field.ref('assessor', 'assessor_user_id', 'user', { required: true }),
    field.ref('assessorOrganisation', 'assessor_organisation_id', 'organisation', { required: true }),
    field.oneOf('status', 'status', ASSESSMENT_STATUSES, { required: true }),
    field.manyOf('needs', 'needs', NEED_CODES, 0, { default: [] }),
    field.text('strengths', 'strengths', 10000),
    field.text('parentsViews', 'parents_views', 10000),
    field.text('worryStatement', 'worry_statement', 4000),
    field.text('safetyGoal', 'safety_goal', 4000),
    field.integer('scaling', 'scaling', 0, 10),
    field.date('startedOn', 'started_on', { required: true }),
    field.date('submittedOn', 'submitted_on'),
    field.date('completedOn', 'completed_on'),
    field.date('withdrawnOn', 'withdrawn_on'),
    field.text('withdrawalReason', 'withdrawal_reason', 2000),
  ],
  check(values) {
    const status = values.status;
    if ((status === 'submitted' || status === 'completed') && !values.submitted_on) {
      return `a ${status} assessment needs submittedOn`;
    }
    if (status === 'completed' && !values.completed_on) return 'a completed assessment needs completedOn';
    if (status === 'withdrawn' && !values.withdrawn_on) return 'a withdrawn assessment needs withdrawnOn';
    if (values.submitted_on && String(values.submitted_on) < String(values.started_on)) {
      return 'submittedOn must not be before startedOn';
    }
    if (values.completed_on && (!values.submitted_on || String(values.completed_on) < String(values.submitted_on))) {
      return 'completedOn needs submittedOn and must not be before it';
    }
    return undefined;
  },
  createdAt: 'started_on',
  async afterInsert(rows, context) {
    await context.involveByEpisode(
      rows.map((row) => ({
        episodeId: String(row.values.episode_id),
        organisationId: String(row.values.assessor_organisation_id),
        basis: 'recorder' as const,
        since: String(row.values.started_on),
      })),
    );
  },
  constraintMessages: {
    assessments_one_live_per_episode: 'the episode already has an assessment that is not withdrawn',
  },
};
