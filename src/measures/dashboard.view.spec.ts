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

  it("lists who a rate's counted records came from, with the rate's counts", () => {
    const html = renderDashboard(
      [
        {
          key: 'domestic_abuse_contacts',
          title: 'Domestic abuse contacts',
          definition: 'd',
          unit: 'percentage',
          series: [{ periodKey: '2023-Q1', value: 16.23, numerator: 4798, denominator: 29563, windowComplete: null }],
          breakdown: {
            name: 'organisation_type',
            rows: [
              { value: 'police', count: 4783 },
              ...['school', 'health', 'gp', 'voluntary', 'housing', 'other'].map((value) => ({ value, count: 2 })),
              { value: 'youth_justice', count: 1 },
            ],
          },
        },
      ],
      new Date('2026-11-25T02:00:00Z'),
    );
    expect(html).toContain('4,798 of 29,563');
    expect(html).toContain('By organisation type, 2023-Q1');
    expect(html).toContain('<th scope="row">police</th><td>4,783</td><td>99.69%</td>');
    // Six rows, then the rest summed: other's 2 and youth justice's 1.
    expect(html).toContain('<th scope="row">all others</th><td>3</td><td>0.06%</td>');
    expect(html).not.toContain('youth justice');
  });

  it('draws a flat line for a constant series and nothing for no data', () => {
    expect(sparkline([5, 5, 5])).toContain('points="4.0,24.0 110.0,24.0 216.0,24.0"');
    expect(sparkline([null, null])).toContain('no data');
  });
});
