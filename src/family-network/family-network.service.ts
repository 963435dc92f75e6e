import { Injectable, NotFoundException } from '@nestjs/common';
import { FamilyAccessService } from '../access/family-access.service';
import { PeopleService } from '../people/people.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import { AddNetworkMemberDto, NetworkMemberView, NetworkQuery } from './dto/family-network.dto';
import { FAMILY_NETWORK_PROBLEMS } from './family-network.problems';
import { FamilyNetworkRepository } from './family-network.repository';
import { FamilyMembershipRepository } from '../families/family-membership.repository';

/**
 * The family network: people outside the household who support the family (grandparents,
 * friends, community), with their relationship and what they offer. They are persons, not users
 * and not family members: being in a network gives nobody access to anything.
 */
@Injectable()
export class FamilyNetworkService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: FamilyNetworkRepository,
    private readonly access: FamilyAccessService,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  add(caller: AuthUser, familyId: string, dto: AddNetworkMemberDto): Promise<NetworkMemberView> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, familyId);
      await this.people.assertMayLink(caller, dto.personId, dto.identifier, '');
      if (await new FamilyMembershipRepository(this.db).isCurrentMember(familyId, dto.personId)) {
        throw fieldProblem(
          FAMILY_NETWORK_PROBLEMS.familyMember,
          'personId',
          'This person is a member of the family; the network is the people outside it',
        );
      }
      const active = await this.repository.lockActive(familyId, dto.personId);
      if (active) {
        throw problemOf(FAMILY_NETWORK_PROBLEMS.alreadyInNetwork, 'This person is already in the network', {
          networkMemberId: active,
        });
      }
      const startedOn = dto.startedOn ?? this.clock.today();
      if (startedOn > this.clock.today()) {
        throw fieldProblem(FAMILY_NETWORK_PROBLEMS.invalidDate, 'startedOn', 'startedOn is in the future');
      }
      const id = await this.repository.insert({
        familyId,
        personId: dto.personId,
        relationship: dto.relationship,
        offer: dto.offer,
        startedOn,
        addedByUserId: caller.id,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'family_network_member',
        entityId: id,
        details: { familyId, personId: dto.personId, relationship: dto.relationship },
      });
      return (await this.repository.find(familyId, id))!;
    });
  }

  async list(caller: AuthUser, familyId: string, query: NetworkQuery): Promise<NetworkMemberView[]> {
    await this.access.assertCanReadFamily(caller, familyId);
    const items = await this.repository.list(familyId, query.includeEnded ?? false);
    return this.audit.readItems(items, { entityType: 'family', entityId: familyId, view: 'network' });
  }

  end(caller: AuthUser, familyId: string, id: string): Promise<NetworkMemberView> {
    return this.db.transaction(async () => {
      await this.access.assertCanReadFamily(caller, familyId);
      const member = await this.repository.find(familyId, id, { lock: true });
      if (!member) throw new NotFoundException(`No network member ${id} in this family`);
      if (member.endedOn === null) {
        await this.repository.end(id, this.clock.today());
        await this.audit.record({
          action: 'end',
          entityType: 'family_network_member',
          entityId: id,
          details: { familyId, personId: member.personId },
        });
      }
      return (await this.repository.find(familyId, id))!;
    });
  }
}
