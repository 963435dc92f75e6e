/**
 * Which demographics a merge keeps, field by field: the kept person's value unless the caller
 * chose the merged-away person's, or the kept person has none (then the other's fills the gap).
 * Fields that travel together are chosen together: `dateOfBirth` also carries
 * `expectedDateOfBirth` (an unborn child has one, a born child the other), `ethnicity` carries
 * `cinEthnicity` (the code fits its category).
 */
export const MERGE_FIELDS = [
  'personType',
  'firstName',
  'middleNames',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'gender',
  'ethnicity',
  'disabilities',
  'firstLanguage',
  'nhsNumber',
  'upn',
  'postcode',
  'sendStatus',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export const MERGE_SIDES = ['kept', 'merged'] as const;
export type MergeSide = (typeof MERGE_SIDES)[number];

/** The fields a choice carries besides itself. */
const CARRIED: Partial<Record<MergeField, readonly string[]>> = {
  dateOfBirth: ['expectedDateOfBirth'],
  ethnicity: ['cinEthnicity'],
};

export interface FieldChoice {
  field: MergeField;
  /** Whose value the kept record now holds. */
  chosen: MergeSide;
  /** `choice`: the caller chose; `kept`: the values differed and none was chosen; `filled`: the kept person had none. */
  how: 'choice' | 'kept' | 'filled' | 'same';
}

export type PersonValues = Record<string, unknown>;

function empty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function fieldsOf(field: MergeField): string[] {
  return [field, ...(CARRIED[field] ?? [])];
}

/**
 * The choice for every field and the patch that turns the kept record into the merged one
 * (only the fields whose value changes). Values compared whole: `dateOfBirth` with its expected date.
 */
export function resolveMergeFields(
  kept: PersonValues,
  merged: PersonValues,
  choices: Partial<Record<MergeField, MergeSide>> = {},
): { choices: FieldChoice[]; patch: PersonValues } {
  const result: FieldChoice[] = [];
  const patch: PersonValues = {};
  for (const field of MERGE_FIELDS) {
    const names = fieldsOf(field);
    const keptValue = names.map((name) => kept[name]);
    const mergedValue = names.map((name) => merged[name]);
    let choice: FieldChoice;
    if (choices[field]) choice = { field, chosen: choices[field], how: 'choice' };
    else if (same(keptValue, mergedValue)) choice = { field, chosen: 'kept', how: 'same' };
    else if (keptValue.every(empty) && !mergedValue.every(empty)) choice = { field, chosen: 'merged', how: 'filled' };
    else choice = { field, chosen: 'kept', how: 'kept' };
    result.push(choice);
    if (choice.chosen === 'merged') {
      for (const name of names) if (!same(kept[name], merged[name])) patch[name] = merged[name];
    }
  }
  return { choices: result, patch };
}

/** The patch that undoes a merge's patch: the kept person's values before the merge. */
export function undoPatch(before: PersonValues, patch: PersonValues): PersonValues {
  return Object.fromEntries(Object.keys(patch).map((name) => [name, before[name] ?? null]));
}

/** Whether an unmerge is still allowed: within `days` of the merge. */
export function withinUnmergePeriod(mergedAt: Date, now: Date, days: number): boolean {
  return now.getTime() - mergedAt.getTime() <= days * 24 * 60 * 60 * 1000;
}
