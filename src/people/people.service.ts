import { Injectable } from '@nestjs/common';
import { auditDespiteRollback } from '../platform/audit/audit-despite-rollback';
import { QueryFailedError } from 'typeorm';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { RecordWriter } from '../platform/database/record-writer';
import { ProblemException, withFieldPrefix } from '../platform/problem/problem';
import {
  CreatePersonDto,
  PersonIdentifierDto,
  PersonMatchQuery,
  PersonMatchView,
  UpdatePersonDto,
} from './dto/person.dto';
import { Person } from './person.entity';
import { cinEthnicity, disabilitiesProblem, normalisePostcode, type Ethnicity } from './person-rules';
import { NationalCodesService } from '../national-codes/national-codes.service';
import { NATIONAL_CODE_PROBLEMS } from '../national-codes/national-codes.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { PeopleRepository } from './people.repository';
import { PERSON_PROBLEMS, PERSON_RIGHTS_PROBLEMS } from './people.problems';
import { PersonRightsRepository } from './person-rights.repository';
import { AppConfig } from '../config/config';
import type { PossibleDuplicateList } from './dto/duplicates.dto';
import { DuplicatesService } from './duplicates.service';
import { PersonMergesService } from './person-merges.service';
import { assertBirthDates } from './person-checks';
import { demographicsOnly, toMatchView } from './person-views';
import { Clock } from '../platform/clock/clock';

/** A person just recorded, with the possible duplicates the caller may link to instead. */
export type CreatedPerson = Person & { likelyMatches: PossibleDuplicateList };

@Injectable()
export class PeopleService {
  constructor(
    private readonly db: DatabaseService,
    private readonly persons: PeopleRepository,
    private readonly records: RecordWriter,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly codes: NationalCodesService,
    private readonly duplicates: DuplicatesService,
    private readonly config: AppConfig,
    private readonly merges: PersonMergesService,
    private readonly rights: PersonRightsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Refuses `what` (409 person-restricted) while processing of the person is restricted: editing
   * their record (PATCH; a rectification corrects it instead) and adding them to a family.
   * Safeguarding goes on: reads, MARFs and decisions, case notes, social care involvements and
   * transitions are not refused (README "Restriction of processing").
   */
  async assertNotRestricted(personId: string, what: string): Promise<void> {
    const restriction = await this.rights.openRestriction(personId);
    if (!restriction) return;
    throw problemOf(
      PERSON_RIGHTS_PROBLEMS.personRestricted,
      `Processing of this person is restricted since ${new Date(restriction.restrictedAt).toISOString()}: ${what} ` +
        'is paused until the data protection officer lifts it (safeguarding work continues)',
      { personId },
    );
  }

  /**
   * The CIN ethnicity code to store for the ONS category (the given one, or the one-to-one
   * mapping) and the disabilities, each checked against this year's national lists.
   */
  private async nationalCodes(
    ethnicity: Ethnicity,
    given: string | null | undefined,
    disabilities: readonly string[] | undefined,
  ): Promise<string> {
    const result = cinEthnicity(ethnicity, given);
    if ('problem' in result) {
      const type = result.required ? NATIONAL_CODE_PROBLEMS.codeRequired : NATIONAL_CODE_PROBLEMS.codeMismatch;
      throw fieldProblem(type, 'cinEthnicity', result.problem);
    }
    await this.codes.assertValid('ethnicity', 'cinEthnicity', result.code);
    if (disabilities) {
      const problem = disabilitiesProblem(disabilities);
      if (problem) throw fieldProblem(NATIONAL_CODE_PROBLEMS.codeMismatch, 'disabilities', problem);
      await this.codes.assertValid('disability', 'disabilities', disabilities);
    }
    return result.code;
  }

  /**
   * Persons are never merged silently: a second record with an NHS number already held is a 409
   * that points to the existing person (as a match summary), for the practitioner to use instead.
   * `prefix` names where the person was given (`children.0.newPerson.` on a MARF): every field a
   * refusal names (the NHS number taken, `confirmNotDuplicate` of a likely duplicate) carries it, so
   * POST /people and the MARF name the same field.
   */
  async create(caller: AuthUser, dto: CreatePersonDto, prefix = ''): Promise<CreatedPerson> {
    try {
      return await this.createPerson(caller, dto);
    } catch (error) {
      throw withFieldPrefix(error, prefix);
    }
  }

  private createPerson(caller: AuthUser, dto: CreatePersonDto): Promise<CreatedPerson> {
    const person = {
      personType: dto.personType,
      firstName: dto.firstName,
      middleNames: dto.middleNames ?? null,
      lastName: dto.lastName,
      preferredName: dto.preferredName ?? null,
      dateOfBirth: dto.dateOfBirth ?? null,
      expectedDateOfBirth: dto.expectedDateOfBirth ?? null,
      sex: dto.sex,
      gender: dto.gender ?? null,
      ethnicity: dto.ethnicity,
      cinEthnicity: dto.cinEthnicity ?? null,
      disabilities: [...new Set(dto.disabilities ?? [])],
      firstLanguage: dto.firstLanguage ?? null,
      nhsNumber: dto.nhsNumber ?? null,
      upn: dto.upn ?? null,
      postcode: dto.postcode ? normalisePostcode(dto.postcode) : null,
      sendStatus: dto.sendStatus ?? 'none',
      createdByOrganisationId: caller.organisationId,
      createdByUserId: caller.id,
    };
    assertBirthDates(person, { checkAge: true, today: this.clock.today() });
    return this.db.transaction(async () => {
      person.cinEthnicity = await this.nationalCodes(person.ethnicity, person.cinEthnicity, person.disabilities);
      if (person.nhsNumber) await this.assertNhsNumberFree(person.nhsNumber);
      const saved = await this.withDuplicateAsConflict(person.nhsNumber, () =>
        this.records.create(Person, 'person', person),
      );
      const likelyMatches = await this.checkDuplicates(caller, saved.id, dto);
      return { ...(await this.load(saved.id)), likelyMatches };
    });
  }

  /**
   * The possible duplicates of the person just written. One almost certainly the same person
   * (DUPLICATE_CERTAIN_THRESHOLD) needs `confirmNotDuplicate`, kept with each such pair and audited;
   * without it the create is a 409 (rolled back) listing the matches the caller may see. Returned
   * matches reveal people, so they are audited.
   */
  private async checkDuplicates(caller: AuthUser, personId: string, dto: CreatePersonDto) {
    const { list, likelyIds } = await this.duplicates.atEntry(caller, personId);
    const ids = list.items.map((item) => item.personId);
    if (likelyIds.length > 0 && this.config.duplicateConfirmOnCreate && !dto.confirmNotDuplicate) {
      await auditDespiteRollback(this.audit, {
        action: 'conflict',
        entityType: 'person',
        details: { problem: PERSON_PROBLEMS.likelyDuplicate.slug, count: ids.length, ids },
      });
      const message = 'give confirmNotDuplicate with a reason, or link the existing person instead';
      throw problemOf(
        PERSON_PROBLEMS.likelyDuplicate,
        'This person is almost certainly someone already recorded: link the existing person instead, or confirm ' +
          'they are someone else with confirmNotDuplicate and a reason',
        { likelyMatches: list },
        [{ field: 'confirmNotDuplicate', message }],
      );
    }
    if (likelyIds.length > 0 && dto.confirmNotDuplicate) {
      await this.duplicates.recordNotDuplicate(caller, personId, likelyIds, dto.confirmNotDuplicate.reason);
      await this.audit.record({
        action: 'confirm_not_duplicate',
        entityType: 'person',
        entityId: personId,
        details: { otherPersonIds: likelyIds },
      });
    }
    if (ids.length > 0) {
      await this.audit.record({
        action: 'read',
        entityType: 'person',
        details: { view: 'likely-matches', recordedPersonId: personId, count: ids.length, ids },
      });
    }
    return list;
  }

  /**
   * Only an organisation that recorded the person, or has an active involvement (allocation or
   * case access) with one of the person's families, or the MASH, edits their demographics; each
   * edit is audited with the fields changed. Others who can see the person get 404 as if absent
   * when they cannot see them at all, 403 when they see the demographics only.
   */
  update(caller: AuthUser, id: string, version: number, dto: UpdatePersonDto): Promise<Person> {
    return this.db.transaction(async () => {
      await this.merges.assertNotMerged(caller, id);
      await this.access.assertCanReadPerson(caller, id);
      await this.assertNotRestricted(id, 'editing their record');
      if (!(await this.access.canEditPerson(caller, id))) {
        throw problemOf(
          PERSON_PROBLEMS.notInvolved,
          "Only an organisation with an active involvement with one of the person's families edits their record",
        );
      }
      const current = await this.load(id);
      const patch: Partial<Person> = { ...dto } as Partial<Person>;
      if (dto.postcode !== undefined) patch.postcode = normalisePostcode(dto.postcode);
      if (dto.disabilities !== undefined) patch.disabilities = [...new Set(dto.disabilities)];
      if (dto.ethnicity !== undefined || dto.cinEthnicity !== undefined || dto.disabilities !== undefined) {
        // A new ONS category without a code is derived afresh; a code alone must fit the current category.
        const given =
          dto.cinEthnicity !== undefined ? dto.cinEthnicity : dto.ethnicity !== undefined ? null : current.cinEthnicity;
        patch.cinEthnicity = await this.nationalCodes(dto.ethnicity ?? current.ethnicity, given, dto.disabilities);
      }
      // Recording the birth of an unborn child replaces the expected date.
      if (dto.dateOfBirth !== undefined && dto.expectedDateOfBirth === undefined && current.expectedDateOfBirth) {
        patch.expectedDateOfBirth = null;
      }
      assertBirthDates(
        { ...current, ...patch },
        {
          checkAge: dto.dateOfBirth !== undefined || dto.sendStatus !== undefined,
          today: this.clock.today(),
        },
      );
      if (dto.nhsNumber && dto.nhsNumber !== current.nhsNumber) await this.assertNhsNumberFree(dto.nhsNumber, id);
      await this.withDuplicateAsConflict(dto.nhsNumber ?? null, () =>
        this.records.update(Person, 'person', id, version, patch),
      );
      const fields = Object.keys(patch).filter(
        (key) => (patch as Record<string, unknown>)[key] !== (current as unknown as Record<string, unknown>)[key],
      );
      await this.audit.record({ action: 'update', entityType: 'person', entityId: id, details: { fields } });
      return this.load(id);
    });
  }

  /** The whole record to those who may edit it (see update); demographics only to others who see the person. */
  async get(caller: AuthUser, id: string): Promise<Person> {
    await this.merges.assertNotMerged(caller, id);
    await this.access.assertCanReadPerson(caller, id);
    const person = await this.load(id);
    const whole = await this.access.canEditPerson(caller, id);
    await this.audit.record({
      action: 'read',
      entityType: 'person',
      entityId: id,
      details: whole ? undefined : { view: 'demographics' },
    });
    return whole ? person : demographicsOnly(person);
  }

  /**
   * Linking an existing person (into a family, or as a MARF's child) needs the caller to hold
   * them already (see update) or to show an identifier that matches the record: the NHS number,
   * or the surname and date of birth. A mismatch says nothing about which part differed.
   */
  /** `prefix` names where the person was given, e.g. `children.0.` on a MARF ('' for a member). */
  async assertMayLink(
    caller: AuthUser,
    personId: string,
    identifier: PersonIdentifierDto | undefined,
    prefix: string,
  ): Promise<void> {
    if (!(await this.persons.exists(personId))) {
      throw fieldProblem(PERSON_PROBLEMS.unknownPerson, `${prefix}personId`, `No person with id ${personId}`);
    }
    if (await this.access.canEditPerson(caller, personId)) return;
    const byNhs = identifier?.nhsNumber ?? null;
    const byName = identifier?.lastName && identifier.dateOfBirth ? identifier : null;
    const matched =
      (byNhs || byName) &&
      (await this.persons.identifierMatches(personId, {
        nhsNumber: byNhs,
        lastName: byName?.lastName ?? null,
        dateOfBirth: byName?.dateOfBirth ?? null,
      }));
    if (matched) return;
    const message =
      'To link a person your organisation does not already work with, give their NHS number, or their surname and date of birth, as recorded';
    throw fieldProblem(PERSON_PROBLEMS.identifierRequired, `${prefix}identifier`, message);
  }

  /**
   * Exact-identifier search: by NHS number, or by surname and date of birth (case and accent
   * insensitive). A first name, when given, only ranks and flags the results. Audited without the
   * query values, which are themselves personal data.
   */
  async matches(query: PersonMatchQuery): Promise<PersonMatchView[]> {
    const results = new Map<string, PersonMatchView>();
    if (query.nhsNumber) {
      const rows = await this.persons.byNhsNumber(query.nhsNumber);
      for (const row of rows) results.set(row.id, toMatchView(row));
    }
    if (query.surname && query.dateOfBirth) {
      const rows = await this.persons.bySurnameAndDateOfBirth(
        query.surname,
        query.dateOfBirth,
        query.firstName ?? null,
      );
      for (const row of rows) if (!results.has(row.id)) results.set(row.id, toMatchView(row));
    }
    const criteria = Object.keys(query).filter((key) => query[key as keyof PersonMatchQuery] !== undefined);
    return this.audit.readItems([...results.values()], {
      action: 'search',
      entityType: 'person',
      view: 'matches',
      details: { criteria },
    });
  }

  async load(id: string): Promise<Person> {
    return this.records.findOrFail(Person, id, 'person');
  }

  private async assertNhsNumberFree(nhsNumber: string, exceptId?: string): Promise<void> {
    const rows = await this.persons.byNhsNumber(nhsNumber, exceptId);
    if (rows.length > 0) throw await this.duplicateNhsNumber(rows[0]!.id);
  }

  /** A concurrent create with the same NHS number loses on the unique index: still a 409 pointing to the match. */
  private async withDuplicateAsConflict<T>(nhsNumber: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const code = (error as QueryFailedError & { driverError?: { constraint?: string } }).driverError?.constraint;
      if (nhsNumber && error instanceof QueryFailedError && code === 'persons_nhs_number_key') {
        throw await this.duplicateNhsNumber(null);
      }
      throw error;
    }
  }

  /**
   * The answer says only that the person exists and how to link them (their id, with the NHS
   * number the caller already holds): no name, date of birth or postcode. It reveals a person, so
   * it is audited, outside the failing request's transaction so the row survives the rollback.
   */
  private async duplicateNhsNumber(existingPersonId: string | null): Promise<ProblemException> {
    await auditDespiteRollback(this.audit, {
      action: 'conflict',
      entityType: 'person',
      entityId: existingPersonId ?? undefined,
      details: { problem: 'duplicate-nhs-number' },
    });
    return problemOf(
      PERSON_PROBLEMS.duplicateNhsNumber,
      'A person with this NHS number is already recorded: link the existing person (give personId and their NHS ' +
        'number as identifier) instead of recording them again (persons are never merged silently)',
      existingPersonId ? { personId: existingPersonId } : {},
      [{ field: 'nhsNumber', message: 'a person with this NHS number already exists' }],
    );
  }
}
