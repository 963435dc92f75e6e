import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { ChildNeedsView } from './dto/assessment.dto';
import type { NeedCode } from './need-codes';

/** An assessment's needs and factors per child, as a JSON array, for the assessment view (`a` the assessment). */
export const CHILD_NEEDS_OF = (assessment: string) => `coalesce((
  SELECT jsonb_agg(jsonb_build_object('personId', c.person_id, 'needs', c.needs,
                                      'assessmentFactors', c.assessment_factors) ORDER BY c.created_at, c.person_id)
    FROM assessment_child_needs c WHERE c.assessment_id = ${assessment}), '[]'::jsonb)`;

/** The SQL behind an assessment's needs and assessment factors per child (`assessment_child_needs`). */
@Injectable()
export class AssessmentChildNeedsRepository {
  constructor(private readonly db: DatabaseService) {}

  all(assessmentId: string): Promise<ChildNeedsView[]> {
    return this.db.query<ChildNeedsView>(
      `SELECT person_id AS "personId", needs, assessment_factors AS "assessmentFactors"
         FROM assessment_child_needs WHERE assessment_id = $1 ORDER BY created_at, person_id`,
      [assessmentId],
    );
  }

  /**
   * Each child's needs as given; a child left out keeps no needs (its row goes unless it holds
   * factors). Factors are left as they are.
   */
  async replaceNeeds(
    assessmentId: string,
    children: { personId: string; needs: NeedCode[] }[],
    userId: string,
  ): Promise<void> {
    const rows = JSON.stringify(children.map((c) => ({ person_id: c.personId, needs: c.needs })));
    await this.db.query(
      `UPDATE assessment_child_needs SET needs = '{}', updated_at = now()
        WHERE assessment_id = $1 AND person_id NOT IN (SELECT (x ->> 'person_id')::uuid FROM jsonb_array_elements($2::jsonb) x)`,
      [assessmentId, rows],
    );
    await this.upsert(assessmentId, rows, 'needs', userId);
    await this.db.query(
      `DELETE FROM assessment_child_needs WHERE assessment_id = $1 AND needs = '{}' AND assessment_factors = '{}'`,
      [assessmentId],
    );
  }

  /** The factors of each child named, replacing theirs; other children's stay. */
  async setFactors(assessmentId: string, children: { personId: string; codes: string[] }[], userId: string) {
    const rows = JSON.stringify(children.map((c) => ({ person_id: c.personId, assessment_factors: c.codes })));
    await this.upsert(assessmentId, rows, 'assessment_factors', userId);
  }

  private async upsert(assessmentId: string, rows: string, column: 'needs' | 'assessment_factors', userId: string) {
    await this.db.query(
      `INSERT INTO assessment_child_needs (assessment_id, person_id, ${column}, recorded_by_user_id)
       SELECT $1, r.person_id, r.${column}, $3 FROM jsonb_to_recordset($2::jsonb) AS r(person_id uuid, ${column} text[])
       ON CONFLICT (assessment_id, person_id)
       DO UPDATE SET ${column} = EXCLUDED.${column}, recorded_by_user_id = EXCLUDED.recorded_by_user_id, updated_at = now()`,
      [assessmentId, rows, userId],
    );
  }
}
