import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { fieldProblem } from '../platform/problem/problem-type';
import { PERSON_PROBLEMS } from '../people/people.problems';
import { type AllocatedInvolvement, SocialCareRepository } from './social-care.repository';
import type {
  SocialCareInvolvementQuery,
  SocialCareInvolvementView,
  UpsertSocialCareInvolvementDto,
} from './dto/social-care-involvement.dto';
import { SOCIAL_CARE_PROBLEMS } from './social-care.problems';
import { Clock } from '../platform/clock/clock';

/**
 * Social care involvements as the children's social care system sends them. The sender's own id
 * (sourceSystem, sourceId) is the key, so a resent or updated record replaces, never duplicates.
 */
@Injectable()
export class SocialCareService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: SocialCareRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Returns the involvement and whether it was created (false: updated or unchanged). */
  upsert(
    caller: AuthUser,
    dto: UpsertSocialCareInvolvementDto,
  ): Promise<{ involvement: SocialCareInvolvementView; created: boolean }> {
    if (dto.endedOn && dto.endedOn < dto.startedOn) {
      throw fieldProblem(SOCIAL_CARE_PROBLEMS.invalidInvolvement, 'endedOn', 'endedOn is before startedOn');
    }
    return this.db.transaction(async () => {
      if (!(await this.repository.personExists(dto.personId))) {
        throw fieldProblem(PERSON_PROBLEMS.unknownPerson, 'personId', `No person with id ${dto.personId}`);
      }
      // Only a real change bumps the version: a resent record returns no row and is read back below.
      const row = await this.repository.upsert({
        sourceSystem: dto.sourceSystem,
        sourceId: dto.sourceId,
        personId: dto.personId,
        kind: dto.kind,
        startedOn: dto.startedOn,
        endedOn: dto.endedOn ?? null,
        allocatedWorkerName: dto.allocatedWorkerName ?? null,
        allocatedTeamName: dto.allocatedTeamName ?? null,
        teamContact: dto.teamContact ?? null,
        recordedByUserId: caller.id,
      });
      if (!row) {
        const unchanged = await this.repository.findBySource(dto.sourceSystem, dto.sourceId);
        return { involvement: unchanged!, created: false };
      }
      const { inserted, ...involvement } = row;
      await this.audit.record({
        action: inserted ? 'create' : 'update',
        entityType: 'social_care_involvement',
        entityId: involvement.id,
        details: { kind: involvement.kind, personId: involvement.personId, ended: involvement.endedOn !== null },
      });
      return { involvement, created: inserted };
    });
  }

  async get(id: string): Promise<SocialCareInvolvementView> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundException(`No social care involvement with id ${id}`);
    await this.audit.record({ action: 'read', entityType: 'social_care_involvement', entityId: id });
    return row;
  }

  async list(query: SocialCareInvolvementQuery): Promise<Page<SocialCareInvolvementView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const rows = await this.repository.list({
      personId: query.personId ?? null,
      open: query.open ?? false,
      afterId: (afterId as string | undefined) ?? null,
      limit,
    });
    return this.audit.readPage(
      toPage(rows, limit, (row) => [row.id]),
      { entityType: 'social_care_involvement', details: { personId: query.personId ?? null } },
    );
  }

  /**
   * The first of these children with an open involvement that has an allocated worker, if any:
   * "already allocated", which makes a MARF unnecessary.
   */
  async findAllocated(personIds: string[]): Promise<AllocatedInvolvement | undefined> {
    if (personIds.length === 0) return undefined;
    return this.repository.findAllocated(personIds, this.clock.today());
  }
}
