import type { DatabaseService } from '../platform/database/database.service';
import { USER_PROBLEMS } from '../users/users.problems';
import { fieldProblem } from '../platform/problem/problem-type';
import { ORGANISATION_PROBLEMS } from '../organisations/organisations.problems';
import { TafChecksRepository } from './taf-checks.repository';
import { TAF_PROBLEMS } from './taf.problems';
import { FAMILY_PROBLEMS } from '../families/families.problems';
import { FamilyMembershipRepository } from '../families/family-membership.repository';

/** Checks that ids in a TAF request name real records of the right kind: 422 naming the field otherwise. */
export async function assertOrganisation(db: DatabaseService, field: string, organisationId: string): Promise<void> {
  if (!(await new TafChecksRepository(db).organisationExists(organisationId))) {
    throw fieldProblem(ORGANISATION_PROBLEMS.unknownOrganisation, field, `No organisation ${organisationId}`);
  }
}

export async function assertUserOf(
  db: DatabaseService,
  field: string,
  userId: string,
  organisationId: string | undefined,
): Promise<void> {
  const user = await new TafChecksRepository(db).activeUserOrganisation(userId);
  if (!user) throw fieldProblem(USER_PROBLEMS.unknownUser, field, `No active user ${userId}`);
  if (organisationId && user.organisationId !== organisationId) {
    throw fieldProblem(TAF_PROBLEMS.userNotInOrganisation, field, 'The practitioner belongs to another organisation');
  }
}

export async function assertMember(
  db: DatabaseService,
  field: string,
  familyId: string,
  personId: string,
): Promise<void> {
  if (!(await new FamilyMembershipRepository(db).isCurrentMember(familyId, personId)))
    throw fieldProblem(FAMILY_PROBLEMS.notAMember, field, 'The person is not in the family');
}

export async function assertChild(
  db: DatabaseService,
  field: string,
  familyId: string,
  personId: string,
): Promise<void> {
  if (!(await new FamilyMembershipRepository(db).isCurrentChild(familyId, personId))) {
    throw fieldProblem(FAMILY_PROBLEMS.notAChildOfFamily, field, 'The person is not a child of the family');
  }
}
