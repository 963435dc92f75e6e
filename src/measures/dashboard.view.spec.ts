import { renderDashboard, sparkline } from './dashboard.view';

describe('dashboard page', () => {
  it("shows each measure's latest value, escaped, with its trend", () => {
    const html = renderDashboard(
      [
        {
          key: 'eh_success_rate',
          title: 'Success <rate>',
          definition: 'Closed with "outcomes_met" & more',
          unit: 'percentage',
          series: [
            { periodKey: '2023-02', value: 70, windowComplete: null },
            { periodKey: '2023-03', value: 72.1, windowComplete: null },
          ],
        },
        { key: 'empty', title: 'Not yet computed', definition: 'x', unit: 'count', series: [] },
      ],
      new Date('2026-11-25T02:00:00Z'),
    );
    expect(html).toContain('Success &lt;rate&gt;');
    expect(html).toContain('&quot;outcomes_met&quot; &amp; more');
    expect(html).toContain('72.10%');
    expect(html).toContain('2023-03');
    expect(html).toContain('<polyline');
    expect(html).toContain('not computed yet');
    expect(html).not.toContain('<script');
  });

  it('draws a flat line for a constant series and nothing for no data', () => {
    expect(sparkline([5, 5, 5])).toContain('points="4.0,24.0 110.0,24.0 216.0,24.0"');
    expect(sparkline([null, null])).toContain('no data');
  });
});
