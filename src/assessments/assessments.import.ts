import { type ApplyContext, type ApplyRow, field, ImportKind, RowError } from '../imports/import-kind';
import { NATIONAL_CODES_2024 } from '../national-codes/national-codes-2024';
import { ASSESSMENT_STATUSES, NEED_CODES, type NeedCode, NO_FACTORS_IDENTIFIED, withChildNeeds } from './need-codes';

const ASSESSMENT_FACTOR_CODES = NATIONAL_CODES_2024.assessment_factor.map(([code]) => code);

/**
 * Each child named in `childNeeds` is a child member (then or now) of the episode's family; the
 * family's needs gain every child's.
 */
async function prepareChildNeeds(rows: ApplyRow[], context: ApplyContext): Promise<void> {
  const episodes = rows.filter((row) => row.children.childNeeds?.length).map((row) => String(row.values.episode_id));
  if (episodes.length === 0) return;
  const children = await context.db.query<{ episode: string; person: string }>(
    `SELECT e.id::text AS episode, m.person_id::text AS person
       FROM episodes e JOIN family_members m ON m.family_id = e.family_id JOIN persons p ON p.id = m.person_id
      WHERE e.id = ANY($1::uuid[]) AND (m.relationship = 'child' OR p.person_type = 'child')`,
    [[...new Set(episodes)]],
  );
  const isChild = new Set(children.map((c) => `${c.episode}:${c.person}`));
  for (const row of rows) {
    const childNeeds = (row.children.childNeeds ?? []) as { person_id: string; needs: NeedCode[] }[];
    if (childNeeds.some((child) => !isChild.has(`${String(row.values.episode_id)}:${child.person_id}`))) {
      throw new RowError("childNeeds: each person is a child member of the episode's family");
    }
    row.values.needs = withChildNeeds(row.values.needs as NeedCode[], childNeeds);
  }
}

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
  children: [
    {
      key: 'childNeeds',
      table: 'assessment_child_needs',
      parentColumn: 'assessment_id',
      optional: true,
      fields: [
        field.ref('person', 'person_id', 'person', {
          required: true,
          description: "a child member of the episode's family",
        }),
        field.manyOf('needs', 'needs', NEED_CODES, 0, {
          default: [],
          description: "this child's needs; added to the assessment's `needs`",
        }),
        field.manyOf('assessmentFactors', 'assessment_factors', ASSESSMENT_FACTOR_CODES, 0, {
          default: [],
          description:
            'CIN census assessment factor codes found for this child at completion (`21` alone); a completed ' +
            'assessment whose child has needs but none is listed by the Annex A List 2 validation',
        }),
      ],
      check(values) {
        const factors = values.assessment_factors as string[];
        if (factors.includes(NO_FACTORS_IDENTIFIED) && factors.length > 1) {
          return `assessmentFactors: ${NO_FACTORS_IDENTIFIED} (no factors identified) is given alone`;
        }
        return undefined;
      },
    },
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
  prepare: prepareChildNeeds,
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
    assessment_child_needs_pkey: 'childNeeds: the same child is listed twice',
  },
};
