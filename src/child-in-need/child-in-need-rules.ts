import { addDays, isWorkingDay } from '../calendar/working-days';

/** Working Together: a social work assessment concludes within 45 working days. */
export const CIN_ASSESSMENT_WORKING_DAYS = 45;

/**
 * The date by which an assessment started on `startedOn` must be authorised: the 45th working day
 * after the start (the start day itself is day 0, as the DfE counts the duration from the start
 * date to the authorisation date in working days). Weekends and England and Wales bank holidays
 * are not working days.
 */
export function assessmentDueOn(
  startedOn: string,
  bankHolidays: ReadonlySet<string>,
  workingDays = CIN_ASSESSMENT_WORKING_DAYS,
): string {
  let date = startedOn;
  for (let counted = 0; counted < workingDays;) {
    date = addDays(date, 1);
    if (isWorkingDay(date, bankHolidays)) counted += 1;
  }
  return date;
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string, bankHolidays: ReadonlySet<string>): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (isWorkingDay(date, bankHolidays)) count += 1;
  }
  return count;
}

/** The census year `year` (e.g. 2025): 1 April of the year before to 31 March of the year. */
export function censusPeriod(year: number): { from: string; to: string } {
  return { from: `${year - 1}-04-01`, to: `${year}-03-31` };
}

/** Whether a closure reason is one of the two "closed after assessment" codes (RC8, RC9). */
export const closedAfterAssessment = (reason: string | null): boolean => reason === 'RC8' || reason === 'RC9';
