import { lineChart, niceTicks } from './chart';
import type { DashboardPoint } from './dashboard-data.service';
import { renderDashboard, type ShownTile } from './dashboard.view';
import { csvCell, csvLine } from './html';

const point = (periodKey: string, value: number | null, extra: Partial<DashboardPoint> = {}): DashboardPoint => ({
  periodKey,
  periodStart: `${periodKey}-01`,
  periodEnd: `${periodKey}-28`,
  value,
  numerator: value ?? 0,
  denominator: null,
  windowComplete: null,
  computedAt: '2026-11-25T02:00:00.000Z',
  ...extra,
});

const context = { computedAt: '2026-11-25T02:00:00.000Z', generatedAt: new Date('2026-11-25T09:00:00Z') };

describe('dashboard page', () => {
  it('headlines the last complete period and shows the one in progress apart, as "so far"', () => {
    const html = renderDashboard(
      [
        {
          key: 'marf_received',
          title: 'MARFs <received>',
          definition: 'Counted "on receipt" & more',
          unit: 'count',
          periodKind: 'month',
          series: [point('2026-09', 40), point('2026-10', 45)],
          headline: point('2026-10', 45),
          soFar: point('2026-11', 2, { periodEnd: '2026-11-30' }),
          drillDowns: [],
        },
        {
          key: 'empty',
          title: 'Not yet computed',
          definition: 'x',
          unit: 'count',
          periodKind: 'month',
          series: [],
          drillDowns: [],
        },
      ],
      context,
    );
    expect(html).toContain('MARFs &lt;received&gt;');
    expect(html).toContain('&quot;on receipt&quot; &amp; more');
    expect(html).toMatch(/<p class="value">45<\/p>/);
    expect(html).toContain('2026-10 (last complete month)');
    expect(html).toContain('<strong>So far</strong> in 2026-11 (in progress, to 30 November 2026): 2');
    expect(html).toContain('Figures computed 25 November 2026');
    expect(html).toContain('not computed yet');
    expect(html).not.toContain('<script');
  });

  it('says plainly when a 12-month window is still open, and shows the target, last year and RAG', () => {
    const tile: ShownTile = {
      key: 'eh_reopened_12m',
      title: 'Reopened',
      definition: 'd',
      unit: 'percentage',
      periodKind: 'month',
      series: [point('2026-10', 12.5, { numerator: 1, denominator: 8, windowComplete: false })],
      headline: point('2026-10', 12.5, { numerator: 1, denominator: 8, windowComplete: false }),
      lastYear: point('2025-10', 10, { numerator: 1, denominator: 10 }),
      target: { value: 15, amber: 20, direction: 'lower_is_better', financialYear: '2026-27' },
      rag: 'green',
      drillDowns: [],
    };
    const html = renderDashboard([tile], context);
    expect(html).toContain('<strong>Not final:</strong>');
    expect(html).toContain('1 of 8');
    expect(html).toContain('On target');
    expect(html).toContain('Target 15.00% (lower is better; near target from 20.00%)');
    expect(html).toContain('Last year (2025-10): 10.00%, up 2.50 percentage points');
    expect(html).toContain('class="target"');
  });
});

describe('line chart', () => {
  it('draws axes with round ticks, a focusable point per value with its period and value, and the target', () => {
    const svg = lineChart(
      [
        { label: '2026-09', value: 40 },
        { label: '2026-10', value: 45, note: 'not final' },
      ],
      { title: 'MARFs', unit: 'count', target: 50 },
    );
    expect(svg.match(/tabindex="0"/g)).toHaveLength(2);
    expect(svg).toContain('<title>2026-10: 45 (not final)</title>');
    expect(svg).toContain('target 50');
    expect(svg).toContain('>2026-09</text>');
    expect(niceTicks(45)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('CSV cells', () => {
  it('quotes and defuses anything a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-1')).toBe(`"'-1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('West Bromwich, north')).toBe('"West Bromwich, north"');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});
