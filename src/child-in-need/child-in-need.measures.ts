import { breakdownGrouping, MeasureDefinition, RUN_FIRST_DAY, RUN_LAST_DAY } from '../measures/measure-definition';
import { CIN_ASSESSMENT_WORKING_DAYS } from './child-in-need-rules';

const all = breakdownGrouping({});

export const CHILD_IN_NEED_MEASURES: MeasureDefinition[] = [
  {
    key: 'cin_assessment_authorised_within_45wd',
    title: `Child-in-need assessments authorised within ${CIN_ASSESSMENT_WORKING_DAYS} working days`,
    definition:
      `Of the section 17 assessments in Family Help authorised in the period (authorisation date), those ` +
      `authorised on or before the ${CIN_ASSESSMENT_WORKING_DAYS}th working day after their start (weekends and ` +
      'England and Wales bank holidays do not count; the due date is fixed when the assessment starts), as a %.',
    unit: 'percentage',
    breakdowns: [],
    sql: `
      SELECT ${all.columns}, count(*) FILTER (WHERE a.authorised_on <= a.authorisation_due_on) AS numerator,
             count(*) AS denominator
        FROM period_day period
        JOIN cin_assessments a ON a.authorised_on = period.day
         AND a.authorised_on BETWEEN ${RUN_FIRST_DAY} AND ${RUN_LAST_DAY}
       ${all.groupBy}`,
  },
];
