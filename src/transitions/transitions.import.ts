import { field, ImportKind } from '../imports/import-kind';
import { TRANSITION_KINDS } from './dto/transition.dto';

export const TRANSITION_IMPORT: ImportKind = {
  kind: 'transition',
  table: 'transitions',
  description: "A family's step up from Early Help to social care, or step down from social care to Early Help.",
  fields: [
    field.oneOf('transitionKind', 'kind', TRANSITION_KINDS, { required: true }),
    field.ref('family', 'family_id', 'family', { required: true }),
    field.ref('episode', 'episode_id', 'episode', { required: true }),
    field.ref('socialCareInvolvement', 'social_care_involvement_id', 'social_care_involvement'),
    field.date('transitionOn', 'transition_on', { required: true }),
    field.text('reason', 'reason', 2000),
  ],
  check(values) {
    if (values.kind === 'step_down' && !values.social_care_involvement_id) {
      return 'a step_down needs the socialCareInvolvement it steps down from';
    }
    return undefined;
  },
  createdAt: 'transition_on',
};
