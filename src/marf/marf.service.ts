import { NationalCodesService } from '../national-codes/national-codes.service';
import { NATIONAL_CODE_PROBLEMS } from '../national-codes/national-codes.problems';
import { Injectable, NotFoundException } from '@nestjs/common';
import { BankHolidaysService } from '../calendar/bank-holidays.service';
import { decisionDueAt, londonDate } from '../calendar/working-days';
import { FamiliesService } from '../families/families.service';
import { FamilyAccessService } from '../access/family-access.service';
import { PeopleService } from '../people/people.service';
import { auditDespiteRollback } from '../platform/audit/audit-despite-rollback';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { FieldError, validationProblem } from '../platform/problem/problem';
import { SocialCareService } from '../social-care/social-care.service';
import type { MarfQuery, MarfView, SubmitMarfDto } from './dto/marf.dto';
import { contactSource, formatMarfReference } from './marf-rules';
import { MarfAudience, MarfRepository, MarfRow } from './marf.repository';
import { PERSON_PROBLEMS } from '../people/people.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { MARF_PROBLEMS } from './marf.problems';

export type { MarfAudience } from './marf.repository';

/** Shape rules class-validator cannot express: one family, and each child given exactly one way, once. */
function shapeErrors(dto: SubmitMarfDto): FieldError[] {
  const errors: FieldError[] = [];
  if ((dto.familyId === undefined) === (dto.newFamily === undefined)) {
    errors.push({ field: 'familyId', message: 'give exactly one of familyId and newFamily' });
  }
  const seen = new Set<string>();
  dto.children.forEach((child, index) => {
    if ((child.personId === undefined) === (child.newPerson === undefined)) {
      errors.push({ field: `children.${index}`, message: 'give exactly one of personId and newPerson' });
    }
    if (child.personId !== undefined) {
      if (seen.has(child.personId))
        errors.push({ field: `children.${index}.personId`, message: 'a child is listed twice' });
      seen.add(child.personId);
    }
    if (child.newPerson && child.newPerson.personType !== 'child') {
      errors.push({ field: `children.${index}.newPerson.personType`, message: 'a MARF is about children' });
    }
  });
  return errors;
}

/**
 * Submitting MARFs and following them. A submission is one transaction: new family and persons,
 * the MARF with its gap-free reference, the children's family membership, the referrer's
 * involvement with the family and the audit rows all commit together or not at all.
 */
@Injectable()
export class MarfService {
  constructor(
    private readonly db: DatabaseService,
    private readonly marfs: MarfRepository,
    private readonly audit: AuditService,
    private readonly policy: AccessPolicy,
    private readonly access: FamilyAccessService,
    private readonly families: FamiliesService,
    private readonly people: PeopleService,
    private readonly socialCare: SocialCareService,
    private readonly bankHolidays: BankHolidaysService,
    private readonly codes: NationalCodesService,
  ) {}

  submit(caller: AuthUser, dto: SubmitMarfDto): Promise<MarfView> {
    const errors = shapeErrors(dto);
    if (errors.length > 0) throw validationProblem(errors);
    return this.db.transaction(async () => {
      if (dto.familyId) await this.access.assertCanReadFamily(caller, dto.familyId);
      const existingIds = dto.children.flatMap((child) => (child.personId ? [child.personId] : []));
      for (const [index, child] of dto.children.entries()) {
        if (child.personId)
          await this.people.assertMayLink(caller, child.personId, child.identifier, `children.${index}.`);
      }
      await this.assertChildren(dto, existingIds);
      await this.assertNotAllocated(existingIds);
      const source = await this.contactSourceOf(caller, dto.contactSource);

      // Everything above only reads: the counter's row lock is taken before any contended write.
      const now = await this.marfs.transactionNow();
      const year = Number(londonDate(now).slice(0, 4));
      const reference = formatMarfReference(year, await this.marfs.nextSequence('marf', year));

      const familyId = dto.familyId ?? (await this.families.create(caller, dto.newFamily!)).id;
      const childIds: string[] = [];
      for (const [index, child] of dto.children.entries()) {
        childIds.push(
          child.personId ?? (await this.people.create(caller, child.newPerson!, `children.${index}.newPerson.`)).id,
        );
      }
      const dueAt = decisionDueAt(now, await this.bankHolidays.holidaySet());
      const marfId = await this.marfs.insert({
        reference,
        referrerUserId: caller.id,
        referrerOrganisationId: caller.organisationId,
        familyId,
        concernCategories: dto.concernCategories,
        narrative: dto.narrative,
        immediateRisk: dto.immediateRisk,
        parentsAware: dto.parentsAware,
        parentsNotAwareReason: dto.parentsAware ? null : (dto.parentsNotAwareReason ?? null),
        earlyHelpTried: dto.earlyHelpTried,
        earlyHelpTriedDetails: dto.earlyHelpTried ? (dto.earlyHelpTriedDetails ?? null) : null,
        agenciesInvolved: dto.agenciesInvolved,
        receivedAt: now,
        decisionDueAt: dueAt,
        contactSource: source,
      });
      await this.marfs.addChildren(marfId, childIds);
      await this.addChildrenToFamily(caller, familyId, childIds, dto);
      await this.access.addInvolvement(familyId, caller.organisationId, 'referrer');
      await this.audit.record({
        action: 'create',
        entityType: 'marf',
        entityId: marfId,
        details: { reference, familyId, childCount: childIds.length, immediateRisk: dto.immediateRisk },
      });
      return this.marfs.view(marfId, 'referrer');
    });
  }

  /** The CIN referral source: derived from the referrer's organisation type, or chosen where that is ambiguous. */
  private async contactSourceOf(caller: AuthUser, given: string | undefined): Promise<string> {
    const result = contactSource(await this.marfs.organisationType(caller.organisationId), given);
    if ('problem' in result) {
      const type = result.required ? NATIONAL_CODE_PROBLEMS.codeRequired : NATIONAL_CODE_PROBLEMS.codeMismatch;
      throw fieldProblem(type, 'contactSource', result.problem);
    }
    await this.codes.assertValid('referral_source', 'contactSource', result.code);
    return result.code;
  }

  async get(caller: AuthUser, id: string): Promise<MarfView> {
    const row = await this.marfs.findRow(id);
    const audience = row && (await this.audienceOf(caller, row));
    if (!row || !audience) {
      if (row) await this.recordDenial(id);
      throw new NotFoundException(`No MARF with id ${id}`);
    }
    const view = await this.marfs.view(id, audience);
    await this.audit.record({ action: 'read', entityType: 'marf', entityId: id, details: { view: audience } });
    return view;
  }

  /**
   * 404 (audited as read_denied) unless the caller reads the MARF (the rule of GET /marfs/{id}),
   * for records hung off a MARF (documents); no read is audited here.
   */
  async assertCanRead(caller: AuthUser, id: string): Promise<void> {
    const row = await this.marfs.findRow(id);
    if (row && (await this.audienceOf(caller, row))) return;
    if (row) await this.recordDenial(id);
    throw new NotFoundException(`No MARF with id ${id}`);
  }

  /** The MASH sees every MARF; a manager their organisation's; a practitioner their own. Newest first. */
  async list(caller: AuthUser, query: MarfQuery): Promise<Page<MarfView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2);
    const mash = this.policy.hasAnyRole(caller, 'mash');
    const wholeOrganisation = this.policy.actsForWholeOrganisation(caller, caller.organisationId);
    const rows = await this.marfs.list(
      {
        referrerUserId: mash || wholeOrganisation ? undefined : caller.id,
        referrerOrganisationId: !mash && wholeOrganisation ? caller.organisationId : undefined,
        status: query.status,
        afterReceivedAt: after ? String(after[0]) : undefined,
        afterId: after ? String(after[1]) : undefined,
        limit: limit + 1,
      },
      mash ? 'mash' : 'referrer',
    );
    return this.audit.readPage(
      toPage(rows, limit, (row) => [row.receivedAt, row.id]),
      { entityType: 'marf' },
    );
  }

  /**
   * As audienceFor, and the organisation the decision allocated (or one sharing the case record by
   * consent) reads the MARF with its decision (narrative, rationale, feedback), never MASH's triage
   * notes. `GET /marfs` stays the referrer's list: an allocated organisation reaches its MARF from
   * the allocation's notification and episode.
   */
  async audienceOf(caller: AuthUser, marf: MarfRow): Promise<MarfAudience | undefined> {
    const direct = this.audienceFor(caller, marf);
    if (direct) return direct;
    if (!this.policy.hasAnyRole(caller, 'practitioner', 'manager')) return undefined;
    // The case record (consent, lead, TAF) covers the family's MARFs; an allocation only the MARF
    // whose decision named the caller's organisation as lead (domain.md: "the MARF's narrative").
    if (await this.access.canReadFamily(caller, marf.familyId, 'case')) return 'allocated';
    const allocatedByThis =
      (await this.marfs.decisionLeadOrganisationId(marf.id)) === caller.organisationId &&
      (await this.access.canReadFamily(caller, marf.familyId, 'episode'));
    return allocatedByThis ? 'allocated' : undefined;
  }

  /** MASH reads any MARF; its referrer and their organisation's managers read it without MASH's notes. */
  audienceFor(caller: AuthUser, marf: MarfRow): MarfAudience | undefined {
    if (this.policy.hasAnyRole(caller, 'mash')) return 'mash';
    const referrer = marf.referrerUserId === caller.id && this.policy.hasAnyRole(caller, 'practitioner', 'manager');
    if (referrer || this.policy.actsForWholeOrganisation(caller, marf.referrerOrganisationId)) return 'referrer';
    return undefined;
  }

  private async assertChildren(dto: SubmitMarfDto, existingIds: string[]): Promise<void> {
    if (existingIds.length === 0) return;
    const found = await this.marfs.personTypes(existingIds);
    for (const [index, child] of dto.children.entries()) {
      if (!child.personId) continue;
      const field = `children.${index}.personId`;
      const type = found.get(child.personId);
      if (!type) throw fieldProblem(PERSON_PROBLEMS.unknownPerson, field, `No person with id ${child.personId}`);
      if (type !== 'child') throw fieldProblem(MARF_PROBLEMS.notAChild, field, 'a MARF is about children');
    }
  }

  /**
   * The answer tells the referrer only what it needs to act: that a child it named already has an
   * allocated social worker, the team's name, and how to reach the front door (the MASH) to pass
   * the concern on. Never the kind of involvement (a child protection plan says a great deal) nor
   * the team's direct line. It reveals something about a child, so it is audited, outside the
   * failing request's transaction so the row survives the rollback.
   */
  private async assertNotAllocated(personIds: string[]): Promise<void> {
    const allocated = await this.socialCare.findAllocated(personIds);
    if (!allocated) return;
    const team = allocated.allocatedTeamName ?? 'the allocated social care team';
    const frontDoor = await this.marfs.frontDoor();
    await auditDespiteRollback(this.audit, {
      action: 'conflict',
      entityType: 'person',
      entityId: allocated.personId,
      details: { problem: 'already-allocated' },
    });
    throw problemOf(
      MARF_PROBLEMS.alreadyAllocated,
      `A child on this referral already has an allocated social worker in ${team}; no MARF is needed. ` +
        'Pass the concern on through the front door (MASH).',
      {
        personId: allocated.personId,
        allocatedTeam: { name: team },
        frontDoor: frontDoor
          ? { name: frontDoor.name, phone: frontDoor.phone, email: frontDoor.email }
          : { name: 'MASH', phone: null, email: null },
      },
    );
  }

  private async addChildrenToFamily(
    caller: AuthUser,
    familyId: string,
    childIds: string[],
    dto: SubmitMarfDto,
  ): Promise<void> {
    const identifiers = new Map(dto.children.map((child) => [child.personId, child.identifier]));
    const current = new Set(await this.marfs.currentMemberIds(familyId));
    for (const personId of childIds.filter((id) => !current.has(id))) {
      await this.families.addMember(caller, familyId, {
        personId,
        relationship: 'child',
        livesInHousehold: true,
        identifier: identifiers.get(personId),
      });
    }
  }

  /** The refusal's audit row survives the failing request's rollback. */
  private recordDenial(id: string): Promise<void> {
    return auditDespiteRollback(this.audit, {
      action: 'read_denied',
      entityType: 'marf',
      entityId: id,
      outcome: 'denied',
    });
  }
}
