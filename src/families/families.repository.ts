import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { FamilyMemberView, InvolvementView } from './dto/family.dto';
import type { SqlCondition } from '../access/family-access.service';
import { Family, FamilyMember } from './family.entity';

/** A membership with the person's names and dates of birth, as the members list shows it. */
const MEMBER_VIEW = `m.id, m.family_id AS "familyId", m.person_id AS "personId", m.relationship,
  m.lives_in_household AS "livesInHousehold", m.started_on::text AS "startedOn", m.ended_on::text AS "endedOn",
  m.added_by_user_id AS "addedByUserId", m.version, m.created_at AS "createdAt", m.updated_at AS "updatedAt",
  p.first_name AS "firstName", p.last_name AS "lastName", p.date_of_birth::text AS "dateOfBirth",
  p.expected_date_of_birth::text AS "expectedDateOfBirth"`;

/** An involvement with its organisation's name and whether it is in force on `$2` (a date). */
const INVOLVEMENT_VIEW = `i.id, i.organisation_id AS "organisationId", o.name AS "organisationName", i.basis,
  i.episode_id AS "episodeId", i.started_on::text AS "startedOn", i.ended_on::text AS "endedOn",
  i.end_reason AS "endReason", i.lapses_on::text AS "lapsesOn",
  (i.started_on <= $2::date AND (i.ended_on IS NULL OR i.ended_on > $2::date)
   AND (i.lapses_on IS NULL OR i.lapses_on > $2::date)) AS active`;

export interface MemberListFilter {
  familyId: string;
  includeEnded: boolean;
  afterId: unknown;
  limit: number;
  /** Only the members added by users of this organisation (a recorder-only reader), or all when null. */
  addedByOrganisationId: string | null;
}

/** The SQL behind families and their members and involvements (access itself is FamilyAccessService's). */
@Injectable()
export class FamiliesRepository {
  constructor(private readonly db: DatabaseService) {}

  /**
   * Families that satisfy `visible` (a FamilyAccessService condition on `family.id`, placeholders
   * from `$1`), by id after `afterId`.
   */
  visibleFamilies(visible: SqlCondition, afterId: unknown, limit: number): Promise<Family[]> {
    const params = [...visible.params];
    let where = visible.sql;
    if (afterId !== undefined) {
      params.push(afterId);
      where += ` AND family.id > $${params.length}::uuid`;
    }
    params.push(limit);
    return this.db
      .repository(Family)
      .createQueryBuilder('family')
      .where(where.replace(/\$(\d+)/g, (_, n: string) => `:p${n}`))
      .setParameters(Object.fromEntries(params.map((value, index) => [`p${index + 1}`, value])))
      .orderBy('family.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** By id (keyset). */
  members(filter: MemberListFilter): Promise<FamilyMemberView[]> {
    return this.db.query<FamilyMemberView>(
      `SELECT ${MEMBER_VIEW} FROM family_members m JOIN persons p ON p.id = m.person_id
        WHERE m.family_id = $1 AND ($2::boolean OR m.ended_on IS NULL) AND ($3::uuid IS NULL OR m.id > $3::uuid)
          AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = m.added_by_user_id
                                                 AND u.organisation_id = $5::uuid))
        ORDER BY m.id LIMIT $4`,
      [filter.familyId, filter.includeEnded, filter.afterId, filter.limit, filter.addedByOrganisationId],
    );
  }

  async memberView(memberId: string): Promise<FamilyMemberView> {
    const [view] = await this.db.query<FamilyMemberView>(
      `SELECT ${MEMBER_VIEW} FROM family_members m JOIN persons p ON p.id = m.person_id WHERE m.id = $1`,
      [memberId],
    );
    return view!;
  }

  findMember(familyId: string, memberId: string): Promise<FamilyMember | null> {
    return this.db.repository(FamilyMember).findOne({ where: { id: memberId, familyId } });
  }

  /** The person's current membership of the family, locked until the transaction ends. */
  async lockActiveMembership(familyId: string, personId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `SELECT id FROM family_members WHERE family_id = $1 AND person_id = $2 AND ended_on IS NULL FOR UPDATE`,
      [familyId, personId],
    );
    return row?.id;
  }

  /** Every involvement, ended ones included, with whether it is in force on `today`. */
  involvements(familyId: string, today: string): Promise<InvolvementView[]> {
    return this.db.query<InvolvementView>(
      `SELECT ${INVOLVEMENT_VIEW}
         FROM family_organisation_involvements i JOIN organisations o ON o.id = i.organisation_id
        WHERE i.family_id = $1 ORDER BY i.started_on, i.id`,
      [familyId, today],
    );
  }
}
