import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { RecordWriter } from '../platform/database/record-writer';
import { FieldHistoryService } from '../platform/history/field-history.service';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import type { PersonRectificationView, PersonRestrictionView, RectifyPersonDto } from './dto/person-rights.dto';
import { UpdatePersonDto } from './dto/person.dto';
import { PeopleService } from './people.service';
import { PERSON_RIGHTS_PROBLEMS } from './people.problems';
import { PersonRightsRepository } from './person-rights.repository';
import { normalisePostcode } from './person-rules';
import { Person } from './person.entity';

/** Fields a person's record cannot be without. */
const REQUIRED_FIELDS: readonly string[] = ['firstName', 'lastName'];

/**
 * The data subject's rights to restriction and rectification (UK GDPR articles 16 and 18), for the
 * admin and the data protection officer. Both show in the person's field history (a `restricted`
 * pseudo-field, and the corrected field with the reason) and in their subject access export.
 */
@Injectable()
export class PersonRightsService {
  constructor(
    private readonly people: PeopleService,
    private readonly rights: PersonRightsRepository,
    private readonly records: RecordWriter,
    private readonly history: FieldHistoryService,
    private readonly audit: AuditService,
    private readonly db: DatabaseService,
  ) {}

  async restrict(caller: AuthUser, personId: string, reason: string): Promise<PersonRestrictionView> {
    await this.people.load(personId);
    return this.db.transaction(async () => {
      const open = await this.rights.openRestriction(personId);
      if (open) {
        throw problemOf(PERSON_RIGHTS_PROBLEMS.alreadyRestricted, 'Processing of this person is already restricted', {
          restrictionId: open.id,
        });
      }
      const restriction = await this.rights.restrict(personId, reason, caller.id);
      await this.history.record('person', personId, [{ field: 'restricted', from: false, to: true }], reason);
      await this.audit.record({
        action: 'restrict',
        entityType: 'person',
        entityId: personId,
        details: { restrictionId: restriction.id },
      });
      return restriction;
    });
  }

  async lift(caller: AuthUser, personId: string, reason: string): Promise<PersonRestrictionView> {
    await this.people.load(personId);
    return this.db.transaction(async () => {
      const open = await this.rights.openRestriction(personId);
      if (!open) throw problemOf(PERSON_RIGHTS_PROBLEMS.notRestricted, 'Processing of this person is not restricted');
      const lifted = await this.rights.lift(open.id, reason, caller.id);
      await this.history.record('person', personId, [{ field: 'restricted', from: true, to: false }], reason);
      await this.audit.record({
        action: 'lift_restriction',
        entityType: 'person',
        entityId: personId,
        details: { restrictionId: open.id },
      });
      return lifted;
    });
  }

  /**
   * Corrects one field, validated as PATCH /people/{id} validates it, and records what was wrong;
   * allowed while processing is restricted (correcting is what a restriction often waits for).
   */
  async rectify(caller: AuthUser, personId: string, dto: RectifyPersonDto): Promise<PersonRectificationView> {
    if (dto.correction === null && REQUIRED_FIELDS.includes(dto.field)) {
      throw fieldProblem(PERSON_RIGHTS_PROBLEMS.invalidCorrection, 'correction', `${dto.field} cannot be cleared`);
    }
    const errors = await validate(plainToInstance(UpdatePersonDto, { [dto.field]: dto.correction }), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    if (errors.length > 0) {
      const message = errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ');
      throw fieldProblem(PERSON_RIGHTS_PROBLEMS.invalidCorrection, 'correction', message || 'not a valid value');
    }
    const value = dto.field === 'postcode' && dto.correction ? normalisePostcode(dto.correction) : dto.correction;
    const current = await this.people.load(personId);
    return this.db.transaction(async () => {
      await this.records.update(
        Person,
        'person',
        personId,
        current.version,
        { [dto.field]: value } as Partial<Person>,
        `rectification: ${dto.whatWasWrong}`,
      );
      const rectification = await this.rights.rectify(
        personId,
        { field: dto.field, whatWasWrong: dto.whatWasWrong, correction: value, requestedBy: dto.requestedBy ?? null },
        caller.id,
      );
      await this.audit.record({
        action: 'rectify',
        entityType: 'person',
        entityId: personId,
        details: { field: dto.field, rectificationId: rectification.id },
      });
      return rectification;
    });
  }
}
