import { barChart, formatNumber } from './chart';
import type { BreakdownRow, DrillDown } from './dashboard-data.service';
import {
  commentaryBlock,
  comparisons,
  computedLine,
  counts,
  formatDateTime,
  ragBadge,
  trend,
  windowNote,
  type ShownTile,
  type ViewContext,
} from './dashboard.view';
import { escapeHtml, label, page } from './html';

export interface MeasurePageData {
  tile: ShownTile;
  /** The drill-down shown, with its rows for the headline period. */
  drill?: { by: DrillDown; periodKey: string; rows: BreakdownRow[] };
  /** The commentary form, for a browser session (its CSRF token). */
  commentaryForm?: { csrf: string; saved?: boolean };
}

const DRILL_LABELS: Record<DrillDown, string> = {
  locality: 'Locality',
  organisation_type: 'Organisation type',
  sex: 'Sex',
  ethnicity_group: 'Ethnicity group',
  age_band: 'Age band',
};

function drillNav(tile: ShownTile, current?: DrillDown): string {
  if (tile.drillDowns.length === 0) return '<p class="muted">This measure has no breakdowns to drill into.</p>';
  const items = tile.drillDowns.map(
    (by) =>
      `<li><a href="/dashboard/measures/${tile.key}?by=${by}"${by === current ? ' aria-current="page"' : ''}>${DRILL_LABELS[by]}</a></li>`,
  );
  return `<nav class="breakdowns" aria-label="Breakdowns of ${escapeHtml(tile.title)}"><h2>Drill down</h2><ul>${items.join('')}</ul></nav>`;
}

function drillSection(tile: ShownTile, drill: NonNullable<MeasurePageData['drill']>): string {
  const title = `${tile.title} by ${DRILL_LABELS[drill.by].toLowerCase()}, ${drill.periodKey}`;
  if (drill.rows.length === 0)
    return `<section class="panel"><h2>${escapeHtml(title)}</h2><p>No values stored.</p></section>`;
  const rate = tile.unit === 'percentage';
  const rows = drill.rows
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(row.label)}</th><td>${escapeHtml(formatNumber(row.result, tile.unit))}</td>${
          rate
            ? `<td>${row.numerator.toLocaleString('en-GB')}</td><td>${row.denominator === null ? '–' : row.denominator.toLocaleString('en-GB')}</td>`
            : ''
        }</tr>`,
    )
    .join('');
  const head = `<tr><th scope="col" class="text">${escapeHtml(DRILL_LABELS[drill.by])}</th><th scope="col">${rate ? 'rate' : 'count'}</th>${rate ? '<th scope="col">numerator</th><th scope="col">denominator</th>' : ''}</tr>`;
  return `<section class="panel" aria-labelledby="drill-title">
<h2 id="drill-title">${escapeHtml(title)}</h2>
${barChart(
  drill.rows.map((row) => ({ label: row.label, value: row.result })),
  { title, unit: tile.unit },
)}
<table><caption>${escapeHtml(title)}</caption>${head}${rows}</table>
<p><a class="button" href="/dashboard/measures/${tile.key}/csv?by=${drill.by}" download>Download ${escapeHtml(DRILL_LABELS[drill.by].toLowerCase())} breakdown (CSV)</a></p>
</section>`;
}

function commentaryForm(tile: ShownTile, form: NonNullable<MeasurePageData['commentaryForm']>): string {
  if (!tile.headline) return '';
  return `<section class="panel no-print" aria-labelledby="commentary-title">
<h2 id="commentary-title">Commentary on ${escapeHtml(tile.headline.periodKey)}</h2>
${form.saved ? '<p role="status" class="sofar">Commentary saved.</p>' : ''}
<form method="post" action="/dashboard/measures/${tile.key}/commentary">
<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">
<input type="hidden" name="periodKey" value="${escapeHtml(tile.headline.periodKey)}">
<label for="commentary-text">Commentary for the board (up to 4,000 characters)</label>
<textarea id="commentary-text" name="text" maxlength="4000" required>${escapeHtml(tile.commentary?.text ?? '')}</textarea>
<p><button type="submit">Save commentary</button></p>
</form>
</section>`;
}

export function renderMeasurePage(data: MeasurePageData, context: ViewContext): string {
  const { tile } = data;
  const headline = tile.headline;
  const rate = counts(tile, headline);
  const soFar = tile.soFar
    ? `<p class="sofar"><strong>So far</strong> in ${escapeHtml(tile.soFar.periodKey)} (in progress): ${escapeHtml(formatNumber(tile.soFar.value, tile.unit))}</p>`
    : '';
  const body = `<p><a href="/dashboard">All measures</a></p>
<h1>${escapeHtml(tile.title)}</h1>
<p>${escapeHtml(tile.definition)}</p>
<p class="muted">${computedLine(context)}</p>
<div class="grid">
<section class="panel" aria-labelledby="headline-title">
<h2 id="headline-title">${headline ? `${escapeHtml(headline.periodKey)} (last complete ${escapeHtml(label(tile.periodKind))})` : 'Not computed yet'}</h2>
<p class="value">${escapeHtml(formatNumber(headline?.value ?? null, tile.unit))}</p>
${rate ? `<p class="counts">${rate}</p>` : ''}
${headline ? `<p class="period">computed ${escapeHtml(formatDateTime(headline.computedAt))}</p>` : ''}
${ragBadge(tile)}
${comparisons(tile)}
${windowNote(headline)}
${soFar}
${commentaryBlock(tile)}
</section>
</div>
<section class="panel" aria-labelledby="trend-title">
<h2 id="trend-title">Trend</h2>
${trend(tile, { width: 760, height: 300, open: true }) || '<p>No complete periods yet.</p>'}
<p><a class="button" href="/dashboard/measures/${tile.key}/csv" download>Download the series (CSV)</a></p>
</section>
${drillNav(tile, data.drill?.by)}
${data.drill ? drillSection(tile, data.drill) : ''}
${data.commentaryForm ? commentaryForm(tile, data.commentaryForm) : ''}`;
  return page({ title: `${tile.title}: Early Help partnership dashboard`, user: context.user, body });
}
