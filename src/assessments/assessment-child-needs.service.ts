import { Injectable } from '@nestjs/common';
import { FAMILY_PROBLEMS } from '../families/families.problems';
import { FamilyMembershipRepository } from '../families/family-membership.repository';
import { NationalCodesService } from '../national-codes/national-codes.service';
import { DatabaseService } from '../platform/database/database.service';
import { validationProblem } from '../platform/problem/problem';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { AssessmentChildNeedsRepository } from './assessment-child-needs.repository';
import { ASSESSMENT_PROBLEMS } from './assessments.problems';
import type { ChildAssessmentFactorsDto, ChildNeedsDto } from './dto/assessment.dto';
import { NO_FACTORS_IDENTIFIED, type NeedCode, withChildNeeds } from './need-codes';

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * An assessment's needs per child and, at completion, the CIN census assessment factors per
 * child. Each child named is a current child member of the episode's family; a child's needs are
 * also the family's; factor codes are valid for the year of the date they are recorded for, and
 * at completion every child with needs has factors. Runs in the caller's transaction.
 */
@Injectable()
export class AssessmentChildNeedsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly children: AssessmentChildNeedsRepository,
    private readonly codes: NationalCodesService,
  ) {}

  /**
   * Checks each child is a current child member of the family; returns the family's needs with
   * every child's added. `writeNeeds` then records them.
   */
  async checkNeeds(
    familyId: string,
    familyNeeds: readonly NeedCode[],
    childNeeds: ChildNeedsDto[],
  ): Promise<NeedCode[]> {
    await this.assertChildren(familyId, childNeeds, 'childNeeds');
    return withChildNeeds(familyNeeds, childNeeds);
  }

  /** Replaces each child's needs (a child left out has none). */
  writeNeeds(assessmentId: string, childNeeds: ChildNeedsDto[], userId: string): Promise<void> {
    return this.children.replaceNeeds(assessmentId, childNeeds, userId);
  }

  /** The family's needs with the needs already recorded per child added (a PATCH of `needs` alone). */
  async familyNeeds(assessmentId: string, familyNeeds: readonly NeedCode[]): Promise<NeedCode[]> {
    return withChildNeeds(familyNeeds, await this.children.all(assessmentId));
  }

  /** Records the factors of each child named (replacing theirs), valid for the year of `on`. */
  async recordFactors(
    assessment: { id: string; familyId: string },
    factors: ChildAssessmentFactorsDto[] | undefined,
    on: string,
    userId: string,
  ): Promise<void> {
    if (!factors?.length) return;
    await this.assertChildren(assessment.familyId, factors, 'assessmentFactors');
    for (const [index, child] of factors.entries()) {
      if (child.codes.includes(NO_FACTORS_IDENTIFIED) && child.codes.length > 1) {
        throw validationProblem([
          {
            field: `assessmentFactors.${index}.codes`,
            message: `${NO_FACTORS_IDENTIFIED} (no factors identified) cannot be given with other factors`,
          },
        ]);
      }
      await this.codes.assertValid('assessment_factor', `assessmentFactors.${index}.codes`, child.codes, yearOf(on));
    }
    await this.children.setFactors(assessment.id, factors, userId);
  }

  /**
   * At completion (on `on`): every child with needs has assessment factors (the CIN census
   * reading: factors are identified per child at the end of an assessment), each valid that year.
   */
  async assertCompletable(assessmentId: string, on: string): Promise<void> {
    const recorded = await this.children.all(assessmentId);
    const missing = recorded.filter((c) => c.needs.length > 0 && c.assessmentFactors.length === 0);
    if (missing.length) {
      throw problemOf(
        ASSESSMENT_PROBLEMS.assessmentFactorsRequired,
        'Each child with needs has assessment factors at completion: give assessmentFactors for ' +
          `${missing.length === 1 ? 'the child' : `${missing.length} children`} (21 if no factors were identified)`,
        { childPersonIds: missing.map((c) => c.personId) },
      );
    }
    const codes = [...new Set(recorded.flatMap((c) => c.assessmentFactors))];
    await this.codes.assertValid('assessment_factor', 'assessmentFactors', codes, yearOf(on));
  }

  private async assertChildren(familyId: string, children: { personId: string }[], field: string): Promise<void> {
    const members = new FamilyMembershipRepository(this.db);
    for (const [index, child] of children.entries()) {
      if (!(await members.isCurrentChild(familyId, child.personId))) {
        throw fieldProblem(
          FAMILY_PROBLEMS.notAChildOfFamily,
          `${field}.${index}.personId`,
          `Person ${child.personId} is not a current child member of the family`,
        );
      }
    }
  }
}
