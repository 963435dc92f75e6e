import { Injectable } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { DatabaseService } from '../platform/database/database.service';
import { PeopleService } from './people.service';

export interface SubjectAccessExport {
  exportedAt: string;
  person: unknown;
  familyMemberships: unknown[];
  consentsGiven: unknown[];
  accessLog: unknown[];
}

/**
 * Everything held about one person, for a data protection subject access request. This is the
 * one place an admin sees case content: it is their statutory duty, and it is audited.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly db: DatabaseService,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
  ) {}

  async export(personId: string): Promise<SubjectAccessExport> {
    const person = await this.people.load(personId);
    const familyMemberships = await this.db.query(
      `SELECT m.id, m.family_id AS "familyId", f.name AS "familyName", m.relationship,
              m.lives_in_household AS "livesInHousehold", m.started_on::text AS "startedOn", m.ended_on::text AS "endedOn"
         FROM family_members m JOIN families f ON f.id = m.family_id
        WHERE m.person_id = $1 ORDER BY m.started_on, m.id`,
      [personId],
    );
    const consentsGiven = await this.db.query(
      `SELECT id, family_id AS "familyId", given_on::text AS "givenOn", scopes, organisation_ids AS "organisationIds",
              withdrawn_at AS "withdrawnAt", withdrawal_reason AS "withdrawalReason"
         FROM consents WHERE given_by_person_id = $1 ORDER BY given_on, id`,
      [personId],
    );
    const accessLog = await this.db.query(
      `SELECT occurred_at AS "occurredAt", action, outcome, actor_user_id AS "actorUserId",
              actor_organisation_id AS "actorOrganisationId"
         FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 ORDER BY id`,
      [personId],
    );
    await this.audit.record({
      action: 'export',
      entityType: 'person',
      entityId: personId,
      details: { reason: 'subject_access' },
    });
    return { exportedAt: new Date().toISOString(), person, familyMemberships, consentsGiven, accessLog };
  }
}
