import { RE_REFERRAL_WINDOW_DAYS } from '../calendar/date-rules';
import { field, ImportKind } from '../imports/import-kind';
import { CLOSURE_REASONS, type ClosureReason, EPISODE_ROUTES, endReasonCode } from './episode-rules';
import { EpisodesImportRepository } from './episodes-import.repository';

export const EPISODE_IMPORT: ImportKind = {
  kind: 'episode',
  // A closed episode ends the family's involvements recorded by MARFs, decisions, consents and social care.
  after: ['marf_decision', 'consent', 'social_care_involvement'],
  table: 'episodes',
  serial: true,
  description:
    "A family's Early Help episode, open or closed. As for episodes opened here, one opened within 365 days of " +
    "the family's previous episode closing is marked as its re-referral.",
  fields: [
    field.ref('family', 'family_id', 'family', { required: true }),
    field.date('openedOn', 'opened_on', { required: true }),
    field.oneOf('route', 'route', EPISODE_ROUTES, { required: true }),
    field.lookup('level', 'level', 'support_levels', {
      required: true,
      description:
        'the codes seeded are `universal`, `early_help` (single agency), `multi_agency_early_help`, `statutory`, ' +
        '`targeted_family_help` and `specialist_family_help` (plus any added to the reference data since); an ' +
        'episode a MARF decision opened has the level the live system gives it: `early_help` for ' +
        '`early_help_single_agency`, `multi_agency_early_help` for `early_help_multi_agency` and ' +
        '`strengthening_families`',
    }),
    field.ref('referringOrganisation', 'referring_organisation_id', 'organisation'),
    field.ref('leadOrganisation', 'lead_organisation_id', 'organisation'),
    field.date('closedOn', 'closed_on'),
    field.oneOf('closureReason', 'closure_reason', CLOSURE_REASONS),
    field.text('closureNotes', 'closure_notes', 4000),
    field.pattern('reasonCode', 'reason_code', /^N[0-9]$/, 'N4', {
      description:
        'reason for involvement: CIN primary need code (SSD earl_episode_reason); listed by the returns validation when absent',
    }),
    field.pattern('endReasonCode', 'end_reason_code', /^RC[0-9]$/, 'RC7', {
      description:
        'end reason of a closed episode: CIN reason for closure code (SSD earl_episode_end_reason); defaults to RC7 ' +
        'for the closure reasons that map one-to-one (outcomes_met, consent_withdrawn, single_agency_support, ' +
        'no_engagement, stepped_up_to_social_care); give it for moved_out_of_area (RC5 or RC7) and other',
    }),
  ],
  check(values) {
    if (Boolean(values.closed_on) !== Boolean(values.closure_reason)) {
      return 'closedOn and closureReason go together: give both or neither';
    }
    if (values.closed_on && String(values.closed_on) < String(values.opened_on)) {
      return 'closedOn must not be before openedOn';
    }
    if (values.end_reason_code && !values.closed_on) return 'endReasonCode is for a closed episode';
    if (values.closure_reason) {
      const end = endReasonCode(
        values.closure_reason as ClosureReason,
        (values.end_reason_code as string) || undefined,
      );
      if ('problem' in end) return end.message;
      values.end_reason_code = end.code;
    }
    return undefined;
  },
  createdAt: 'opened_on',
  async afterInsert(rows, context) {
    // The referrer's MARF-like involvement, and the lead organisation's allocation (which lapses
    // after ALLOCATION_LAPSE_WORKING_DAYS working days, so history's allocations are long lapsed).
    await context.involve(
      rows.flatMap((row) => {
        const familyId = String(row.values.family_id);
        const episodeId = row.id;
        const since = String(row.values.opened_on);
        const until = row.values.closed_on ? String(row.values.closed_on) : null;
        return [
          ...(row.values.referring_organisation_id
            ? [
                {
                  familyId,
                  organisationId: String(row.values.referring_organisation_id),
                  basis: 'referrer' as const,
                  since,
                },
              ]
            : []),
          ...(row.values.lead_organisation_id
            ? [
                {
                  familyId,
                  episodeId,
                  organisationId: String(row.values.lead_organisation_id),
                  basis: 'allocation' as const,
                  since,
                  until,
                  endReason: 'episode_closed' as const,
                },
              ]
            : []),
        ];
      }),
    );
  },
  async afterAll(importId, context) {
    // Re-referrals need the family's whole history, which may arrive in any order: marked once all are in.
    await new EpisodesImportRepository(context.db).markReReferrals(importId, RE_REFERRAL_WINDOW_DAYS);
  },
  constraintMessages: { episodes_one_open_per_family: 'the family already has an open episode' },
};
