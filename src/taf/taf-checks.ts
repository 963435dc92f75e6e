import type { DatabaseService } from '../platform/database/database.service';
import { USER_PROBLEMS } from '../users/users.problems';
import { fieldProblem } from '../platform/problem/problem-type';
import { ORGANISATION_PROBLEMS } from '../organisations/organisations.problems';
import { TAF_PROBLEMS } from './taf.problems';
import { FAMILY_PROBLEMS } from '../families/families.problems';

/** Checks that ids in a TAF request name real records of the right kind: 422 naming the field otherwise. */
export async function assertOrganisation(db: DatabaseService, field: string, organisationId: string): Promise<void> {
  const rows = await db.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId]);
  if (rows.length === 0) {
    throw fieldProblem(ORGANISATION_PROBLEMS.unknownOrganisation, field, `No organisation ${organisationId}`);
  }
}

export async function assertUserOf(
  db: DatabaseService,
  field: string,
  userId: string,
  organisationId: string | undefined,
): Promise<void> {
  const [user] = await db.query<{ organisation_id: string }>(
    `SELECT organisation_id FROM users WHERE id = $1 AND NOT disabled`,
    [userId],
  );
  if (!user) throw fieldProblem(USER_PROBLEMS.unknownUser, field, `No active user ${userId}`);
  if (organisationId && user.organisation_id !== organisationId) {
    throw fieldProblem(TAF_PROBLEMS.userNotInOrganisation, field, 'The practitioner belongs to another organisation');
  }
}

export async function assertMember(
  db: DatabaseService,
  field: string,
  familyId: string,
  personId: string,
): Promise<void> {
  const rows = await db.query(
    `SELECT 1 FROM family_members WHERE family_id = $1 AND person_id = $2 AND ended_on IS NULL`,
    [familyId, personId],
  );
  if (rows.length === 0) throw fieldProblem(FAMILY_PROBLEMS.notAMember, field, 'The person is not in the family');
}

export async function assertChild(
  db: DatabaseService,
  field: string,
  familyId: string,
  personId: string,
): Promise<void> {
  const rows = await db.query(
    `SELECT 1 FROM family_members m JOIN persons p ON p.id = m.person_id
      WHERE m.family_id = $1 AND m.person_id = $2 AND m.ended_on IS NULL
        AND (m.relationship = 'child' OR p.person_type = 'child')`,
    [familyId, personId],
  );
  if (rows.length === 0) {
    throw fieldProblem(FAMILY_PROBLEMS.notAChildOfFamily, field, 'The person is not a child of the family');
  }
}
