import { describeType, ImportField } from './import-kind';
import type { ImportKinds } from './import-kinds';

const INTRO = `# Legacy EHM import format

The import brings a partnership's history out of its old Early Help Module. A file is
**newline-delimited JSON** (NDJSON, UTF-8): one record per line, each an object with

- \`kind\`: what the record is (the sections below), and
- \`legacyId\`: the record's id in the old system, unique within its kind (up to 200 characters),

and the kind's fields. Dates are \`YYYY-MM-DD\`; date-times are ISO 8601 with a zone
(\`2023-01-20T10:15:00Z\`). Each field says which it takes: a MARF's receipt, a decision, a Lead
Professional assignment's start and end, a case note and an amendment are date-times; an episode's
opening and closing, an assessment's dates, a TAF plan's and meeting's dates are dates. A record
refers to another by the other's **legacy id** (\`"family": "FAM-1"\`), whether that record is
earlier or later in the file or came in an earlier import; localities and support levels, which are
reference data, are named by their name and code. Original dates are kept: a MARF received in 2019
counts in 2019's measures. Measures count a date-time on its **London** calendar date (a MARF
received at \`2023-03-31T23:30:00Z\`, 00:30 on 1 April in London, counts in April and in 2023-24).

Text may hold any character but U+0000 (\`\\u0000\`), which PostgreSQL cannot store: a line with one
anywhere is refused, naming the field, and the rest of the file goes on.

An example with one record of every kind: [examples/ehm-import-example.ndjson](examples/ehm-import-example.ndjson).

## Running an import

- API (role \`admin\`): \`POST /imports\` with \`Content-Type: application/x-ndjson\` and the file as the
  body (streamed; optional \`?fileName=\`). The answer is \`202 Accepted\` once the file has been read
  and checked, with a \`Location\` to follow: \`GET /imports/{id}\` shows the status
  (\`receiving\`, \`queued\`, \`applying\`, \`completed\`, \`failed\`), lines read, records applied so
  far and counts by kind; \`GET /imports/{id}/errors\` lists the refused rows by line number.
- Command line: \`npm run cli -- import file.ndjson\`, with a progress bar on stderr; it prints the
  same summary as JSON and the first refused rows, and exits 1 if any row was refused (0 only when
  every line was applied or unchanged).

## What happens to each line

1. Each line is checked on its own: valid JSON, a known \`kind\`, a \`legacyId\`, every field of the
   right type, no unknown fields (a misspelt field is refused rather than silently dropped), and the
   rules between fields (a closed episode has a closure reason, a completed assessment a submitted
   date, ...). A line that fails is reported with its **line number and reason** and the rest go on.
2. Once the whole file is in, records are applied kind by kind in the order of the sections below,
   so references resolve whatever order the file lists them in. A record whose reference is not in
   the file or an earlier import, or that the database refuses (a second open episode for a family,
   an NHS number another person has), is reported and the others are applied.
3. **Re-importing changes nothing**: a legacy id already imported (by any earlier import) is left as
   it is and counted as \`unchanged\`. An organisation whose name, or a user whose email, is already
   in the system is adopted (\`matched\`) rather than duplicated. A legacy id repeated within one file
   is applied once; the repeats are reported.
4. Work the live system does alongside a record is done for imported ones too: the organisations
   that recorded, referred, assessed, led or joined the TAF for a family become involved with it
   (which is what lets their practitioners see it), MARFs get a MARF reference for the year they
   were received (numbers are taken a batch at a time, so a MARF the database refuses leaves its
   number unused) and a decision due date, and an episode opened within 365 days of the family's
   previous one closing is marked as its re-referral.

5. Records that only the live system creates are not created for imported ones: an imported
   \`marf_decision\` to an early help outcome opens (or joins) no episode, as a decision made here
   would; the file gives the family's \`episode\` itself, or the family has none.
6. When the import ends, PostgreSQL's planner statistics of every table it added rows to are
   refreshed (\`ANALYZE\`), so the measures run after a big import are planned on the data.

Files of millions of lines stream through in constant memory. Each applied batch is one
transaction and is audited (kind, counts, line range; never case content); a worker that stops
mid-import resumes where it left off. Error messages name fields and legacy ids, never values
such as names, so the admin who runs the import does not see case content.

## Record kinds
`;

function fieldRows(fields: readonly ImportField[]): string[] {
  return fields.map((f) => {
    const notes = [
      f.required ? '**required**' : f.default !== undefined ? `default \`${JSON.stringify(f.default)}\`` : 'optional',
      f.description,
    ]
      .filter(Boolean)
      .join('; ');
    return `| \`${f.key}\` | ${describeType(f.spec)} | ${notes} |`;
  });
}

/** docs/import-format.md, generated from the record kinds so the document cannot drift from the code. */
export function renderImportFormat(kinds: ImportKinds): string {
  const sections = kinds.all.map((kind, index) => {
    const lines = [
      `### ${index + 1}. \`${kind.kind}\``,
      '',
      kind.description,
      '',
      '| field | type | |',
      '| --- | --- | --- |',
      ...fieldRows(kind.fields),
    ];
    for (const child of kind.children ?? []) {
      lines.push(
        '',
        child.single
          ? `\`${child.key}\`${child.optional ? ' (optional)' : ''}: an object with`
          : `\`${child.key}\`${child.optional ? ' (optional)' : ''}: an array of objects with`,
        '',
        '| field | type | |',
        '| --- | --- | --- |',
        ...fieldRows(child.fields),
      );
    }
    return lines.join('\n');
  });
  return `${INTRO}\n${sections.join('\n\n')}\n`;
}
