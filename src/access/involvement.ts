/** What an organisation's involvement with a family rests on (domain.md, the basis table). */
export const INVOLVEMENT_BASES = ['allocation', 'consent', 'lead', 'taf_member', 'referrer', 'recorder'] as const;
export type InvolvementBasis = (typeof INVOLVEMENT_BASES)[number];

/** Why an involvement ended. */
export type InvolvementEndReason =
  | 'episode_closed'
  | 'consent_recorded'
  | 'consent_withdrawn'
  | 'consent_narrowed'
  | 'assignment_ended'
  | 'membership_ended';

/** An organisation's work with a family, for imports and bulk callers. */
export interface Involvement {
  familyId: string;
  organisationId: string;
  basis: InvolvementBasis;
  /** The date it started (YYYY-MM-DD, or a date-time whose London date is taken); today when null. */
  since: string | null;
  /** The date it ended, null while open. */
  until?: string | null;
  endReason?: InvolvementEndReason | null;
  episodeId?: string | null;
  /** For `allocation`: the date it lapses without consent. */
  lapsesOn?: string | null;
}
