import { barChart, formatNumber } from './chart';
import type { BreakdownRow, DrillDown } from './dashboard-data.service';
import {
  commentaryBlock,
  comparisons,
  computedLine,
  counts,
  RAG_TEXT,
  trend,
  windowNote,
  type ShownTile,
  type ViewContext,
} from './dashboard.view';
import { escapeHtml, label, STYLES } from './html';

export interface PackMeasure {
  tile: ShownTile;
  breakdowns: { by: DrillDown; rows: BreakdownRow[] }[];
}

const PACK_STYLES = `
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; margin: 0; font-size: 11pt; }
  main { padding: 0; max-width: none; }
  section.measure { break-before: page; }
  .cover h1 { font-size: 26pt; margin-top: 30mm; }
  table { font-size: 9pt; }
  details > summary { display: none; }
  .breakdowns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8mm; }
  .breakdowns table { width: 100%; }
`;

function breakdownTable(tile: ShownTile, by: DrillDown, rows: BreakdownRow[]): string {
  const rate = tile.unit === 'percentage';
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(row.label)}</th><td>${escapeHtml(formatNumber(row.result, tile.unit))}</td>${
          rate
            ? `<td>${row.numerator.toLocaleString('en-GB')} of ${row.denominator?.toLocaleString('en-GB') ?? '–'}</td>`
            : ''
        }</tr>`,
    )
    .join('');
  return `<table><caption>By ${escapeHtml(label(by))}, ${escapeHtml(tile.headline?.periodKey ?? '')}</caption><tr><th scope="col" class="text">${escapeHtml(label(by))}</th><th scope="col">${rate ? 'rate' : 'count'}</th>${rate ? '<th scope="col">counts</th>' : ''}</tr>${body}</table>`;
}

function measureSection({ tile, breakdowns }: PackMeasure): string {
  const headline = tile.headline;
  const rate = counts(tile, headline);
  const firstBreakdown = breakdowns[0];
  return `<section class="measure" aria-labelledby="pack-${tile.key}">
<h2 id="pack-${tile.key}">${escapeHtml(tile.title)}</h2>
<p class="muted">${escapeHtml(tile.definition)}</p>
<p class="value">${escapeHtml(formatNumber(headline?.value ?? null, tile.unit))}${rate ? ` <span class="counts">(${rate})</span>` : ''}</p>
<p class="period">${headline ? `${escapeHtml(headline.periodKey)} (${escapeHtml(label(tile.periodKind))})` : 'not computed for this period'}</p>
${tile.rag ? `<span class="rag rag-${tile.rag}">${RAG_TEXT[tile.rag]}</span>` : ''}
${comparisons(tile)}
${windowNote(headline)}
${commentaryBlock(tile)}
${trend(tile, { width: 680, height: 220, open: true })}
${
  firstBreakdown && firstBreakdown.rows.length
    ? barChart(
        firstBreakdown.rows.map((row) => ({ label: row.label, value: row.result })),
        { title: `${tile.title} by ${label(firstBreakdown.by)}`, unit: tile.unit, width: 680 },
      )
    : ''
}
<div class="breakdowns">${breakdowns.map((b) => breakdownTable(tile, b.by, b.rows)).join('')}</div>
</section>`;
}

/** The board pack as one printable HTML document: a cover with the summary table, then a page per measure. */
export function renderBoardPack(periodKey: string, measures: PackMeasure[], context: ViewContext): string {
  const summary = measures
    .map(
      ({ tile }) =>
        `<tr><th scope="row">${escapeHtml(tile.title)}</th><td class="text">${escapeHtml(tile.headline?.periodKey ?? '–')}</td><td>${escapeHtml(formatNumber(tile.headline?.value ?? null, tile.unit))}</td><td>${tile.target ? escapeHtml(formatNumber(tile.target.value, tile.unit)) : '–'}</td><td class="text">${tile.rag ? RAG_TEXT[tile.rag] : 'no target'}</td><td>${escapeHtml(formatNumber(tile.lastYear?.value ?? null, tile.unit))}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Early Help partnership board pack, ${escapeHtml(periodKey)}</title>
<style>${STYLES}${PACK_STYLES}</style>
</head>
<body>
<main>
<section class="cover">
<h1>Early Help partnership board pack</h1>
<p class="value">${escapeHtml(periodKey)}</p>
<p>Each measure's last complete period up to the end of ${escapeHtml(periodKey)}, against its target and the same period last year, with its trend, breakdowns and the analysts' commentary.</p>
<p class="muted">${computedLine(context)}</p>
<table><caption>Summary</caption><tr><th scope="col" class="text">measure</th><th scope="col" class="text">period</th><th scope="col">value</th><th scope="col">target</th><th scope="col" class="text">status</th><th scope="col">last year</th></tr>${summary}</table>
</section>
${measures.map(measureSection).join('\n')}
</main>
</body>
</html>`;
}
