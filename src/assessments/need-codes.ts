/** Needs found by an EHA: the national Supporting Families headline outcomes plus local codes. */
export const NEED_CODES = [
  'getting_a_good_education',
  'good_early_years_development',
  'improved_mental_health',
  'improved_physical_health',
  'promoting_recovery_reducing_substance_harm',
  'improved_family_relationships',
  'children_safe_from_abuse_and_exploitation',
  'crime_prevention_and_tackling_crime',
  'safe_from_domestic_abuse',
  'secure_housing',
  'financial_stability',
  'neglect',
  'send',
  'young_carer',
  'other',
] as const;
export type NeedCode = (typeof NEED_CODES)[number];

/**
 * The family's needs with every child's added after them: a need found for a child is a need of
 * the family (Supporting Families counts the family's).
 */
export function withChildNeeds(
  familyNeeds: readonly NeedCode[],
  children: readonly { needs: readonly NeedCode[] }[],
): NeedCode[] {
  return [...new Set<NeedCode>([...familyNeeds, ...children.flatMap((child) => child.needs)])];
}

/** The CIN census assessment factor "no factors identified": given alone. */
export const NO_FACTORS_IDENTIFIED = '21';

export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'completed', 'withdrawn'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const QUALITY_RATINGS = ['good', 'requires_improvement', 'inadequate'] as const;
export type QualityRating = (typeof QUALITY_RATINGS)[number];

const TRANSITIONS: Record<AssessmentStatus, readonly AssessmentStatus[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['completed', 'withdrawn'],
  completed: [],
  withdrawn: [],
};

/** draft → submitted → completed, or withdrawn from draft or submitted. */
export function canMove(from: AssessmentStatus, to: AssessmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * A child's words must be their own: the same words already recorded for a sibling in the same
 * assessment are refused, compared ignoring case, spacing and punctuation.
 */
export function sameWords(a: string, b: string): boolean {
  const key = (words: string) => words.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return key(a) !== '' && key(a) === key(b);
}
