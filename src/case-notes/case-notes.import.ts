import { copiedFromSibling } from './case-note-rules';
import { londonDate } from '../calendar/working-days';
import { ApplyContext, ApplyRow, field, ImportKind, RowError, Values } from '../imports/import-kind';
import { CASE_ENTRY_KINDS, VISIT_SETTINGS } from './dto/case-note.dto';
import { CaseNotesImportRepository } from './case-notes-import.repository';

/** As for entries written here: a few minutes' allowance for the legacy system's clock. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

function inFuture(instant: unknown): boolean {
  return new Date(String(instant)).getTime() > Date.now() + FUTURE_SKEW_MS;
}

/**
 * A case note or visit, with the live API's rules: the family's entry or one child's, a child's
 * entry about a child of the family, people seen who are in the family, dated within the episode,
 * and one child's words never copied to a sibling's entry at the same time.
 */
export const CASE_NOTE_IMPORT: ImportKind = {
  kind: 'case_note',
  table: 'case_entries',
  // Batches one at a time: the sibling-copy check compares entries that may sit in neighbouring batches.
  serial: true,
  description:
    "A case note, contact or visit on an episode: the family's entry, or one child's (`child`); a visit to " +
    "several children is one entry per child, and a child's entry with the same words as a sibling's at the same " +
    'time is refused as a copy. It must fall within the episode (on or after `openedOn`, on or before `closedOn`, ' +
    'London dates); people `seen` must be members of the family and `child` a child of it (at any time). The ' +
    "note's organisation gains no involvement with the family from it: it sees the note while it is involved " +
    'with the family otherwise, as the practitioner who writes one here must be. Corrections are ' +
    '`case_note_amendment`s.',
  fields: [
    field.ref('episode', 'episode_id', 'episode', { required: true }),
    field.ref('child', 'subject_person_id', 'person', {
      description: "the child the entry is about; absent for the family's entry",
    }),
    field.oneOf('entryKind', 'kind', CASE_ENTRY_KINDS, { required: true }),
    field.oneOf('visitSetting', 'visit_setting', VISIT_SETTINGS, {
      description: 'required for a visit, and only for one',
    }),
    field.timestamp('occurredAt', 'occurred_at', { required: true }),
    field.ref('practitioner', 'practitioner_user_id', 'user', { required: true }),
    field.ref('practitionerOrganisation', 'practitioner_organisation_id', 'organisation', { required: true }),
    field.refs('seen', 'seen_person_ids', 'person', 0, { default: [], description: 'family members seen' }),
    field.boolean('childSeenAlone', 'child_seen_alone', { description: "a child's entry only" }),
    field.text('childWords', 'child_words', 5000, { description: "the child's own words; a child's entry only" }),
    field.text('text', 'text', 20000, { required: true }),
  ],
  check(values) {
    if ((values.kind === 'visit') !== Boolean(values.visit_setting)) {
      return values.kind === 'visit' ? 'a visit needs its visitSetting' : 'only a visit has a visitSetting';
    }
    if (!values.subject_person_id && (values.child_words || values.child_seen_alone !== null)) {
      return "childWords and childSeenAlone are for a child's entry (give child)";
    }
    if (inFuture(values.occurred_at)) return 'occurredAt is in the future';
    return undefined;
  },
  createdAt: 'occurred_at',
  async prepare(rows, context) {
    const episodes = await episodesOf(rows, context);
    const members = await membersOf([...new Set([...episodes.values()].map((e) => e.family_id))], context);
    for (const row of rows) {
      const episode = episodes.get(String(row.values.episode_id))!;
      row.values.family_id = episode.family_id;
      const day = londonDate(new Date(String(row.values.occurred_at)));
      if (day < episode.opened_on) throw refusal(`occurredAt is before the episode opened (${episode.opened_on})`);
      if (episode.closed_on && day > episode.closed_on) {
        throw refusal(`occurredAt is after the episode closed (${episode.closed_on})`);
      }
      const family = members.get(episode.family_id) ?? new Map<string, boolean>();
      const child = row.values.subject_person_id as string | undefined;
      if (child && !family.get(child)) throw refusal("child: is not a child of the episode's family");
      const seen = (row.values.seen_person_ids as string[] | undefined) ?? [];
      const stranger = seen.findIndex((personId) => !family.has(personId));
      if (stranger >= 0) throw refusal(`seen[${stranger}]: is not a member of the episode's family`);
    }
    await refuseCopies(rows, context);
  },
};

/** A correction of an imported case note; the original is kept, as for amendments made here. */
export const CASE_NOTE_AMENDMENT_IMPORT: ImportKind = {
  kind: 'case_note_amendment',
  table: 'case_entry_amendments',
  // The child's words an amendment keeps depend on the note's earlier amendments, possibly in another batch.
  serial: true,
  description:
    "A correction of a `case_note`, kept beside the original. `childWords` is for a child's entry only; " +
    "without it the entry's child's words as they stood at `amendedAt` are kept. It may not predate the note.",
  fields: [
    field.ref('caseNote', 'case_entry_id', 'case_note', { required: true }),
    field.text('text', 'text', 20000, { required: true, description: 'the corrected text' }),
    field.text('childWords', 'child_words', 5000, { description: "corrected child's words (a child's entry only)" }),
    field.text('reason', 'reason', 2000, { required: true }),
    field.ref('amendedBy', 'amended_by_user_id', 'user', { required: true }),
    field.ref('amendedByOrganisation', 'amended_by_organisation_id', 'organisation', { required: true }),
    field.timestamp('amendedAt', 'created_at', { required: true }),
  ],
  check(values) {
    return inFuture(values.created_at) ? 'amendedAt is in the future' : undefined;
  },
  async prepare(rows, context) {
    const entryIds = [...new Set(rows.map((row) => String(row.values.case_entry_id)))];
    const entries = await new CaseNotesImportRepository(context.db).entries(entryIds);
    const amendments = await new CaseNotesImportRepository(context.db).amendments(entryIds);
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    // Applied oldest first, so an amendment without childWords keeps those of the one before it.
    const ordered = [...rows].sort((a, b) => String(a.values.created_at).localeCompare(String(b.values.created_at)));
    const history = amendments.map((a) => ({
      entry: a.case_entry_id,
      at: a.created_at.getTime(),
      words: a.child_words,
    }));
    for (const row of ordered) {
      const entry = byId.get(String(row.values.case_entry_id))!;
      const at = new Date(String(row.values.created_at)).getTime();
      if (at < entry.occurred_at.getTime()) throw refusal('amendedAt is before the case note occurred');
      if (!entry.child && row.values.child_words) {
        throw refusal("childWords: a family entry records no child's own words");
      }
      if (entry.child && !row.values.child_words) {
        const before = history.filter((h) => h.entry === entry.id && h.at <= at).sort((a, b) => b.at - a.at)[0];
        row.values.child_words = before ? before.words : entry.child_words;
      }
      history.push({ entry: entry.id, at, words: (row.values.child_words as string | null) ?? null });
    }
  },
};

/** A batch with a refused row is retried one row at a time, so the message lands on that row's line. */
function refusal(message: string): RowError {
  return new RowError(message);
}

async function episodesOf(
  rows: ApplyRow[],
  context: ApplyContext,
): Promise<Map<string, { family_id: string; opened_on: string; closed_on: string | null }>> {
  const found = await new CaseNotesImportRepository(context.db).episodes([
    ...new Set(rows.map((row) => String(row.values.episode_id))),
  ]);
  return new Map(found.map((row) => [row.id, row]));
}

/** Each family's members (at any time), each with whether they are a child of it. */
async function membersOf(familyIds: string[], context: ApplyContext): Promise<Map<string, Map<string, boolean>>> {
  const found = await new CaseNotesImportRepository(context.db).members(familyIds);
  const families = new Map<string, Map<string, boolean>>();
  for (const row of found) {
    const family = families.get(row.family_id) ?? new Map<string, boolean>();
    family.set(row.person_id, row.child);
    families.set(row.family_id, family);
  }
  return families;
}

/**
 * Refuses a child's entry whose words a sibling's entry on the same episode at the same moment
 * already has (its text, or the child's own words): one already stored, or earlier in the batch.
 */
async function refuseCopies(rows: ApplyRow[], context: ApplyContext): Promise<void> {
  const childRows = rows.filter((row) => row.values.subject_person_id);
  if (childRows.length === 0) return;
  const stored = await new CaseNotesImportRepository(context.db).childEntriesAt(
    childRows.map((row) => row.values.episode_id),
    childRows.map((row) => row.values.occurred_at),
  );
  const moment = (episodeId: unknown, occurredAt: unknown) =>
    `${String(episodeId)} ${new Date(String(occurredAt)).getTime()}`;
  const seen = new Map<string, ({ person_id: string } & Words)[]>();
  for (const entry of stored) {
    const key = moment(entry.episode_id, entry.occurred_at.toISOString());
    seen.set(key, [...(seen.get(key) ?? []), entry]);
  }
  for (const row of childRows) {
    const key = moment(row.values.episode_id, row.values.occurred_at);
    const mine = wordsOf(row.values);
    const others = (seen.get(key) ?? []).filter((other) => other.person_id !== row.values.subject_person_id);
    for (const other of others) {
      const copied = copiedFromSibling(
        { text: other.text, childWords: other.child_words },
        { text: mine.text, childWords: mine.child_words },
      );
      if (copied)
        throw refusal(`${copied}: already recorded for a sibling at the same time (write this child's own entry)`);
    }
    seen.set(key, [...(seen.get(key) ?? []), { person_id: String(row.values.subject_person_id), ...mine }]);
  }
}

interface Words {
  text: string;
  child_words: string | null;
}

function wordsOf(values: Values): Words {
  return { text: String(values.text), child_words: (values.child_words as string | undefined) ?? null };
}
