/**
 * The readable bundle of a subject access export: one HTML page, a section per kind of record, each
 * record's fields in a table; records marked for redaction review carry a visible banner and the
 * class `redaction-review`, so nothing third-party goes out unreviewed and nothing is dropped.
 */
export interface ExportRecord {
  table: string;
  id: string;
  redactionReview: boolean;
  record: Record<string, unknown>;
}

export interface HtmlExportInput {
  exportedAt: string;
  personId: string;
  sections: Record<string, ExportRecord[]>;
  chronology: unknown[];
  accessLog: unknown[];
  /** Old and new values of every change to the person's record and the exported records, oldest first. */
  fieldHistory: HtmlFieldChange[];
}

export interface HtmlFieldChange {
  entityType: string;
  entityId: string;
  field: string;
  from: unknown;
  to: unknown;
  reason: string | null;
  actorUserId: string | null;
  changedAt: string;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return escapeHtml(JSON.stringify(value));
  return escapeHtml(String(value));
}

function fieldsTable(record: Record<string, unknown>): string {
  const rows = Object.entries(record)
    .map(([field, value]) => `<tr><th>${escapeHtml(field)}</th><td>${show(value)}</td></tr>`)
    .join('');
  return `<table>${rows}</table>`;
}

function recordBlock(item: ExportRecord): string {
  const banner = item.redactionReview
    ? '<p class="banner">Third-party information: review for redaction before release</p>'
    : '';
  const cls = item.redactionReview ? 'record redaction-review' : 'record';
  return `<div class="${cls}" data-table="${escapeHtml(item.table)}" data-id="${escapeHtml(item.id)}">${banner}${fieldsTable(item.record)}</div>`;
}

/**
 * The field history as one table, a row per changed field: when, which record, the field, from what
 * to what, why and by whom. Changes to a record marked for redaction review are marked the same way.
 */
function fieldHistoryTable(input: HtmlExportInput): string {
  const review = new Set(
    Object.values(input.sections)
      .flat()
      .filter((item) => item.redactionReview)
      .map((item) => item.id),
  );
  const rows = input.fieldHistory
    .map((change) => {
      const cls = review.has(change.entityId) ? ' class="redaction-review"' : '';
      return (
        `<tr${cls}><td>${show(change.changedAt)}</td><td>${show(change.entityType)} ${show(change.entityId)}</td>` +
        `<td>${show(change.field)}</td><td>${show(change.from)}</td><td>${show(change.to)}</td>` +
        `<td>${show(change.reason)}</td><td>${show(change.actorUserId)}</td></tr>`
      );
    })
    .join('');
  return (
    `<section id="fieldHistory"><h2>fieldHistory (${input.fieldHistory.length})</h2>` +
    '<table><tr><th>changed at</th><th>record</th><th>field</th><th>from</th><th>to</th><th>reason</th><th>by user</th></tr>' +
    `${rows}</table></section>`
  );
}

export function renderExportHtml(input: HtmlExportInput): string {
  const sections = Object.entries(input.sections)
    .map(
      ([name, items]) =>
        `<section id="${escapeHtml(name)}"><h2>${escapeHtml(name)} (${items.length})</h2>${items.map(recordBlock).join('')}</section>`,
    )
    .join('\n');
  const list = (title: string, entries: unknown[]) =>
    `<section id="${title}"><h2>${title} (${entries.length})</h2>${entries
      .map((entry) => `<div class="record">${fieldsTable(entry as Record<string, unknown>)}</div>`)
      .join('')}</section>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Subject access export</title>',
    '<style>body{font-family:sans-serif}table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;',
    'padding:2px 6px;text-align:left;vertical-align:top}.redaction-review{border-left:6px solid #d4351c;padding-left:6px}',
    '.banner{color:#d4351c;font-weight:bold}</style></head><body>',
    `<h1>Subject access export</h1><p>Person ${escapeHtml(input.personId)}, exported ${escapeHtml(input.exportedAt)}</p>`,
    sections,
    list('chronology', input.chronology),
    list('accessLog', input.accessLog),
    fieldHistoryTable(input),
    '</body></html>',
  ].join('\n');
}
