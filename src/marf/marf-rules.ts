import type { ProblemException } from '../platform/problem/problem';
import { problemOf, type ProblemType } from '../platform/problem/problem-type';
import type { OrganisationType } from '../organisations/organisation-types';
import { MARF_PROBLEMS } from './marf.problems';

export const CONCERN_CATEGORIES = [
  'neglect',
  'physical_abuse',
  'emotional_abuse',
  'sexual_abuse',
  'domestic_abuse',
  'child_exploitation',
  'parental_mental_health',
  'parental_substance_misuse',
  'child_mental_health',
  'harm_outside_home',
  'other',
] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];

export const MARF_STATUSES = ['received', 'triaged', 'decided'] as const;
export type MarfStatus = (typeof MARF_STATUSES)[number];

export const RAG_RATINGS = ['red', 'amber', 'green'] as const;
export type RagRating = (typeof RAG_RATINGS)[number];

export const MARF_QUALITIES = ['evidence_based', 'adequate', 'poor'] as const;
export type MarfQuality = (typeof MARF_QUALITIES)[number];

export const MARF_OUTCOMES = [
  'nfa',
  'nfa_advice_signposting',
  'early_help_single_agency',
  'early_help_multi_agency',
  'strengthening_families',
  'social_care_assessment',
  'strategy_discussion',
  'already_open_social_care',
] as const;
export type MarfOutcome = (typeof MARF_OUTCOMES)[number];

/** Outcomes that open (or join) the family's Early Help episode, route `marf_step_down`, led by an organisation. */
export const EARLY_HELP_OUTCOMES: readonly MarfOutcome[] = [
  'early_help_single_agency',
  'early_help_multi_agency',
  'strengthening_families',
];

/** Outcomes that refer the family to children's social care: a section 17 assessment or a strategy discussion. */
export const SOCIAL_CARE_OUTCOMES: readonly MarfOutcome[] = ['social_care_assessment', 'strategy_discussion'];

export function isEarlyHelpOutcome(outcome: MarfOutcome): boolean {
  return EARLY_HELP_OUTCOMES.includes(outcome);
}

/** `MARF-2026-000123`: the year of receipt and a gap-free number within it, at least six digits. */
export function formatMarfReference(year: number, sequence: number): string {
  return `MARF-${year}-${String(sequence).padStart(6, '0')}`;
}

function conflict(type: ProblemType, detail: string, status: MarfStatus): ProblemException {
  return problemOf(type, detail, { marfStatus: status });
}

/** Triage (or re-triage, to change the rating or the assignee) is possible until the MARF is decided. */
export function assertCanTriage(status: MarfStatus): void {
  if (status === 'decided') {
    throw conflict(MARF_PROBLEMS.marfAlreadyDecided, 'This MARF has been decided; it cannot be triaged', status);
  }
}

/** A MARF is decided once; where the partnership requires it, only after triage. */
export function assertCanDecide(status: MarfStatus, requiresTriage: boolean): void {
  if (status === 'decided') {
    throw conflict(MARF_PROBLEMS.marfAlreadyDecided, 'This MARF has already been decided', status);
  }
  if (status === 'received' && requiresTriage) {
    throw conflict(
      MARF_PROBLEMS.marfNotTriaged,
      'This partnership requires a MARF to be triaged (RAG rating and assignee) before it is decided',
      status,
    );
  }
}

/**
 * The referral (contact) source codes a MARF from an organisation of each type may carry: one is
 * derived; several are the referrer's to choose (`contactSource`). A MASH organisation records
 * contacts on behalf of individuals and anonymous callers.
 */
export const CONTACT_SOURCES_OF: Record<OrganisationType, readonly string[]> = {
  school: ['2A'],
  early_years: ['2B', '8'],
  childrens_centre: ['8'],
  family_hub: ['5D'],
  strengthening_families: ['5D'],
  health: ['3A', '3B', '3C', '3D', '3E', '3F'],
  gp: ['3A'],
  police: ['6'],
  voluntary: ['8'],
  housing: ['4'],
  local_authority: ['5A', '5B', '5C'],
  social_care: ['5A'],
  youth_justice: ['5B'],
  mash: ['1A', '1B', '1C', '1D', '9', '10'],
  other: ['7', '8', '10'],
};

/** The contact source to store, or why not (`required` when one had to be chosen and was not). */
export function contactSource(
  organisationType: OrganisationType,
  given: string | undefined,
): { code: string } | { problem: string; required: boolean } {
  const options = CONTACT_SOURCES_OF[organisationType];
  if (given) {
    if (options.includes(given)) return { code: given };
    return {
      problem: `a referrer from a ${organisationType.replace(/_/g, ' ')} organisation gives contactSource ${options.join(', ')}`,
      required: false,
    };
  }
  if (options.length === 1) return { code: options[0]! };
  return {
    problem: `a ${organisationType.replace(/_/g, ' ')} organisation's referral needs contactSource: ${options.join(', ')}`,
    required: true,
  };
}
