import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';

export const CIN_CENSUS_RULES = [
  'assessment-authorised-before-start',
  'assessment-before-referral',
  'plan-before-referral',
  'closed-with-assessment-unauthorised',
  'assessment-unauthorised-past-45wd',
  'missing-ethnicity',
  'no-date-of-birth',
] as const;
export type CinCensusRule = (typeof CIN_CENSUS_RULES)[number];

export interface CinCensusChildRow {
  personId: string;
  upn: string | null;
  birthDate: string | null;
  expectedBirthDate: string | null;
  gender: string;
  ethnicity: string | null;
  disabilities: string[];
}

export interface CinCensusCaseRow {
  caseId: string;
  personId: string;
  referralOn: string;
  referralSource: string;
  primaryNeed: string | null;
  closedOn: string | null;
  closureReason: string | null;
}

export interface CinCensusAssessmentRow {
  caseId: string;
  personId: string;
  startedOn: string;
  authorisedOn: string | null;
  factors: string[];
}

export interface CinCensusPlanRow {
  caseId: string;
  startedOn: string;
  endedOn: string | null;
}

export interface CinCensusProblemRow {
  rule: CinCensusRule;
  recordType: 'person' | 'cin_case' | 'cin_assessment' | 'cin_plan';
  recordId: string;
  childId: string;
}

const DAY = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
/** A date shown only when it falls by the census reference date ($2). */
const BY_REFERENCE = (column: string) => `CASE WHEN ${column} <= $2::date THEN ${DAY(column)} END`;

/** Cases open at some time in the census year ($1 first day, $2 reference date), one row per child named. */
const CASES_IN_YEAR = `SELECT c.*, n.person_id FROM cin_cases c JOIN cin_case_children n ON n.cin_case_id = c.id
  WHERE c.referral_on <= $2::date AND (c.closed_on IS NULL OR c.closed_on >= $1::date)`;

/** The SQL of the CIN census: the year's Family Help children in need, and the census's own rules. */
@Injectable()
export class CinCensusRepository {
  constructor(private readonly db: DatabaseService) {}

  children(from: string, to: string): Promise<CinCensusChildRow[]> {
    return this.db.query<CinCensusChildRow>(
      `SELECT p.id AS "personId", p.upn, ${DAY('p.date_of_birth')} AS "birthDate",
              ${DAY('p.expected_date_of_birth')} AS "expectedBirthDate", p.cin_gender AS gender,
              p.cin_ethnicity AS ethnicity, p.disabilities
         FROM persons p WHERE p.id IN (SELECT person_id FROM (${CASES_IN_YEAR}) y)
        ORDER BY p.id`,
      [from, to],
    );
  }

  cases(from: string, to: string): Promise<CinCensusCaseRow[]> {
    return this.db.query<CinCensusCaseRow>(
      `SELECT y.id AS "caseId", y.person_id AS "personId", ${DAY('y.referral_on')} AS "referralOn",
              y.referral_source AS "referralSource", y.primary_need AS "primaryNeed",
              ${BY_REFERENCE('y.closed_on')} AS "closedOn", CASE WHEN y.closed_on <= $2::date THEN y.closure_reason END AS "closureReason"
         FROM (${CASES_IN_YEAR}) y ORDER BY y.person_id, y.referral_on, y.id`,
      [from, to],
    );
  }

  /** Each child's assessments started by the reference date, with that child's factors once authorised by then. */
  assessments(from: string, to: string): Promise<CinCensusAssessmentRow[]> {
    return this.db.query<CinCensusAssessmentRow>(
      `SELECT y.id AS "caseId", y.person_id AS "personId", ${DAY('a.started_on')} AS "startedOn",
              ${BY_REFERENCE('a.authorised_on')} AS "authorisedOn",
              CASE WHEN a.authorised_on <= $2::date THEN coalesce(
                (SELECT array_agg(f.factor ORDER BY f.factor) FROM cin_assessment_factors f
                  WHERE f.cin_assessment_id = a.id AND f.person_id = y.person_id), '{}') ELSE '{}' END AS factors
         FROM (${CASES_IN_YEAR}) y JOIN cin_assessments a ON a.cin_case_id = y.id AND a.started_on <= $2::date
        ORDER BY y.person_id, a.started_on, a.id`,
      [from, to],
    );
  }

  plans(from: string, to: string): Promise<CinCensusPlanRow[]> {
    return this.db.query<CinCensusPlanRow>(
      `SELECT p.cin_case_id AS "caseId", ${DAY('p.started_on')} AS "startedOn", ${BY_REFERENCE('p.ended_on')} AS "endedOn"
         FROM cin_plans p WHERE p.started_on <= $2::date
          AND p.cin_case_id IN (SELECT id FROM (${CASES_IN_YEAR}) y)
        ORDER BY p.started_on, p.id`,
      [from, to],
    );
  }

  /** The rows that break the census's rules, per child, with the record to fix. */
  problems(from: string, to: string): Promise<CinCensusProblemRow[]> {
    return this.db.query<CinCensusProblemRow>(
      `WITH y AS (${CASES_IN_YEAR})
       SELECT 'assessment-authorised-before-start' AS rule, 'cin_assessment' AS "recordType", a.id::text AS "recordId",
              y.person_id::text AS "childId"
         FROM y JOIN cin_assessments a ON a.cin_case_id = y.id WHERE a.authorised_on < a.started_on
       UNION ALL
       SELECT 'assessment-before-referral', 'cin_assessment', a.id::text, y.person_id::text
         FROM y JOIN cin_assessments a ON a.cin_case_id = y.id WHERE a.started_on < y.referral_on
       UNION ALL
       SELECT 'plan-before-referral', 'cin_plan', p.id::text, y.person_id::text
         FROM y JOIN cin_plans p ON p.cin_case_id = y.id WHERE p.started_on < y.referral_on
       UNION ALL
       SELECT 'closed-with-assessment-unauthorised', 'cin_assessment', a.id::text, y.person_id::text
         FROM y JOIN cin_assessments a ON a.cin_case_id = y.id
        WHERE y.closed_on <= $2::date AND (a.authorised_on IS NULL OR a.authorised_on > $2::date)
       UNION ALL
       SELECT 'assessment-unauthorised-past-45wd', 'cin_assessment', a.id::text, y.person_id::text
         FROM y JOIN cin_assessments a ON a.cin_case_id = y.id
        WHERE (y.closed_on IS NULL OR y.closed_on > $2::date) AND a.started_on <= $2::date
          AND (a.authorised_on IS NULL OR a.authorised_on > $2::date) AND a.authorisation_due_on < $2::date
       UNION ALL
       SELECT DISTINCT 'missing-ethnicity', 'person', p.id::text, p.id::text
         FROM y JOIN persons p ON p.id = y.person_id WHERE p.cin_ethnicity IS NULL
       UNION ALL
       SELECT DISTINCT 'no-date-of-birth', 'person', p.id::text, p.id::text
         FROM y JOIN persons p ON p.id = y.person_id WHERE p.date_of_birth IS NULL AND p.expected_date_of_birth IS NULL
       ORDER BY 4, 1, 3`,
      [from, to],
    );
  }
}
