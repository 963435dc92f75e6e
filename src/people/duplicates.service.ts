import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { FamilyAccessService } from '../access/family-access.service';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, MAX_PAGE_SIZE, toPage } from '../platform/pagination/pagination';
import { RecordWriter } from '../platform/database/record-writer';
import { JobRegistry } from '../platform/queue/job-registry';
import { JobScheduler } from '../platform/queue/job-scheduler';
import type {
  DuplicatePersonView,
  PossibleDuplicateList,
  PossibleDuplicateView,
  WorklistPage,
} from './dto/duplicates.dto';
import type { WorklistQuery } from './dto/duplicates.dto';
import { type MatchRecord, type MatchScore, maxScoreWithDatesApart, scorePair } from './duplicate-rules';
import { DuplicatesRepository, type WorklistPair } from './duplicates.repository';
import { Person } from './person.entity';
import { PersonMergesService } from './person-merges.service';
import { postcodeDistrict } from './person-rules';

export const ASK_THE_MASH =
  'A likely match exists among people your organisation cannot see: ask the MASH to check before recording or linking';

export interface WorklistRefresh {
  persons: number;
  candidatePairs: number;
  pairs: number;
  milliseconds: number;
}

const RECORDS_BATCH = 10_000;

/** The nightly job that rebuilds the partnership's duplicate worklist (03:00 London, after the 02:00 jobs). */
export const DUPLICATES_REFRESH_JOB = 'people.duplicates-refresh';
const REFRESH_HOUR = 3;

function summary(record: MatchRecord): DuplicatePersonView {
  return {
    personId: record.id,
    firstName: record.firstName,
    lastName: record.lastName,
    dateOfBirth: record.dateOfBirth,
    expectedDateOfBirth: record.expectedDateOfBirth,
    postcodeDistrict: postcodeDistrict(record.postcode),
  };
}

/**
 * Possible duplicate people: candidates from the indexed blocking keys, scored with their evidence
 * (duplicate-rules.ts); the thresholds are settings. A caller sees only the candidates it may see
 * (FamilyAccessService); of the others only that one exists and to ask the MASH.
 */
@Injectable()
export class DuplicatesService implements OnModuleInit {
  private readonly logger = new Logger('DuplicatesService');

  constructor(
    private readonly db: DatabaseService,
    private readonly duplicates: DuplicatesRepository,
    private readonly records: RecordWriter,
    private readonly access: FamilyAccessService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly jobs: JobRegistry,
    private readonly scheduler: JobScheduler,
    private readonly merges: PersonMergesService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DUPLICATES_REFRESH_JOB, () => this.refreshWorklist().then(() => undefined));
    this.scheduler.daily(DUPLICATES_REFRESH_JOB, REFRESH_HOUR);
  }

  /** The MASH and data-quality officers see every person for matching (as do those reading every family). */
  seesEveryone(caller: AuthUser): boolean {
    return this.policy.hasAnyRole(caller, 'mash', 'data_quality') || this.policy.readsEveryFamily(caller);
  }

  /** Scored candidates of a record (stored or about to be), at or above the match threshold, best first. */
  async scoredCandidates(
    subject: MatchRecord,
    candidateIds: readonly string[],
  ): Promise<{ record: MatchRecord; match: MatchScore }[]> {
    const others = await this.duplicates.records(candidateIds.filter((id) => id !== subject.id));
    return others
      .map((record) => ({ record, match: scorePair(subject, record) }))
      .filter(({ match }) => match.score >= this.config.duplicateMatchThreshold)
      .sort((a, b) => b.match.score - a.match.score || a.record.id.localeCompare(b.record.id));
  }

  /** The candidates as the caller may see them: visible ones in full, of the rest only that they exist. */
  async visibleList(
    caller: AuthUser,
    scored: { record: MatchRecord; match: MatchScore }[],
  ): Promise<PossibleDuplicateList> {
    const ids = scored.map(({ record }) => record.id);
    const visible = this.seesEveryone(caller)
      ? new Set(ids)
      : await this.duplicates.visibleAmong(ids, this.access.visiblePersonCondition(caller, 'p.id', 2));
    const items: PossibleDuplicateView[] = scored
      .filter(({ record }) => visible.has(record.id))
      .map(({ record, match }) => ({
        ...summary(record),
        score: match.score,
        certain: match.certain,
        likely: match.score >= this.config.duplicateCertainThreshold,
        reasons: match.evidence.filter((item) => item.weight > 0).map((item) => item.text),
        evidence: match.evidence,
      }));
    const hiddenMatchExists = items.length < scored.length;
    return { items, hiddenMatchExists, advice: hiddenMatchExists ? ASK_THE_MASH : null };
  }

  /**
   * The possible duplicates of a person just written (in the caller's transaction), as the caller
   * may see them, and whether any is almost certainly the same person.
   */
  async atEntry(caller: AuthUser, personId: string): Promise<{ list: PossibleDuplicateList; likelyIds: string[] }> {
    const [subject] = await this.duplicates.records([personId]);
    const scored = await this.scoredCandidates(
      subject!,
      await this.duplicates.candidateIds(personId, this.relatedDatesOnly()),
    );
    const likelyIds = scored
      .filter(({ match }) => match.score >= this.config.duplicateCertainThreshold)
      .map(({ record }) => record.id);
    return { list: await this.visibleList(caller, scored), likelyIds };
  }

  async recordNotDuplicate(caller: AuthUser, personId: string, otherIds: readonly string[], reason: string) {
    await this.duplicates.recordNotDuplicate(personId, otherIds, reason, caller.id, this.clock.now());
  }

  async forPerson(caller: AuthUser, personId: string): Promise<PossibleDuplicateList> {
    await this.merges.assertNotMerged(caller, personId);
    if (this.seesEveryone(caller)) await this.records.findOrFail(Person, personId, 'person');
    else await this.access.assertCanReadPerson(caller, personId);
    const [subject] = await this.duplicates.records([personId]);
    const scored = await this.scoredCandidates(
      subject!,
      await this.duplicates.candidateIds(personId, this.relatedDatesOnly()),
    );
    const list = await this.visibleList(caller, scored);
    await this.audit.readItems(list.items, {
      entityType: 'person',
      entityId: personId,
      view: 'possible-duplicates',
      idOf: (item) => item.personId,
      details: { hidden: scored.length - list.items.length },
    });
    return list;
  }

  /** The partnership's worklist as the last refresh left it, highest score first. */
  async worklist(query: WorklistQuery): Promise<WorklistPage> {
    const limit = Math.min(query.limit ?? 50, MAX_PAGE_SIZE);
    const after = decodeCursor(query.cursor, 3);
    const rows = await this.duplicates.worklist(
      query.minScore ?? this.config.duplicateMatchThreshold,
      limit,
      after,
      query.personId ?? null,
    );
    const page = toPage(rows, limit, (row) => [row.score, row.personId, row.otherPersonId]);
    const people = new Map(
      (await this.duplicates.records(page.items.flatMap((row) => [row.personId, row.otherPersonId]))).map((record) => [
        record.id,
        record,
      ]),
    );
    const items = page.items.map((row) => ({
      person: summary(people.get(row.personId)!),
      otherPerson: summary(people.get(row.otherPersonId)!),
      score: row.score,
      certain: row.certain,
      reasons: row.reasons.filter((item) => item.weight > 0).map((item) => item.text),
      evidence: row.reasons,
      refreshedAt: row.refreshedAt,
    }));
    const ids = items.flatMap((item) => [item.person.personId, item.otherPerson.personId]);
    await this.audit.record({
      action: 'read',
      entityType: 'person',
      entityId: query.personId ?? null,
      details: { view: 'duplicates-worklist', count: ids.length, ids },
    });
    return { items, nextCursor: page.nextCursor };
  }

  /** Whether only pairs whose dates of birth relate can reach the match threshold (so only they are scored). */
  relatedDatesOnly(): boolean {
    return this.config.duplicateMatchThreshold > maxScoreWithDatesApart();
  }

  /**
   * Rebuilds the worklist for the whole partnership: every candidate pair from the blocking keys in
   * one SQL statement (each pair once, lower id first), the people read in batches and each pair
   * scored by the same rules as a single lookup, the pairs at or above the threshold written in bulk
   * in one transaction.
   */
  async refreshWorklist(): Promise<WorklistRefresh> {
    const started = Date.now();
    const pairs = await this.duplicates.candidatePairs(this.relatedDatesOnly());
    const ids = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
    const records = new Map<string, MatchRecord>();
    for (let i = 0; i < ids.length; i += RECORDS_BATCH) {
      for (const record of await this.duplicates.records(ids.slice(i, i + RECORDS_BATCH)))
        records.set(record.id, record);
    }
    const found: WorklistPair[] = [];
    for (const { a, b } of pairs) {
      const match = scorePair(records.get(a)!, records.get(b)!);
      if (match.score >= this.config.duplicateMatchThreshold) {
        found.push({
          personId: a,
          otherPersonId: b,
          score: match.score,
          certain: match.certain,
          reasons: match.evidence,
        });
      }
    }
    await this.db.transaction(() => this.duplicates.replaceWorklist(found, this.clock.now()));
    const persons = await this.duplicates.countPeople();
    const result = { persons, candidatePairs: pairs.length, pairs: found.length, milliseconds: Date.now() - started };
    this.logger.log(`duplicate worklist refreshed: ${JSON.stringify(result)}`);
    return result;
  }
}
