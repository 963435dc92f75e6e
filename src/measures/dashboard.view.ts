import { percentage } from './periods';

export interface DashboardTile {
  key: string;
  title: string;
  definition: string;
  unit: 'count' | 'percentage';
  /** Oldest first: the values to draw (monthly, or the measure's dashboard period), the last one shown large. */
  series: {
    periodKey: string;
    value: number | null;
    numerator?: number;
    denominator?: number | null;
    windowComplete: boolean | null;
  }[];
  /** The latest period's values of one breakdown, largest count first: who the counted records came from. */
  breakdown?: { name: string; rows: { value: string; count: number }[] };
}

/** Rows of a breakdown the page lists; the rest are summed into "all others". */
const BREAKDOWN_ROWS = 6;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function formatValue(value: number | null, unit: DashboardTile['unit']): string {
  if (value === null) return '–';
  return unit === 'percentage' ? `${value.toFixed(2)}%` : value.toLocaleString('en-GB');
}

const label = (code: string) => code.replace(/_/g, ' ');

/** For a rate: the counts it is made of ("4,798 of 29,563"). */
function counts(tile: DashboardTile): string {
  const latest = tile.series[tile.series.length - 1];
  if (tile.unit !== 'percentage' || latest?.numerator === undefined || latest.denominator == null) return '';
  const format = (n: number) => n.toLocaleString('en-GB');
  return `<p class="counts">${format(latest.numerator)} of ${format(latest.denominator)}</p>`;
}

/** The latest period's breakdown: each value's count and its share of the period's whole count. */
function breakdownTable(tile: DashboardTile): string {
  const latest = tile.series[tile.series.length - 1];
  if (!tile.breakdown || !latest || tile.breakdown.rows.length === 0) return '';
  const total = latest.numerator ?? tile.breakdown.rows.reduce((sum, row) => sum + row.count, 0);
  const shown = tile.breakdown.rows.slice(0, BREAKDOWN_ROWS);
  const rest = tile.breakdown.rows.slice(BREAKDOWN_ROWS).reduce((sum, row) => sum + row.count, 0);
  const rows = [...shown, ...(rest > 0 ? [{ value: 'all others', count: rest }] : [])]
    .map((row) => {
      const share = percentage(row.count, total);
      return `<tr><th scope="row">${escapeHtml(label(row.value))}</th><td>${row.count.toLocaleString('en-GB')}</td><td>${share === null ? '–' : `${share.toFixed(2)}%`}</td></tr>`;
    })
    .join('');
  return `<table><caption>By ${escapeHtml(label(tile.breakdown.name))}, ${escapeHtml(latest.periodKey)}</caption><tr><th scope="col"></th><th scope="col">count</th><th scope="col">% of all</th></tr>${rows}</table>`;
}

/** A small line chart of the series, scaled to its own range; no script, so it works on any screen. */
export function sparkline(values: (number | null)[], width = 220, height = 48): string {
  const points = values
    .map((value, index) => ({ value, index }))
    .filter((point): point is { value: number; index: number } => point.value !== null);
  if (points.length === 0) return `<svg width="${width}" height="${height}" role="img" aria-label="no data"></svg>`;
  const min = Math.min(...points.map((p) => p.value));
  const max = Math.max(...points.map((p) => p.value));
  const x = (index: number) => (values.length === 1 ? width / 2 : (index / (values.length - 1)) * (width - 8) + 4);
  const y = (value: number) => (max === min ? height / 2 : height - 4 - ((value - min) / (max - min)) * (height - 8));
  const path = points.map((p) => `${x(p.index).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const last = points[points.length - 1]!;
  return (
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="trend">` +
    `<polyline fill="none" stroke="#1d70b8" stroke-width="2" points="${path}"/>` +
    `<circle cx="${x(last.index).toFixed(1)}" cy="${y(last.value).toFixed(1)}" r="3" fill="#1d70b8"/></svg>`
  );
}

export function renderDashboard(tiles: DashboardTile[], generatedAt: Date): string {
  const cards = tiles
    .map((tile) => {
      const latest = tile.series[tile.series.length - 1];
      const note = latest?.windowComplete === false ? '<p class="note">12-month window still open</p>' : '';
      return `<section class="tile">
  <h2>${escapeHtml(tile.title)}</h2>
  <p class="value">${formatValue(latest?.value ?? null, tile.unit)}</p>
  ${counts(tile)}
  <p class="period">${latest ? escapeHtml(latest.periodKey) : 'not computed yet'}</p>
  ${sparkline(tile.series.map((point) => point.value))}
  ${breakdownTable(tile)}
  ${note}
  <details><summary>Definition</summary><p>${escapeHtml(tile.definition)}</p></details>
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Early Help partnership dashboard</title>
<style>
  body { font-family: Arial, sans-serif; margin: 2rem; color: #0b0c0c; background: #f3f2f1; }
  h1 { margin-top: 0; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; }
  .tile { background: #fff; padding: 1rem; border-top: 4px solid #1d70b8; }
  .tile h2 { font-size: 1rem; margin: 0 0 .5rem; }
  .value { font-size: 2rem; font-weight: bold; margin: 0; }
  .period, .counts, .note, footer { color: #505a5f; font-size: .875rem; margin: .25rem 0; }
  table { border-collapse: collapse; font-size: .875rem; width: 100%; }
  caption { text-align: left; color: #505a5f; }
  th, td { padding: .1rem .25rem; text-align: right; } th[scope="row"] { text-align: left; font-weight: normal; }
</style>
</head>
<body>
<h1>Early Help partnership dashboard</h1>
<p>Latest month for each measure (latest quarter for those the board reads by quarter), with the trend of the last twelve.</p>
<div class="grid">
${cards}
</div>
<footer>Generated ${escapeHtml(generatedAt.toISOString())}. Figures are the stored nightly values; analysts can recompute any period.</footer>
</body>
</html>`;
}
