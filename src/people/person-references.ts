/**
 * Every column that refers to a person, and what a merge does with it. A merge moves each
 * reference of the merged-away person to the kept person and records exactly which rows moved
 * (their primary key) so an unmerge can put them back. `test/people/person-references.e2e-spec.ts`
 * reads the schema's foreign keys to persons (and every `*person_id(s)` column) and fails when one
 * is missing here, when a primary key differs, or when a unique index over a person column has no
 * `sameAs` rule: a new table that names a person cannot be forgotten by the merge.
 *
 * - `move`: the column is repointed. With `sameAs`, a row of the merged-away person that the kept
 *   person already has (same values of `sameAs`, among rows where `whileNull` is null: an active
 *   membership of the same family, the same MARF) is removed instead, its whole row kept in the
 *   merge record so an unmerge restores it.
 * - `array`: a uuid[] column; the id is replaced in place (dropped when the kept person is already
 *   there); the old array value is recorded.
 * - `drop`: rows that describe the pair-wise matching of people (recomputed nightly) are removed
 *   with the merge and restored by the unmerge.
 * - `merge-record`: the merge's own record and the merged-away marker, which name both people on
 *   purpose and never move.
 */
export type PersonReference =
  | {
      table: string;
      column: string;
      key: readonly string[];
      action: 'move';
      sameAs?: readonly string[];
      /** Only rows where this column is null can clash (an active membership). */
      whileNull?: string;
    }
  | { table: string; column: string; key: readonly string[]; action: 'array' | 'drop' | 'merge-record' };

export const PERSON_REFERENCES: readonly PersonReference[] = [
  {
    table: 'family_members',
    column: 'person_id',
    key: ['id'],
    action: 'move',
    sameAs: ['family_id'],
    whileNull: 'ended_on',
  },
  { table: 'consents', column: 'given_by_person_id', key: ['id'], action: 'move' },
  { table: 'marf_children', column: 'person_id', key: ['marf_id', 'person_id'], action: 'move', sameAs: ['marf_id'] },
  { table: 'social_care_involvements', column: 'person_id', key: ['id'], action: 'move' },
  {
    table: 'assessment_child_voices',
    column: 'person_id',
    key: ['id'],
    action: 'move',
    sameAs: ['assessment_id'],
  },
  {
    table: 'assessment_child_needs',
    column: 'person_id',
    key: ['assessment_id', 'person_id'],
    action: 'move',
    sameAs: ['assessment_id'],
  },
  { table: 'outcome_star_readings', column: 'person_id', key: ['id'], action: 'move' },
  { table: 'taf_goals', column: 'person_id', key: ['id'], action: 'move' },
  { table: 'taf_meeting_attendees', column: 'person_id', key: ['id'], action: 'move' },
  { table: 'taf_meeting_children', column: 'person_id', key: ['id'], action: 'move', sameAs: ['taf_meeting_id'] },
  { table: 'case_entries', column: 'subject_person_id', key: ['id'], action: 'move' },
  { table: 'case_entries', column: 'seen_person_ids', key: ['id'], action: 'array' },
  {
    table: 'family_network_members',
    column: 'person_id',
    key: ['id'],
    action: 'move',
    sameAs: ['family_id'],
    whileNull: 'ended_on',
  },
  { table: 'fgc_attendees', column: 'person_id', key: ['id'], action: 'move' },
  { table: 'fgc_plan_items', column: 'child_person_id', key: ['id'], action: 'move' },
  { table: 'subject_access_exports', column: 'person_id', key: ['id'], action: 'move' },
  {
    table: 'cin_case_children',
    column: 'person_id',
    key: ['cin_case_id', 'person_id'],
    action: 'move',
    sameAs: ['cin_case_id'],
  },
  {
    table: 'cin_assessment_factors',
    column: 'person_id',
    key: ['cin_assessment_id', 'person_id', 'factor'],
    action: 'move',
    sameAs: ['cin_assessment_id', 'factor'],
  },
  { table: 'legal_holds', column: 'person_id', key: ['id'], action: 'move' },
  { table: 'person_rectifications', column: 'person_id', key: ['id'], action: 'move' },
  // One open restriction a person: if both have one, the merged-away person's is set aside in the merge record.
  {
    table: 'person_restrictions',
    column: 'person_id',
    key: ['id'],
    action: 'move',
    sameAs: [],
    whileNull: 'lifted_at',
  },
  // An earlier merge into the merged-away person now points at the kept person (no chains).
  { table: 'persons', column: 'merged_into_person_id', key: ['id'], action: 'move' },
  { table: 'duplicate_candidates', column: 'person_id', key: ['person_id', 'other_person_id'], action: 'drop' },
  { table: 'duplicate_candidates', column: 'other_person_id', key: ['person_id', 'other_person_id'], action: 'drop' },
  { table: 'duplicate_decisions', column: 'person_id', key: ['person_id', 'other_person_id'], action: 'drop' },
  { table: 'duplicate_decisions', column: 'other_person_id', key: ['person_id', 'other_person_id'], action: 'drop' },
  { table: 'person_merges', column: 'merged_person_id', key: ['id'], action: 'merge-record' },
  { table: 'person_merges', column: 'kept_person_id', key: ['id'], action: 'merge-record' },
];
