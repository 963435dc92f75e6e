import { Injectable } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { PeopleRepository } from './people.repository';
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
    private readonly people: PeopleService,
    private readonly persons: PeopleRepository,
    private readonly audit: AuditService,
  ) {}

  async export(personId: string): Promise<SubjectAccessExport> {
    const person = await this.people.load(personId);
    const familyMemberships = await this.persons.familyMemberships(personId);
    const consentsGiven = await this.persons.consentsGiven(personId);
    const accessLog = await this.persons.accessLog(personId);
    await this.audit.record({
      action: 'export',
      entityType: 'person',
      entityId: personId,
      details: { reason: 'subject_access' },
    });
    return { exportedAt: new Date().toISOString(), person, familyMemberships, consentsGiven, accessLog };
  }
}
