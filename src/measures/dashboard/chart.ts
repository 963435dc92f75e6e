import { escapeHtml } from './html';

export interface ChartPoint {
  label: string;
  value: number | null;
  /** Shown in the point's tooltip and accessible name after the value ("window still open"). */
  note?: string;
}

export interface LineChartOptions {
  title: string;
  unit: 'count' | 'percentage';
  /** A horizontal reference line (the target), labelled. */
  target?: number | null;
  width?: number;
  height?: number;
  /** Points after this index are drawn hollow and dashed: the period in progress. */
  lastCompleteIndex?: number;
}

export function formatNumber(value: number | null | undefined, unit: 'count' | 'percentage'): string {
  if (value === null || value === undefined) return '–';
  return unit === 'percentage' ? `${value.toFixed(2)}%` : value.toLocaleString('en-GB');
}

/** Round numbers for an axis from 0 (or below, never for these measures) to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step / 2; tick += step) ticks.push(Math.round(tick * 1e6) / 1e6);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

/**
 * A line chart drawn on the server: y axis with round ticks from zero, x axis labelled with every
 * period (thinned when crowded), the target as a dashed line, and each point a focusable circle
 * whose <title> gives its period and value (shown on hover and read by screen readers on focus).
 * No script, so it prints and works with scripts off; the data table beside it carries the same figures.
 */
export function lineChart(points: ChartPoint[], options: LineChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 240;
  const margin = { top: 16, right: 16, bottom: 44, left: 56 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const values = points.map((point) => point.value).filter((value): value is number => value !== null);
  const maximum = Math.max(0, ...values, options.target ?? 0);
  const ticks = niceTicks(options.unit === 'percentage' ? Math.min(Math.max(maximum, 1), 100) : maximum);
  const top = Math.max(ticks[ticks.length - 1]!, maximum);
  const x = (index: number) =>
    margin.left + (points.length <= 1 ? plotWidth / 2 : (index / (points.length - 1)) * plotWidth);
  const y = (value: number) => margin.top + plotHeight - (top === 0 ? 0 : (value / top) * plotHeight);
  const label = (value: number) => (options.unit === 'percentage' ? `${value}%` : value.toLocaleString('en-GB'));
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
  );
  for (const tick of ticks) {
    const ty = y(tick).toFixed(1);
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="#b1b4b6" stroke-width="1"/>`,
      `<text x="${margin.left - 6}" y="${ty}" dy="0.32em" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeHtml(label(tick))}</text>`,
    );
  }
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" stroke="#0b0c0c"/>`,
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="#0b0c0c"/>`,
  );
  // As many period labels as fit (about 64px each), counted back from the last so it is always shown.
  const every = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(plotWidth / 64))));
  points.forEach((point, index) => {
    if ((points.length - 1 - index) % every !== 0) return;
    parts.push(
      `<text x="${x(index).toFixed(1)}" y="${margin.top + plotHeight + 16}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeHtml(point.label)}</text>`,
    );
  });
  if (options.target !== undefined && options.target !== null) {
    const ty = y(options.target).toFixed(1);
    parts.push(
      `<line class="target" x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"><title>Target ${escapeHtml(formatNumber(options.target, options.unit))}</title></line>`,
      `<text x="${width - margin.right}" y="${(Number(ty) - 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#0b0c0c">target ${escapeHtml(formatNumber(options.target, options.unit))}</text>`,
    );
  }
  const complete = options.lastCompleteIndex ?? points.length - 1;
  const segment = (from: number, to: number) =>
    points
      .slice(from, to + 1)
      .map((point, offset) => ({ point, index: from + offset }))
      .filter(({ point }) => point.value !== null)
      .map(({ point, index }) => `${x(index).toFixed(1)},${y(point.value!).toFixed(1)}`)
      .join(' ');
  parts.push(`<polyline fill="none" stroke="#1d70b8" stroke-width="3" points="${segment(0, complete)}"/>`);
  if (complete < points.length - 1) {
    parts.push(
      `<polyline fill="none" stroke="#1d70b8" stroke-width="2" stroke-dasharray="4 4" points="${segment(Math.max(complete, 0), points.length - 1)}"/>`,
    );
  }
  points.forEach((point, index) => {
    if (point.value === null) return;
    const name = `${point.label}: ${formatNumber(point.value, options.unit)}${point.note ? ` (${point.note})` : ''}`;
    const hollow = index > complete;
    parts.push(
      `<circle class="point" tabindex="0" role="img" aria-label="${escapeHtml(name)}" cx="${x(index).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="5" fill="${hollow ? '#ffffff' : '#1d70b8'}" stroke="#1d70b8" stroke-width="2"><title>${escapeHtml(name)}</title></circle>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface Bar {
  label: string;
  value: number | null;
}

/** Horizontal bars for a breakdown, each labelled with its value; the table beside it has the counts. */
export function barChart(
  bars: Bar[],
  options: { title: string; unit: 'count' | 'percentage'; width?: number },
): string {
  const width = options.width ?? 560;
  const rowHeight = 24;
  const labelWidth = 180;
  const height = bars.length * rowHeight + 8;
  const maximum = Math.max(0, ...bars.map((bar) => bar.value ?? 0));
  const scale = (value: number) => (maximum === 0 ? 0 : (value / maximum) * (width - labelWidth - 90));
  const rows = bars.map((bar, index) => {
    const top = index * rowHeight + 4;
    const name = `${bar.label}: ${formatNumber(bar.value, options.unit)}`;
    return (
      `<text x="${labelWidth - 6}" y="${top + 12}" dy="0.32em" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeHtml(bar.label)}</text>` +
      `<rect class="bar" tabindex="0" role="img" aria-label="${escapeHtml(name)}" x="${labelWidth}" y="${top + 2}" width="${scale(bar.value ?? 0).toFixed(1)}" height="${rowHeight - 6}" fill="#1d70b8"><title>${escapeHtml(name)}</title></rect>` +
      `<text x="${(labelWidth + scale(bar.value ?? 0) + 6).toFixed(1)}" y="${top + 12}" dy="0.32em" font-size="12" fill="#0b0c0c">${escapeHtml(formatNumber(bar.value, options.unit))}</text>`
    );
  });
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${escapeHtml(options.title)}"><title>${escapeHtml(options.title)}</title>${rows.join('')}</svg>`;
}
