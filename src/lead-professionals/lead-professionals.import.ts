import { field, ImportKind } from '../imports/import-kind';

export const LEAD_PROFESSIONAL_IMPORT: ImportKind = {
  kind: 'lead_professional_assignment',
  table: 'lead_professional_assignments',
  serial: true,
  description: 'A Lead Professional on an episode, current (no endedAt) or past.',
  fields: [
    field.ref('episode', 'episode_id', 'episode', { required: true }),
    field.ref('user', 'user_id', 'user', { required: true }),
    field.ref('organisation', 'organisation_id', 'organisation', { required: true }),
    field.text('reason', 'reason', 2000, { required: true }),
    field.timestamp('startedAt', 'started_at', { required: true }),
    field.timestamp('endedAt', 'ended_at'),
    field.text('endReason', 'end_reason', 2000),
    field.boolean('registeredSocialWorker', 'registered_social_worker', { default: false }),
    field.pattern('socialWorkEnglandNumber', 'social_work_england_number', /^SW[0-9]{1,7}$/, 'SW123456'),
    field.text('qualification', 'qualification', 200),
  ],
  check(values) {
    if (values.ended_at && String(values.ended_at) < String(values.started_at)) {
      return 'endedAt must not be before startedAt';
    }
    if (values.social_work_england_number && values.registered_social_worker !== true) {
      return 'socialWorkEnglandNumber is recorded only with registeredSocialWorker: true';
    }
    return undefined;
  },
  async afterInsert(rows, context) {
    await context.involveByEpisode(
      rows.map((row) => ({
        episodeId: String(row.values.episode_id),
        organisationId: String(row.values.organisation_id),
        basis: 'lead' as const,
        since: String(row.values.started_at),
        until: row.values.ended_at ? String(row.values.ended_at) : null,
        endReason: 'assignment_ended' as const,
      })),
    );
  },
  constraintMessages: { lead_professional_one_active: 'the episode already has an active Lead Professional' },
};
