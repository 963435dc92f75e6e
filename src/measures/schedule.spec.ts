import { nextLondonHour } from '../platform/queue/job-scheduler';
import { nightlyRange } from './measures.module';

describe('nightly measures', () => {
  it('recompute from the start of the earliest previous period to today', () => {
    // In January the previous financial year (2024-25) starts earliest.
    expect(nightlyRange('2026-01-15')).toEqual({ from: '2024-04-01', to: '2026-01-15' });
    // In May the previous calendar year starts earliest.
    expect(nightlyRange('2026-05-02')).toEqual({ from: '2025-01-01', to: '2026-05-02' });
  });

  it('run at 02:00 London time, in GMT and in BST', () => {
    expect(nextLondonHour(new Date('2026-01-15T01:00:00Z'), 2).toISOString()).toBe('2026-01-15T02:00:00.000Z');
    expect(nextLondonHour(new Date('2026-01-15T03:00:00Z'), 2).toISOString()).toBe('2026-01-16T02:00:00.000Z');
    expect(nextLondonHour(new Date('2026-07-15T00:30:00Z'), 2).toISOString()).toBe('2026-07-15T01:00:00.000Z');
  });
});
