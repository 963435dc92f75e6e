import { jobConcurrency } from './queue-worker';

describe('jobConcurrency', () => {
  it('runs WORKER_CONCURRENCY jobs when the pool has two connections for each', () => {
    expect(jobConcurrency(4, 10)).toBe(4);
    expect(jobConcurrency(4, 8)).toBe(4);
  });

  it('runs no more jobs than half the pool, and at least one', () => {
    expect(jobConcurrency(4, 7)).toBe(3);
    expect(jobConcurrency(4, 3)).toBe(1);
    expect(jobConcurrency(4, 2)).toBe(1);
    expect(jobConcurrency(64, 500)).toBe(64);
  });
});
