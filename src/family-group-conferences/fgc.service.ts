import { Injectable, NotFoundException } from '@nestjs/common';
import { EpisodesService } from '../episodes/episodes.service';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { fieldProblem, problemOf, ProblemType } from '../platform/problem/problem-type';
import { FgcView, HoldFgcDto, PrepareFgcDto, RequestFgcDto, ReviewFgcDto } from './dto/fgc.dto';
import { FGC_PROBLEMS } from './fgc.problems';
import { FgcRepository, FgcRow, NewAttendee } from './fgc.repository';

const stageProblem = (type: ProblemType, message: string) => problemOf(type, message);

/**
 * Family Group Conferences on a Family Help episode: requested → preparing (a coordinator) →
 * held (attendees, private family time, the family's plan) → reviewed (did the plan hold).
 * Access is the episode's: whoever may work the episode may record its FGC.
 */
@Injectable()
export class FgcService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repository: FgcRepository,
    private readonly episodes: EpisodesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  request(caller: AuthUser, dto: RequestFgcDto): Promise<FgcView> {
    return this.db.transaction(async () => {
      const episode = await this.episodes.findOpenVisible(caller, dto.episodeId, { lock: true });
      if (dto.requestedOn > this.clock.today() || dto.requestedOn < episode.openedOn) {
        throw fieldProblem(
          FGC_PROBLEMS.invalidDate,
          'requestedOn',
          `requestedOn must be between the episode's opening (${episode.openedOn}) and today`,
        );
      }
      const id = await this.repository.insert({
        episodeId: episode.id,
        familyId: episode.familyId,
        requestedOn: dto.requestedOn,
        reason: dto.reason,
        firstResponse: dto.firstResponse,
        requestedByUserId: caller.id,
      });
      await this.audit.record({
        action: 'create',
        entityType: 'family_group_conference',
        entityId: id,
        details: { episodeId: episode.id, firstResponse: dto.firstResponse },
      });
      return this.view((await this.repository.find(id))!);
    });
  }

  async get(caller: AuthUser, id: string): Promise<FgcView> {
    const fgc = await this.findVisible(caller, id);
    await this.audit.record({ action: 'read', entityType: 'family_group_conference', entityId: id, details: {} });
    return this.view(fgc);
  }

  prepare(caller: AuthUser, id: string, dto: PrepareFgcDto): Promise<FgcView> {
    return this.db.transaction(async () => {
      const fgc = await this.findVisible(caller, id, true);
      if (fgc.heldOn) throw stageProblem(FGC_PROBLEMS.wrongStage, 'The conference has been held');
      if (!(await this.repository.activeUser(dto.coordinatorUserId))) {
        throw fieldProblem(FGC_PROBLEMS.unknownCoordinator, 'coordinatorUserId', `No active user ${dto.coordinatorUserId}`);
      }
      await this.repository.prepare(id, dto.coordinatorUserId, dto.preparation ?? null);
      await this.audit.record({
        action: 'update',
        entityType: 'family_group_conference',
        entityId: id,
        details: { stage: 'preparing', coordinatorUserId: dto.coordinatorUserId },
      });
      return this.view((await this.repository.find(id))!);
    });
  }

  hold(caller: AuthUser, id: string, dto: HoldFgcDto): Promise<FgcView> {
    return this.db.transaction(async () => {
      const fgc = await this.findVisible(caller, id, true);
      if (fgc.heldOn) throw stageProblem(FGC_PROBLEMS.wrongStage, 'The conference has been held already');
      if (!fgc.coordinatorUserId) {
        throw stageProblem(FGC_PROBLEMS.wrongStage, 'A coordinator prepares the conference first (POST …/preparation)');
      }
      if (dto.heldOn < fgc.requestedOn || dto.heldOn > this.clock.today()) {
        throw fieldProblem(FGC_PROBLEMS.invalidDate, 'heldOn', `heldOn must be between the request (${fgc.requestedOn}) and today`);
      }
      const attendees = await this.checkAttendees(fgc.familyId, dto);
      const children = dto.plan.flatMap((item) => (item.childPersonId ? [item.childPersonId] : []));
      const childMembers = await this.repository.childMembers(fgc.familyId, children);
      const stranger = dto.plan.findIndex((item) => item.childPersonId && !childMembers.has(item.childPersonId));
      if (stranger >= 0) {
        throw fieldProblem(
          FGC_PROBLEMS.notAChildOfTheFamily,
          `plan.${stranger}.childPersonId`,
          'A part of the plan for one child names a child of the family',
        );
      }
      await this.repository.hold(
        id,
        dto.heldOn,
        dto.privateFamilyTime,
        attendees,
        dto.plan.map((item) => ({ childPersonId: item.childPersonId ?? null, words: item.words })),
      );
      await this.audit.record({
        action: 'update',
        entityType: 'family_group_conference',
        entityId: id,
        details: { stage: 'held', heldOn: dto.heldOn, attendees: attendees.length, planItems: dto.plan.length },
      });
      return this.view((await this.repository.find(id))!);
    });
  }

  review(caller: AuthUser, id: string, dto: ReviewFgcDto): Promise<FgcView> {
    return this.db.transaction(async () => {
      const fgc = await this.findVisible(caller, id, true);
      if (!fgc.heldOn) throw stageProblem(FGC_PROBLEMS.wrongStage, 'The conference has not been held');
      if (fgc.reviewedOn) throw stageProblem(FGC_PROBLEMS.wrongStage, 'The plan has been reviewed already');
      if (dto.reviewedOn < fgc.heldOn || dto.reviewedOn > this.clock.today()) {
        throw fieldProblem(FGC_PROBLEMS.invalidDate, 'reviewedOn', `reviewedOn must be between the conference (${fgc.heldOn}) and today`);
      }
      await this.repository.review(id, dto.reviewedOn, dto.planHeld, dto.notes ?? null);
      await this.audit.record({
        action: 'update',
        entityType: 'family_group_conference',
        entityId: id,
        details: { stage: 'reviewed', planHeld: dto.planHeld },
      });
      return this.view((await this.repository.find(id))!);
    });
  }

  /** Each attendee is who they say: a current family member, a person of the network, or an active user. */
  private async checkAttendees(familyId: string, dto: HoldFgcDto): Promise<NewAttendee[]> {
    const personIds = dto.attendees.flatMap((a) => (a.personId ? [a.personId] : []));
    const people = await this.repository.familyPeople(familyId, personIds);
    const result: NewAttendee[] = [];
    for (const [index, attendee] of dto.attendees.entries()) {
      const field = `attendees.${index}`;
      const refuse = (message: string) => fieldProblem(FGC_PROBLEMS.invalidAttendee, field, message);
      if (attendee.kind === 'professional') {
        if (!attendee.userId || attendee.personId) throw refuse('A professional attendee is a userId (and no personId)');
        if (!(await this.repository.activeUser(attendee.userId))) throw refuse(`No active user ${attendee.userId}`);
        result.push({ kind: attendee.kind, personId: null, userId: attendee.userId });
        continue;
      }
      if (!attendee.personId || attendee.userId) throw refuse(`A ${attendee.kind} attendee is a personId (and no userId)`);
      const known = attendee.kind === 'network' ? people.network : people.members;
      if (!known.has(attendee.personId)) {
        throw refuse(
          attendee.kind === 'network'
            ? 'Not in the family network (POST /families/{id}/network first)'
            : 'Not a current member of the family',
        );
      }
      result.push({ kind: attendee.kind, personId: attendee.personId, userId: null });
    }
    return result;
  }

  private async findVisible(caller: AuthUser, id: string, lock = false): Promise<FgcRow> {
    const fgc = await this.repository.find(id, { lock });
    if (!fgc) throw new NotFoundException(`No Family Group Conference ${id}`);
    // The episode's access rule (404 when the caller may not see it).
    await this.episodes.findVisible(caller, fgc.episodeId);
    return fgc;
  }

  private async view(fgc: FgcRow): Promise<FgcView> {
    return { ...fgc, attendees: await this.repository.attendees(fgc.id), plan: await this.repository.plan(fgc.id) };
  }
}
