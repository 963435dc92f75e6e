import { RegistryKey } from '../platform/registrations/registrations';

/**
 * One kind of record held about a person, contributed by the feature that owns the table, for the
 * subject access export. `sql` selects, for the person in `$1`:
 * - `id` (text): the row's id;
 * - `record` (jsonb): the whole row (`to_jsonb(t)`), nothing dropped;
 * - `third_party` (boolean): true when the row is also, or only, about someone else (another family
 *   member's entry, the identity of a referrer), so a person reviews it for redaction before release.
 * A source names its `table`: the schema test checks every table referencing people has one.
 */
export interface SubjectAccessSource {
  /** The section of the export the rows go to (e.g. `marfs`, `tafGoals`). */
  section: string;
  table: string;
  sql: string;
}

/** Features list their sources under this key in their `<feature>.registrations.ts`. */
export const SUBJECT_ACCESS_SOURCES = new RegistryKey<SubjectAccessSource>('subject-access');

/** The families the person in `$1` is or was a member of, for sources about a whole family. */
export const FAMILIES_OF_PERSON = `(SELECT family_id FROM family_members WHERE person_id = $1)`;

/** The episodes of those families. */
export const EPISODES_OF_PERSON = `(SELECT id FROM episodes WHERE family_id IN ${FAMILIES_OF_PERSON})`;
