import { DEFAULT_TAF_REVIEW_WEEKS } from '../calendar/date-rules';
import { field, ImportKind } from '../imports/import-kind';
import { MEETING_KINDS } from './dto/taf.dto';

export const TAF_PLAN_IMPORT: ImportKind = {
  kind: 'taf_plan',
  table: 'taf_plans',
  serial: true,
  description: "An episode's Team Around the Family plan and its member organisations.",
  fields: [
    field.ref('episode', 'episode_id', 'episode', { required: true }),
    field.date('startedOn', 'started_on', { required: true }),
    field.integer('reviewIntervalWeeks', 'review_interval_weeks', 1, 52, { default: DEFAULT_TAF_REVIEW_WEEKS }),
    field.date('endedOn', 'ended_on'),
  ],
  children: [
    {
      key: 'members',
      table: 'taf_members',
      parentColumn: 'taf_plan_id',
      optional: true,
      fields: [
        field.ref('organisation', 'organisation_id', 'organisation', { required: true }),
        field.ref('user', 'user_id', 'user'),
        field.date('joinedOn', 'joined_on', { required: true }),
        field.date('leftOn', 'left_on'),
      ],
    },
  ],
  check(values) {
    if (values.ended_on && String(values.ended_on) < String(values.started_on)) {
      return 'endedOn must not be before startedOn';
    }
    return undefined;
  },
  createdAt: 'started_on',
  async afterInsert(rows, context) {
    await context.involveByEpisode(
      rows.flatMap((row) =>
        (row.children.members ?? []).map((member) => ({
          episodeId: String(row.values.episode_id),
          organisationId: String(member.organisation_id),
          basis: 'taf_member' as const,
          since: String(member.joined_on),
          until: member.left_on ? String(member.left_on) : null,
          endReason: 'membership_ended' as const,
        })),
      ),
    );
  },
  constraintMessages: {
    taf_plans_episode_id_key: 'the episode already has a TAF plan',
    taf_members_active_key: 'members: the same organisation (and user) is listed twice',
  },
};

export const TAF_MEETING_IMPORT: ImportKind = {
  kind: 'taf_meeting',
  table: 'taf_meetings',
  description: 'A TAF meeting: who attended, and each child there and their views.',
  fields: [
    field.ref('tafPlan', 'taf_plan_id', 'taf_plan', { required: true }),
    field.oneOf('meetingKind', 'kind', MEETING_KINDS, { required: true }),
    field.date('heldOn', 'held_on', { required: true }),
    field.text('notes', 'notes', 20000),
  ],
  children: [
    {
      key: 'attendees',
      table: 'taf_meeting_attendees',
      parentColumn: 'taf_meeting_id',
      optional: true,
      fields: [
        field.ref('organisation', 'organisation_id', 'organisation'),
        field.ref('user', 'user_id', 'user'),
        field.ref('person', 'person_id', 'person'),
      ],
      check(values) {
        if (!values.organisation_id && !values.user_id && !values.person_id) {
          return 'attendees: each needs an organisation, user or person';
        }
        return undefined;
      },
    },
    {
      key: 'children',
      table: 'taf_meeting_children',
      parentColumn: 'taf_meeting_id',
      optional: true,
      fields: [
        field.ref('person', 'person_id', 'person', { required: true }),
        field.boolean('attended', 'attended', { required: true }),
        field.text('views', 'views', 10000),
      ],
    },
  ],
  createdAt: 'held_on',
  constraintMessages: { taf_meeting_children_key: 'children: the same child is listed twice' },
};
