import { Injectable, NotFoundException } from '@nestjs/common';
import { PeopleService } from '../people/people.service';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { RecordWriter } from '../platform/database/record-writer';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../platform/pagination/pagination';
import {
  AddMemberDto,
  CreateFamilyDto,
  FamilyMemberView,
  InvolvementView,
  MemberQuery,
  UpdateFamilyDto,
  UpdateMemberDto,
} from './dto/family.dto';
import { FamiliesRepository } from './families.repository';
import { FamilyAccessService } from '../access/family-access.service';
import { Family, FamilyMember } from './family.entity';
import { FAMILY_PROBLEMS } from './families.problems';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';

@Injectable()
export class FamiliesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly families: FamiliesRepository,
    private readonly records: RecordWriter,
    private readonly audit: AuditService,
    private readonly access: FamilyAccessService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  /** The creating organisation's involvement (basis `recorder`: it sees what it recorded) starts with it. */
  create(caller: AuthUser, dto: CreateFamilyDto): Promise<Family> {
    return this.db.transaction(async () => {
      const family = await this.records.create(Family, 'family', {
        name: dto.name,
        createdByOrganisationId: caller.organisationId,
        createdByUserId: caller.id,
      });
      await this.access.addInvolvement(family.id, caller.organisationId, 'recorder');
      return family;
    });
  }

  async get(caller: AuthUser, id: string): Promise<Family> {
    await this.access.assertCanReadFamily(caller, id);
    const family = await this.records.findOrFail(Family, id, 'family');
    await this.audit.record({ action: 'read', entityType: 'family', entityId: id });
    return family;
  }

  update(caller: AuthUser, id: string, version: number, dto: UpdateFamilyDto): Promise<Family> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, id);
      return this.records.update(Family, 'family', id, version, dto);
    });
  }

  /** Only the families the caller may see, by id. */
  async list(caller: AuthUser, query: PageQuery): Promise<Page<Family>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const visible = this.access.visibleFamilyCondition(caller, 'family.id', 1);
    const rows = await this.families.visibleFamilies(visible, afterId, limit + 1);
    return this.audit.readPage(
      toPage(rows, limit, (family) => [family.id]),
      { entityType: 'family' },
    );
  }

  /**
   * An organisation that sees the family only as its recorder sees the members it added itself;
   * an allocated organisation, or one with case access, sees them all.
   */
  async members(caller: AuthUser, familyId: string, query: MemberQuery): Promise<Page<FamilyMemberView>> {
    await this.access.assertCanReadFamily(caller, familyId);
    const onlyOwn = await this.access.readsOnlyAsRecorder(caller, familyId);
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await this.families.members({
      familyId,
      includeEnded: query.includeEnded ?? false,
      afterId: afterId ?? null,
      limit: limit + 1,
      addedByOrganisationId: onlyOwn ? caller.organisationId : null,
    });
    const page = toPage(rows, limit, (member) => [member.id]);
    return this.audit.readPage(page, {
      entityType: 'family',
      entityId: familyId,
      view: 'members',
      details: { personIds: page.items.map((member) => member.personId) },
    });
  }

  addMember(caller: AuthUser, familyId: string, dto: AddMemberDto): Promise<FamilyMemberView> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, familyId);
      await this.people.assertMayLink(caller, dto.personId, dto.identifier, '');
      await this.people.assertNotRestricted(dto.personId, 'adding them to a family');
      const activeId = await this.families.lockActiveMembership(familyId, dto.personId);
      if (activeId) {
        throw problemOf(FAMILY_PROBLEMS.alreadyAMember, 'This person is already a member of the family', {
          memberId: activeId,
        });
      }
      const startedOn = dto.startedOn ?? this.clock.today();
      if (startedOn > this.clock.today())
        throw fieldProblem(FAMILY_PROBLEMS.invalidMember, 'startedOn', 'startedOn is in the future');
      const member = await this.records.create(FamilyMember, 'family_member', {
        familyId,
        personId: dto.personId,
        relationship: dto.relationship,
        livesInHousehold: dto.livesInHousehold,
        startedOn,
        endedOn: null,
        addedByUserId: caller.id,
      });
      return this.memberView(member.id);
    });
  }

  updateMember(caller: AuthUser, familyId: string, memberId: string, version: number, dto: UpdateMemberDto) {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, familyId);
      const current = await this.findMember(familyId, memberId);
      const startedOn = dto.startedOn ?? current.startedOn;
      const endedOn = dto.endedOn ?? current.endedOn;
      if (endedOn && endedOn < startedOn) {
        throw fieldProblem(FAMILY_PROBLEMS.invalidMember, 'endedOn', 'endedOn is before startedOn');
      }
      if (dto.endedOn && dto.endedOn > this.clock.today()) {
        throw fieldProblem(FAMILY_PROBLEMS.invalidMember, 'endedOn', 'endedOn is in the future');
      }
      await this.records.update(FamilyMember, 'family_member', memberId, version, dto);
      return this.memberView(memberId);
    });
  }

  /** Members are never deleted: the membership ends today, and history keeps it. */
  endMember(caller: AuthUser, familyId: string, memberId: string): Promise<FamilyMemberView> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, familyId);
      const current = await this.findMember(familyId, memberId);
      if (current.endedOn === null) {
        const today = this.clock.today();
        await this.records.update(FamilyMember, 'family_member', memberId, current.version, {
          endedOn: today < current.startedOn ? current.startedOn : today,
        });
      }
      return this.memberView(memberId);
    });
  }

  /** Every involvement, ended ones included, with whether it is in force today (Clock). */
  async involvements(caller: AuthUser, familyId: string): Promise<InvolvementView[]> {
    await this.access.assertCanReadFamily(caller, familyId);
    const rows = await this.families.involvements(familyId, this.clock.today());
    return this.audit.readItems(rows, { entityType: 'family', entityId: familyId, view: 'involvements' });
  }

  private async findMember(familyId: string, memberId: string): Promise<FamilyMember> {
    const member = await this.families.findMember(familyId, memberId);
    if (!member) throw new NotFoundException(`No member with id ${memberId} in this family`);
    return member;
  }

  private async memberView(memberId: string): Promise<FamilyMemberView> {
    return this.families.memberView(memberId);
  }
}
