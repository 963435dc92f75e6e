import { Clock } from '../../src/platform/clock/clock';

const DAY_MS = 24 * 3600 * 1000;

/** A Clock a test sets and moves: pass it to createTestApp(env, { clock }). */
export class TestClock extends Clock {
  private instant: Date;

  constructor(instant: Date | string = new Date()) {
    super();
    this.instant = new Date(instant);
  }

  override now(): Date {
    return new Date(this.instant);
  }

  /** A date (YYYY-MM-DD, taken as midday UTC so it is that day in London) or an instant. */
  set(instant: Date | string): void {
    this.instant =
      typeof instant === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(instant)
        ? new Date(`${instant}T12:00:00Z`)
        : new Date(instant);
  }

  advanceDays(days: number): void {
    this.instant = new Date(this.instant.getTime() + days * DAY_MS);
  }
}
