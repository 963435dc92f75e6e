import { decisionDueAt, londonDate } from '../calendar/working-days';
import { ApplyRow, field, ImportKind } from '../imports/import-kind';
import {
  CONCERN_CATEGORIES,
  EARLY_HELP_OUTCOMES,
  formatMarfReference,
  MARF_OUTCOMES,
  MARF_QUALITIES,
  RAG_RATINGS,
} from './marf-rules';
import { MarfImportRepository } from './marf-import.repository';

export const MARF_IMPORT: ImportKind = {
  kind: 'marf',
  table: 'marfs',
  description:
    'A Multi-Agency Referral Form sent to the MASH, with the children it concerns and, if it was triaged, its ' +
    'triage. It gets a new MARF reference in the year it was received; its decision is a `marf_decision`.',
  fields: [
    field.ref('referrerUser', 'referrer_user_id', 'user', { required: true }),
    field.ref('referrerOrganisation', 'referrer_organisation_id', 'organisation', { required: true }),
    field.ref('family', 'family_id', 'family', { required: true }),
    field.refs('children', '_child_ids', 'person', 1, { required: true }),
    field.manyOf('concernCategories', 'concern_categories', CONCERN_CATEGORIES, 1, { required: true }),
    field.text('narrative', 'narrative', 20000, { required: true }),
    field.boolean('immediateRisk', 'immediate_risk', { required: true }),
    field.boolean('parentsAware', 'parents_aware', { required: true }),
    field.text('parentsNotAwareReason', 'parents_not_aware_reason', 2000),
    field.boolean('earlyHelpTried', 'early_help_tried', { required: true }),
    field.text('earlyHelpTriedDetails', 'early_help_tried_details', 4000),
    field.texts('agenciesInvolved', 'agencies_involved', 200, { default: [] }),
    field.pattern('contactSource', 'contact_source', /^[0-9]{1,2}[A-Z]?$/, '3B', {
      description: 'CIN referral source code (Annex A List 1 Contact Source); listed by the returns validation when absent',
    }),
    field.timestamp('receivedAt', 'received_at', { required: true }),
    field.timestamp('decisionDueAt', 'decision_due_at', {
      description: 'defaults to one working day after receipt, as for MARFs received here',
    }),
  ],
  children: [
    {
      key: 'triage',
      table: 'marf_triage',
      parentColumn: 'marf_id',
      single: true,
      optional: true,
      fields: [
        field.oneOf('rag', 'rag', RAG_RATINGS, { required: true }),
        field.ref('assignee', 'assignee_user_id', 'user', { required: true }),
        field.ref('triagedBy', 'triaged_by_user_id', 'user', { required: true }),
        field.timestamp('triagedAt', 'triaged_at', { required: true }),
        field.text('notes', 'notes', 4000),
      ],
    },
  ],
  check(values) {
    if (!values.parents_aware && !values.parents_not_aware_reason) {
      return 'parentsNotAwareReason is required when parentsAware is false';
    }
    if (values.early_help_tried && !values.early_help_tried_details) {
      return 'earlyHelpTriedDetails is required when earlyHelpTried is true';
    }
    return undefined;
  },
  createdAt: 'received_at',
  alsoWrites: ['marf_children'],
  async prepare(rows, context) {
    const holidays = await context.bankHolidays();
    const byYear = new Map<number, ApplyRow[]>();
    for (const row of rows) {
      const receivedAt = new Date(String(row.values.received_at));
      row.values.decision_due_at ??= decisionDueAt(receivedAt, holidays).toISOString();
      row.values.status = row.children.triage?.length ? 'triaged' : 'received';
      if (row.values.reference) continue; // numbered on the batch's first attempt
      const year = Number(londonDate(receivedAt).slice(0, 4));
      byYear.set(year, [...(byYear.get(year) ?? []), row]);
    }
    for (const [year, yearRows] of byYear) {
      const last = await context.takeSequence('marf', year, yearRows.length);
      yearRows.forEach((row, index) => {
        row.values.reference = formatMarfReference(year, last - yearRows.length + index + 1);
      });
    }
  },
  async afterInsert(rows, context) {
    await new MarfImportRepository(context.db).insertChildren(
      rows.map((row) => ({ marf_id: row.id, person_ids: row.values._child_ids })),
    );
    await context.involve(
      rows.map((row) => ({
        familyId: String(row.values.family_id),
        organisationId: String(row.values.referrer_organisation_id),
        basis: 'referrer' as const,
        since: String(row.values.received_at),
      })),
    );
  },
};

export const MARF_DECISION_IMPORT: ImportKind = {
  kind: 'marf_decision',
  table: 'marf_decisions',
  description:
    "The MASH's decision on a MARF; the MARF becomes decided. Unlike a decision made here, an imported early help " +
    "decision opens no episode and joins none: the family's episode is an `episode` record of its own (route " +
    '`marf_step_down`, opened on the London date of `decidedAt`); a family with no such record has no episode.',
  fields: [
    field.ref('marf', 'marf_id', 'marf', { required: true }),
    field.oneOf('outcome', 'outcome', MARF_OUTCOMES, { required: true }),
    field.text('rationale', 'rationale', 10000, { required: true }),
    field.oneOf('quality', 'quality', MARF_QUALITIES, { required: true }),
    field.boolean('earlyHelpEvidenced', 'early_help_evidenced', { required: true }),
    field.text('feedbackToReferrer', 'feedback_to_referrer', 10000, { required: true }),
    field.ref('leadOrganisation', 'lead_organisation_id', 'organisation', {
      description: 'required for early help outcomes, absent otherwise',
    }),
    field.ref('decidedBy', 'decided_by_user_id', 'user', { required: true }),
    field.timestamp('decidedAt', 'decided_at', { required: true }),
  ],
  check(values) {
    const earlyHelp = (EARLY_HELP_OUTCOMES as readonly unknown[]).includes(values.outcome);
    if (earlyHelp && !values.lead_organisation_id) return `leadOrganisation is required for outcome ${values.outcome}`;
    if (!earlyHelp && values.lead_organisation_id) return `leadOrganisation is only for early help outcomes`;
    return undefined;
  },
  async afterInsert(rows, context) {
    await new MarfImportRepository(context.db).markDecided(rows.map((row) => row.values.marf_id));
  },
  constraintMessages: { marf_decisions_marf_id_key: 'the MARF already has a decision' },
};
