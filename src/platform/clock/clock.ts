import { Injectable } from '@nestjs/common';
import { londonDate } from './london-time';

/**
 * The one source of "now" for access decisions and for the dates services write (involvement
 * starts and ends, consent given and withdrawn). The access rule takes `today()` as a parameter
 * rather than reading `CURRENT_DATE` in SQL, so a test can move time (test/helpers/clock.ts) and
 * the database's own time zone never decides whose access has ended.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in England (Europe/London), as YYYY-MM-DD. */
  today(): string {
    return londonDate(this.now());
  }
}
