import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../platform/auth/auth-user';
import { AuditService } from '../platform/audit/audit.service';
import { Clock } from '../platform/clock/clock';
import { decodeCursor, pageSize, toPage } from '../platform/pagination/pagination';
import { fieldProblem } from '../platform/problem/problem-type';
import { WORKLIST_KINDS, WorklistPage, WorklistQuery } from './dto/worklist.dto';
import { WorklistOwner, WorklistRepository } from './worklist.repository';
import { WORKLIST_PROBLEMS } from './worklist.problems';

/** What is due for a practitioner (or a manager's team): built from the records, nothing stored. */
@Injectable()
export class WorklistService {
  constructor(
    private readonly worklist: WorklistRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(caller: AuthUser, query: WorklistQuery): Promise<WorklistPage> {
    const manager = caller.roles.includes('manager');
    if (query.team !== undefined && (!manager || query.team !== caller.organisationId)) {
      await this.audit.record({
        action: 'read',
        entityType: 'worklist',
        entityId: query.team,
        outcome: 'denied',
        details: { reason: 'not_manager_of_team' },
      });
      throw fieldProblem(WORKLIST_PROBLEMS.notYourTeam, 'team', 'team must be your own organisation, as its manager');
    }
    const owner: WorklistOwner = {
      userId: caller.id,
      organisationId: caller.organisationId,
      team: query.team !== undefined,
      manager,
      today: this.clock.today(),
    };
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 3) as [string, string, string] | undefined;
    const { items: rows, counts } = await this.worklist.pageAndCounts(owner, {
      kind: query.kind,
      after,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (item) => [item.dueOn, item.kind, item.entityId]);
    await this.audit.readPage(page, {
      entityType: 'worklist',
      entityId: owner.team ? caller.organisationId : caller.id,
      idOf: (item) => item.entityId,
      details: { team: owner.team },
    });
    return {
      ...page,
      counts: WORKLIST_KINDS.map(
        (kind) => counts.find((count) => count.kind === kind) ?? { kind, count: 0, overdue: 0 },
      ),
    };
  }
}
