import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { PersonMatchView } from './dto/person.dto';

const MAX_MATCHES = 20;

/** What a match summary reads of a person: no sex, ethnicity or anything beyond identification. */
const MATCH_COLUMNS = `p.id, p.first_name, p.last_name, p.date_of_birth::text, p.expected_date_of_birth::text, p.postcode`;

export interface MatchRow {
  id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  expected_date_of_birth: string | null;
  postcode: string | null;
  matched_on: PersonMatchView['matchedOn'];
  first_name_match: PersonMatchView['firstNameMatch'];
}

export interface PersonIdentifierMatch {
  nhsNumber: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
}

export interface FamilyMembershipRow {
  id: string;
  familyId: string;
  familyName: string;
  relationship: string;
  livesInHousehold: boolean;
  startedOn: string;
  endedOn: string | null;
}

export interface ConsentGivenRow {
  id: string;
  familyId: string;
  givenOn: string;
  scopes: string[];
  organisationIds: string[];
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
}

export interface PersonAccessLogRow {
  occurredAt: Date;
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
}

/** The SQL behind persons (merged-away people left out of existence and matches): existence, identifier checks, exact-identifier matches and the subject access export. */
@Injectable()
export class PeopleRepository {
  constructor(private readonly db: DatabaseService) {}

  async exists(personId: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM persons WHERE id = $1 AND merged_into_person_id IS NULL`, [personId]);
    return rows.length > 0;
  }

  /** Whether the person's record carries the NHS number, or the surname (name key) and date of birth, given. */
  async identifierMatches(personId: string, identifier: PersonIdentifierMatch): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM persons p WHERE p.id = $1
          AND (($2::text IS NOT NULL AND p.nhs_number = $2)
            OR ($3::text IS NOT NULL AND eh_name_key(p.last_name) = eh_name_key($3::text)
                AND (p.date_of_birth = $4::date OR p.expected_date_of_birth = $4::date)))`,
      [personId, identifier.nhsNumber, identifier.lastName, identifier.dateOfBirth],
    );
    return rows.length > 0;
  }

  /** Persons holding the NHS number, optionally but one. */
  byNhsNumber(nhsNumber: string, exceptId?: string): Promise<MatchRow[]> {
    return this.db.query<MatchRow>(
      `SELECT ${MATCH_COLUMNS}, 'nhs_number' AS matched_on, NULL AS first_name_match
         FROM persons p WHERE p.nhs_number = $1 AND p.id IS DISTINCT FROM $2::uuid AND p.merged_into_person_id IS NULL`,
      [nhsNumber, exceptId ?? null],
    );
  }

  /** Surname and date of birth (case and accent insensitive); a first name only ranks and flags. */
  bySurnameAndDateOfBirth(surname: string, dateOfBirth: string, firstName: string | null): Promise<MatchRow[]> {
    return this.db.query<MatchRow>(
      `SELECT * FROM (
         SELECT ${MATCH_COLUMNS}, 'surname_and_date_of_birth' AS matched_on,
                CASE WHEN $3::text IS NULL THEN NULL
                     WHEN eh_name_key(p.first_name) = eh_name_key($3::text) THEN 'exact'
                     WHEN starts_with(eh_name_key(p.first_name), eh_name_key($3::text))
                       OR starts_with(eh_name_key($3::text), eh_name_key(p.first_name))
                       OR left(eh_name_key(p.first_name), 3) = left(eh_name_key($3::text), 3) THEN 'near'
                     ELSE 'different' END AS first_name_match
           FROM persons p
          WHERE eh_name_key(p.last_name) = eh_name_key($1::text) AND p.merged_into_person_id IS NULL
            AND (p.date_of_birth = $2::date OR p.expected_date_of_birth = $2::date)) AS candidates
        ORDER BY CASE first_name_match WHEN 'exact' THEN 0 WHEN 'near' THEN 1 ELSE 2 END, first_name, id
        LIMIT ${MAX_MATCHES}`,
      [surname, dateOfBirth, firstName],
    );
  }

  familyMemberships(personId: string): Promise<FamilyMembershipRow[]> {
    return this.db.query<FamilyMembershipRow>(
      `SELECT m.id, m.family_id AS "familyId", f.name AS "familyName", m.relationship,
              m.lives_in_household AS "livesInHousehold", m.started_on::text AS "startedOn", m.ended_on::text AS "endedOn"
         FROM family_members m JOIN families f ON f.id = m.family_id
        WHERE m.person_id = $1 ORDER BY m.started_on, m.id`,
      [personId],
    );
  }

  consentsGiven(personId: string): Promise<ConsentGivenRow[]> {
    return this.db.query<ConsentGivenRow>(
      `SELECT id, family_id AS "familyId", given_on::text AS "givenOn", scopes, organisation_ids AS "organisationIds",
              withdrawn_at AS "withdrawnAt", withdrawal_reason AS "withdrawalReason"
         FROM consents WHERE given_by_person_id = $1 ORDER BY given_on, id`,
      [personId],
    );
  }

  /** The audit trail of the person's own record (not of their families), with the subject access exports of it. */
  accessLog(personId: string): Promise<PersonAccessLogRow[]> {
    return this.db.query<PersonAccessLogRow>(
      `SELECT occurred_at AS "occurredAt", action, outcome, actor_user_id AS "actorUserId",
              actor_organisation_id AS "actorOrganisationId"
         FROM audit_events
        WHERE (entity_type = 'person' AND entity_id = $1)
           OR (entity_type = 'subject_access_export' AND details->>'personId' = $1::text)
        ORDER BY id`,
      [personId],
    );
  }
}
