import { percentage } from '../periods';
import { formatNumber, lineChart } from './chart';
import type { DashboardPoint, DashboardTile } from './dashboard-data.service';
import { escapeHtml, label, page } from './html';

/** Rows of a listed breakdown the overview shows; the rest are summed into "all others". */
const BREAKDOWN_ROWS = 6;

export type Rag = 'green' | 'amber' | 'red';

export interface TileExtras {
  target?: { value: number; amber: number; direction: 'higher_is_better' | 'lower_is_better'; financialYear: string };
  rag?: Rag;
  commentary?: { text: string; author: string; updatedAt: string };
}

export type ShownTile = DashboardTile & TileExtras;

export interface ViewContext {
  /** When the figures were last computed (the latest finished run), or null before any run. */
  computedAt: string | null;
  generatedAt: Date;
  user?: { name: string; csrf?: string };
}

export const formatDateTime = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

const formatDate = (date: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** For a rate: the counts it is made of ("4,798 of 29,563"). */
export function counts(tile: DashboardTile, point: DashboardPoint | undefined): string {
  if (tile.unit !== 'percentage' || !point || point.denominator === null) return '';
  return `${point.numerator.toLocaleString('en-GB')} of ${point.denominator.toLocaleString('en-GB')}`;
}

export const RAG_TEXT: Record<Rag, string> = { green: 'On target', amber: 'Near target', red: 'Off target' };

export function ragBadge(tile: ShownTile): string {
  if (!tile.rag) return tile.headline ? '<span class="rag rag-none">No target set</span>' : '';
  return `<span class="rag rag-${tile.rag}">${RAG_TEXT[tile.rag]}</span>`;
}

/** The headline against its target and the same period last year, as sentences. */
export function comparisons(tile: ShownTile): string {
  const lines: string[] = [];
  const headline = tile.headline;
  if (headline && tile.target) {
    const better = tile.target.direction === 'higher_is_better' ? 'higher' : 'lower';
    lines.push(
      `Target ${escapeHtml(formatNumber(tile.target.value, tile.unit))} (${better} is better; near target from ${escapeHtml(formatNumber(tile.target.amber, tile.unit))})`,
    );
  }
  if (headline && tile.lastYear) {
    const difference =
      headline.value !== null && tile.lastYear.value !== null ? headline.value - tile.lastYear.value : null;
    const change =
      difference === null
        ? ''
        : difference === 0
          ? ', no change'
          : `, ${difference > 0 ? 'up' : 'down'} ${
              tile.unit === 'percentage'
                ? `${Math.abs(difference).toFixed(2)} percentage points`
                : Math.abs(difference).toLocaleString('en-GB')
            }`;
    lines.push(
      `Last year (${escapeHtml(tile.lastYear.periodKey)}): ${escapeHtml(formatNumber(tile.lastYear.value, tile.unit))}${change}`,
    );
  } else if (headline) {
    lines.push('Last year: not computed');
  }
  return lines.map((line) => `<p class="muted">${line}</p>`).join('');
}

/** The window of a 12-month follow-up measure that has not passed yet, said plainly. */
export function windowNote(point: DashboardPoint | undefined): string {
  if (point?.windowComplete !== false) return '';
  return `<p class="warning"><strong>Not final:</strong> this measure follows each case for 12 months, and that time has not passed for all of ${escapeHtml(point.periodKey)}. The figure will change.</p>`;
}

/** The latest period's breakdown: each value's count and its share of the period's whole count. */
function listedBreakdown(tile: DashboardTile): string {
  const headline = tile.headline;
  if (!tile.breakdown || !headline || tile.breakdown.rows.length === 0) return '';
  const total = headline.numerator || tile.breakdown.rows.reduce((sum, row) => sum + row.count, 0);
  const shown = tile.breakdown.rows.slice(0, BREAKDOWN_ROWS);
  const rest = tile.breakdown.rows.slice(BREAKDOWN_ROWS).reduce((sum, row) => sum + row.count, 0);
  const rows = [...shown, ...(rest > 0 ? [{ value: 'all others', count: rest }] : [])]
    .map((row) => {
      const share = percentage(row.count, total);
      return `<tr><th scope="row">${escapeHtml(label(row.value))}</th><td>${row.count.toLocaleString('en-GB')}</td><td>${share === null ? '–' : `${share.toFixed(2)}%`}</td></tr>`;
    })
    .join('');
  return `<table><caption>By ${escapeHtml(label(tile.breakdown.name))}, ${escapeHtml(headline.periodKey)}</caption><tr><th scope="col" class="text">${escapeHtml(label(tile.breakdown.name))}</th><th scope="col">count</th><th scope="col">% of all</th></tr>${rows}</table>`;
}

/** The trend as a chart and, behind it, the same figures as a table. */
export function trend(tile: ShownTile, options: { width?: number; height?: number; open?: boolean } = {}): string {
  if (tile.series.length === 0) return '';
  const chart = lineChart(
    tile.series.map((point) => ({
      label: point.periodKey,
      value: point.value,
      note: point.windowComplete === false ? 'not final' : undefined,
    })),
    {
      title: `${tile.title}: ${tile.series[0]!.periodKey} to ${tile.series.at(-1)!.periodKey}`,
      unit: tile.unit,
      target: tile.target?.value,
      width: options.width,
      height: options.height,
    },
  );
  const rows = tile.series
    .map(
      (point) =>
        `<tr><th scope="row">${escapeHtml(point.periodKey)}</th><td>${escapeHtml(formatNumber(point.value, tile.unit))}</td>${
          tile.unit === 'percentage'
            ? `<td>${point.numerator.toLocaleString('en-GB')}</td><td>${point.denominator === null ? '–' : point.denominator.toLocaleString('en-GB')}</td>`
            : ''
        }<td class="text">${point.windowComplete === false ? 'not final' : 'final'}</td></tr>`,
    )
    .join('');
  const head = `<tr><th scope="col" class="text">period</th><th scope="col">value</th>${tile.unit === 'percentage' ? '<th scope="col">numerator</th><th scope="col">denominator</th>' : ''}<th scope="col" class="text">status</th></tr>`;
  return `${chart}<details${options.open ? ' open' : ''}><summary>Data table: ${escapeHtml(tile.title)}</summary><table><caption>${escapeHtml(tile.title)} by ${escapeHtml(label(tile.periodKind))}</caption>${head}${rows}</table></details>`;
}

export function commentaryBlock(tile: ShownTile): string {
  if (!tile.commentary) return '';
  return `<div class="commentary"><p><strong>Commentary</strong> (${escapeHtml(tile.commentary.author)}, ${escapeHtml(formatDateTime(tile.commentary.updatedAt))}):</p><p>${escapeHtml(tile.commentary.text).replace(/\n/g, '<br>')}</p></div>`;
}

function tileSection(tile: ShownTile): string {
  const headline = tile.headline;
  const rate = counts(tile, headline);
  const soFar = tile.soFar
    ? `<p class="sofar"><strong>So far</strong> in ${escapeHtml(tile.soFar.periodKey)} (in progress, to ${escapeHtml(formatDate(tile.soFar.periodEnd))}): ${escapeHtml(formatNumber(tile.soFar.value, tile.unit))}${counts(tile, tile.soFar) ? ` (${counts(tile, tile.soFar)})` : ''}</p>`
    : '';
  return `<section class="tile" aria-labelledby="tile-${tile.key}">
  <h2 id="tile-${tile.key}"><a href="/dashboard/measures/${tile.key}">${escapeHtml(tile.title)}</a></h2>
  <p class="value">${escapeHtml(formatNumber(headline?.value ?? null, tile.unit))}</p>
  ${rate ? `<p class="counts">${rate}</p>` : ''}
  <p class="period">${headline ? `${escapeHtml(headline.periodKey)} (last complete ${escapeHtml(label(tile.periodKind))}), computed ${escapeHtml(formatDateTime(headline.computedAt))}` : 'not computed yet'}</p>
  ${ragBadge(tile)}
  ${comparisons(tile)}
  ${windowNote(headline)}
  ${soFar}
  ${trend(tile, { width: 340, height: 200 })}
  ${listedBreakdown(tile)}
  ${commentaryBlock(tile)}
  <details><summary>Definition of ${escapeHtml(tile.title)}</summary><p>${escapeHtml(tile.definition)}</p></details>
</section>`;
}

export function computedLine(context: ViewContext): string {
  return context.computedAt
    ? `Figures computed ${escapeHtml(formatDateTime(context.computedAt))} (the latest measure run).`
    : 'No figures computed yet: run the measures (<code>npm run cli -- measures:run --from … --to …</code>).';
}

export function renderDashboard(tiles: ShownTile[], context: ViewContext): string {
  const body = `<h1>Early Help partnership dashboard</h1>
<p>Each measure's last <strong>complete</strong> month (quarter for those the board reads by quarter), with the trend of the twelve before it. The month in progress is shown apart as <strong>so far</strong>.</p>
<p><a href="/dashboard/board-packs">Board packs: every measure for a month as a PDF</a></p>
<p class="muted">${computedLine(context)} Page generated ${escapeHtml(formatDateTime(context.generatedAt.toISOString()))}.</p>
<div class="grid">
${tiles.map(tileSection).join('\n')}
</div>
<footer><p>Figures are the stored values of the nightly run; analysts can recompute any period. Download any measure's figures as CSV from its page.</p></footer>`;
  return page({ title: 'Early Help partnership dashboard', user: context.user, body });
}
