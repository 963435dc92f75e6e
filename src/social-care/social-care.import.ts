import { field, ImportKind } from '../imports/import-kind';
import { SOCIAL_CARE_KINDS } from './dto/social-care-involvement.dto';

export const SOCIAL_CARE_INVOLVEMENT_IMPORT: ImportKind = {
  kind: 'social_care_involvement',
  table: 'social_care_involvements',
  description: "A child's involvement with children's social care, as the social care system recorded it.",
  fields: [
    field.text('sourceSystem', 'source_system', 100, { required: true }),
    field.text('sourceId', 'source_id', 200, { required: true }),
    field.ref('person', 'person_id', 'person', { required: true }),
    field.oneOf('involvementKind', 'kind', SOCIAL_CARE_KINDS, { required: true }),
    field.date('startedOn', 'started_on', { required: true }),
    field.date('endedOn', 'ended_on'),
    field.text('allocatedWorkerName', 'allocated_worker_name', 200),
    field.text('allocatedTeamName', 'allocated_team_name', 200),
    field.text('teamContact', 'team_contact', 200),
  ],
  check(values) {
    if (values.ended_on && String(values.ended_on) < String(values.started_on)) {
      return 'endedOn must not be before startedOn';
    }
    return undefined;
  },
  constraintMessages: {
    social_care_involvements_source_key: 'sourceSystem and sourceId are already recorded for another involvement',
  },
};
