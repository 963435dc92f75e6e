import { Injectable } from '@nestjs/common';
import { censusPeriod } from '../child-in-need/child-in-need-rules';
import { AppConfig } from '../config/config';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import { type CinCensusChild, cinCensusXml } from './cin-census-xml';
import { CinCensusRepository, type CinCensusRule } from './cin-census.repository';
import type { CinCensusValidation } from './dto/cin-census.dto';

/** Each rule's message and, where the DfE numbers it, its census validation rule. */
const RULES: Record<CinCensusRule, { dfeRule: string | null; message: string }> = {
  'assessment-authorised-before-start': {
    dfeRule: '8608',
    message: 'the assessment is authorised before it started: correct its start or authorisation date',
  },
  'assessment-before-referral': {
    dfeRule: '1103',
    message: 'the assessment started before the CIN referral date: correct the referral or the assessment start',
  },
  'plan-before-referral': {
    dfeRule: '4015',
    message: 'the child-in-need plan started before the CIN referral date: correct the referral or the plan start',
  },
  'closed-with-assessment-unauthorised': {
    dfeRule: '8867',
    message: 'the case is closed but this assessment was never authorised: authorise it (with its factors)',
  },
  'assessment-unauthorised-past-45wd': {
    dfeRule: '8670Q',
    message: 'the assessment is not authorised and is past its 45-working-day due date at the reference date: check it',
  },
  'missing-ethnicity': {
    dfeRule: null,
    message: 'the child has no CIN ethnicity code (written NOBT): record cinEthnicity on the person (REFU if refused)',
  },
  'no-date-of-birth': {
    dfeRule: null,
    message: 'the child has neither a date of birth nor an expected date of birth: record one on the person',
  },
};

/**
 * The Children in Need census return for Family Help: the DfE's XML for the year's children
 * open as child in need under section 17 inside a Family Help episode, and the census rules the
 * records break. Identifiable by design: the `returns` role only; the download is audited as an
 * export with its child count, the data quality list as a read naming the records.
 */
@Injectable()
export class CinCensusService {
  constructor(
    private readonly census: CinCensusRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async xml(year: number): Promise<string> {
    const { from, to } = censusPeriod(year);
    const [people, cases, assessments, plans] = await Promise.all([
      this.census.children(from, to),
      this.census.cases(from, to),
      this.census.assessments(from, to),
      this.census.plans(from, to),
    ]);
    const children: CinCensusChild[] = people.map((person) => ({
      laChildId: person.personId,
      upn: person.upn,
      birthDate: person.birthDate,
      expectedBirthDate: person.expectedBirthDate,
      gender: person.gender,
      ethnicity: person.ethnicity ?? 'NOBT',
      disabilities: person.disabilities,
      details: cases
        .filter((c) => c.personId === person.personId)
        .map((c) => {
          const own = assessments.filter((a) => a.caseId === c.caseId && a.personId === person.personId);
          const casePlans = plans.filter((p) => p.caseId === c.caseId);
          return {
            referralOn: c.referralOn,
            referralSource: c.referralSource,
            primaryNeed: c.primaryNeed,
            closedOn: c.closedOn,
            closureReason: c.closureReason,
            assessments: own.map(({ startedOn, authorisedOn, factors }) => ({ startedOn, authorisedOn, factors })),
            plans: casePlans.map(({ startedOn, endedOn }) => ({ startedOn, endedOn })),
            // No further action on the referral: closed with neither an assessment nor a plan.
            referralNfa: c.closedOn !== null && own.length === 0 && casePlans.length === 0,
          };
        }),
    }));
    await this.audit.record({
      action: 'export',
      entityType: 'return',
      entityId: 'cin-census',
      details: { year, from, to, format: 'xml', childCount: children.length },
    });
    return cinCensusXml(
      {
        year,
        referenceDate: to,
        laCode: this.config.cinCensusLaCode,
        softwareCode: 'early-help-backend',
        generatedAt: this.clock.now(),
      },
      children,
    );
  }

  async validate(year: number): Promise<CinCensusValidation> {
    const { from, to } = censusPeriod(year);
    const items = (await this.census.problems(from, to)).map((row) => ({ ...row, ...RULES[row.rule] }));
    await this.audit.record({
      action: 'read',
      entityType: 'return',
      entityId: 'cin-census',
      details: { view: 'validation', year, count: items.length, ids: [...new Set(items.map((item) => item.recordId))] },
    });
    return { year, referenceDate: to, items };
  }
}
