import { Injectable, NotFoundException } from '@nestjs/common';
import { FamilyAccessService } from '../access/family-access.service';
import { AppConfig } from '../config/config';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DatabaseService } from '../platform/database/database.service';
import { RecordWriter } from '../platform/database/record-writer';
import type { ProblemException } from '../platform/problem/problem';
import { fieldProblem, problemOf } from '../platform/problem/problem-type';
import type { MergePersonDto, PersonMergeView, PersonUnmergeView, UnmergePersonDto } from './dto/person-merge.dto';
import { PERSON_MERGE_PROBLEMS, PERSON_PROBLEMS } from './people.problems';
import { resolveMergeFields, undoPatch, withinUnmergePeriod, type PersonValues } from './person-merge-rules';
import {
  PersonMergesRepository,
  type ArrayRows,
  type MergeRecordRow,
  type MovedRows,
  type RemovedRows,
} from './person-merges.repository';
import { PERSON_REFERENCES, type PersonReference } from './person-references';
import { Person } from './person.entity';

/** What the merge record keeps of the demographics: each field's choice, the patch and the values it replaced. */
interface FieldChoicesRecord {
  choices: ReturnType<typeof resolveMergeFields>['choices'];
  patch: PersonValues;
  before: PersonValues;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function counts(moved: MovedRows[], arrays: ArrayRows[]) {
  return [
    ...moved.map((entry) => ({ table: entry.table, column: entry.column, rows: entry.keys.length })),
    ...arrays.map((entry) => ({ table: entry.table, column: entry.column, rows: entry.rows.length })),
  ].filter((entry) => entry.rows > 0);
}

function findReference(table: string, column: string): PersonReference {
  const reference = PERSON_REFERENCES.find((entry) => entry.table === table && entry.column === column);
  if (!reference) throw new Error(`The merge record names ${table}.${column}, which is not a person reference`);
  return reference;
}

/**
 * Merging two records of the same person into one, and undoing it. Every reference of the
 * merged-away person (the catalogue in person-references.ts) moves to the kept person in one
 * transaction, and the merge record keeps exactly which rows moved, so an unmerge within
 * PERSON_UNMERGE_DAYS restores both people. The merged-away id keeps resolving: reads of it answer
 * 308 with the kept person's Location (PeopleService). Audited with both ids.
 */
@Injectable()
export class PersonMergesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly merges: PersonMergesRepository,
    private readonly records: RecordWriter,
    private readonly access: FamilyAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * 308 to the kept person when `id` was merged away and the caller sees the kept person (404 as
   * if absent otherwise); nothing when the person is not merged away.
   */
  async assertNotMerged(caller: AuthUser, id: string): Promise<void> {
    const into = await this.merges.mergedInto(id);
    if (!into) return;
    await this.access.assertCanReadPerson(caller, into);
    throw this.redirect(id, into);
  }

  private redirect(id: string, into: string): ProblemException {
    const problem = problemOf(
      PERSON_MERGE_PROBLEMS.personMerged,
      `This person was merged into ${into}: their record is at the Location given`,
      { mergedPersonId: id, keptPersonId: into },
    );
    // Not cached: an unmerge (within PERSON_UNMERGE_DAYS) makes the merged-away id answer again.
    Object.assign(problem.headers, { Location: `/people/${into}`, 'Cache-Control': 'no-store' });
    return problem;
  }

  merge(caller: AuthUser, mergedId: string, dto: MergePersonDto): Promise<PersonMergeView> {
    if (mergedId === dto.intoPersonId) {
      throw fieldProblem(
        PERSON_MERGE_PROBLEMS.mergeSamePerson,
        'intoPersonId',
        'a person cannot be merged into themselves',
      );
    }
    return this.db.transaction(async () => {
      const states = await this.merges.lock([mergedId, dto.intoPersonId]);
      const mergedState = states.find((state) => state.id === mergedId);
      const keptState = states.find((state) => state.id === dto.intoPersonId);
      if (!mergedState) throw new NotFoundException(`No person with id ${mergedId}`);
      if (mergedState.mergedIntoPersonId) {
        throw problemOf(
          PERSON_MERGE_PROBLEMS.alreadyMerged,
          `This person was already merged into ${mergedState.mergedIntoPersonId}`,
          { keptPersonId: mergedState.mergedIntoPersonId },
        );
      }
      if (!keptState) {
        throw fieldProblem(PERSON_PROBLEMS.unknownPerson, 'intoPersonId', `No person with id ${dto.intoPersonId}`);
      }
      if (keptState.mergedIntoPersonId) {
        throw fieldProblem(
          PERSON_MERGE_PROBLEMS.alreadyMerged,
          'intoPersonId',
          `that person was merged into ${keptState.mergedIntoPersonId}: merge into them instead`,
          { keptPersonId: keptState.mergedIntoPersonId },
        );
      }
      const kept = await this.records.findOrFail(Person, dto.intoPersonId, 'person');
      const merged = await this.records.findOrFail(Person, mergedId, 'person');
      const before = { ...kept } as unknown as PersonValues;
      const { choices, patch } = resolveMergeFields(before, { ...merged } as unknown as PersonValues, {
        ...dto.fieldChoices,
      });
      const now = this.clock.now();

      const moved: MovedRows[] = [];
      const arrays: ArrayRows[] = [];
      const removed: RemovedRows[] = [];
      for (const reference of PERSON_REFERENCES) {
        const { table, column } = reference;
        if (reference.action === 'move') {
          if (reference.sameAs) {
            const rows = await this.merges.removeClashing(reference, mergedId, dto.intoPersonId);
            if (rows.length > 0) removed.push({ table, rows });
          }
          moved.push({ table, column, keys: await this.merges.move(reference, mergedId, dto.intoPersonId) });
        } else if (reference.action === 'array') {
          arrays.push({ table, column, rows: await this.merges.moveInArray(reference, mergedId, dto.intoPersonId) });
        } else if (reference.action === 'drop') {
          const rows = await this.merges.drop(reference, mergedId);
          if (rows.length > 0) removed.push({ table, rows });
        }
      }
      // Marked merged before the kept record takes the other's NHS number (unique among people not merged away).
      await this.merges.markMerged(mergedId, dto.intoPersonId, now);
      if (Object.keys(patch).length > 0) {
        await this.records.update(Person, 'person', kept.id, kept.version, patch as Partial<Person>);
      }
      const fieldChoices: FieldChoicesRecord = { choices, patch, before: undoPatch(before, patch) };
      const movedRecord = {
        moved: moved.filter((entry) => entry.keys.length > 0),
        arrays: arrays.filter((a) => a.rows.length > 0),
      };
      const id = await this.merges.insertMerge({
        mergedPersonId: mergedId,
        keptPersonId: dto.intoPersonId,
        reason: dto.reason,
        fieldChoices,
        moved: movedRecord,
        removed,
        mergedAt: now,
        userId: caller.id,
        organisationId: caller.organisationId,
      });
      const details = { mergeId: id, mergedPersonId: mergedId, keptPersonId: dto.intoPersonId };
      await this.audit.record({ action: 'merge', entityType: 'person', entityId: dto.intoPersonId, details });
      await this.audit.record({ action: 'merged_away', entityType: 'person', entityId: mergedId, details });
      return {
        id,
        mergedPersonId: mergedId,
        keptPersonId: dto.intoPersonId,
        mergedAt: now,
        unmergeableUntil: new Date(now.getTime() + this.config.personUnmergeDays * DAY_MS),
        fieldChoices: choices,
        moved: counts(movedRecord.moved, movedRecord.arrays),
        removed: removed.map((entry) => ({ table: entry.table, column: '*', rows: entry.rows.length })),
      };
    });
  }

  /**
   * Undoes the person's latest merge: rows that moved and still point at the kept person move
   * back, rows the merge removed are put back whole, the kept person's demographics the merge
   * changed return to their earlier values, and the person answers again under their own id.
   */
  unmerge(caller: AuthUser, mergedId: string, dto: UnmergePersonDto): Promise<PersonUnmergeView> {
    return this.db.transaction(async () => {
      const record = await this.merges.latestMerge(mergedId);
      if (!record) {
        const exists = (await this.merges.lock([mergedId])).length > 0;
        if (!exists) throw new NotFoundException(`No person with id ${mergedId}`);
        throw problemOf(PERSON_MERGE_PROBLEMS.notMerged, 'This person is not merged into anyone: nothing to undo');
      }
      const states = await this.merges.lock([record.mergedPersonId, record.keptPersonId]);
      const keptState = states.find((state) => state.id === record.keptPersonId);
      if (keptState?.mergedIntoPersonId) {
        throw problemOf(
          PERSON_MERGE_PROBLEMS.keptPersonMergedSince,
          `The kept person was since merged into ${keptState.mergedIntoPersonId}: unmerge them first`,
          { keptPersonId: keptState.mergedIntoPersonId },
        );
      }
      const now = this.clock.now();
      if (!withinUnmergePeriod(new Date(record.mergedAt), now, this.config.personUnmergeDays)) {
        throw problemOf(
          PERSON_MERGE_PROBLEMS.unmergePeriodOver,
          `A merge may be undone within ${this.config.personUnmergeDays} days (PERSON_UNMERGE_DAYS); this one was on ` +
            new Date(record.mergedAt).toISOString(),
        );
      }
      const { movedBack, restored } = await this.restore(record);
      const choices = record.fieldChoices as FieldChoicesRecord;
      if (Object.keys(choices.patch).length > 0) {
        const kept = await this.records.findOrFail(Person, record.keptPersonId, 'person');
        await this.records.update(Person, 'person', kept.id, kept.version, choices.before as Partial<Person>);
      }
      await this.merges.clearMerged(record.mergedPersonId);
      await this.merges.markUnmerged(record.id, caller.id, dto.reason, now);
      const details = { mergeId: record.id, mergedPersonId: record.mergedPersonId, keptPersonId: record.keptPersonId };
      await this.audit.record({ action: 'unmerge', entityType: 'person', entityId: record.keptPersonId, details });
      await this.audit.record({ action: 'unmerged', entityType: 'person', entityId: record.mergedPersonId, details });
      return {
        mergeId: record.id,
        mergedPersonId: record.mergedPersonId,
        keptPersonId: record.keptPersonId,
        unmergedAt: now,
        movedBack,
        restored,
      };
    });
  }

  private async restore(record: MergeRecordRow): Promise<{ movedBack: number; restored: number }> {
    let movedBack = 0;
    let restored = 0;
    for (const entry of record.moved.moved) {
      const reference = findReference(entry.table, entry.column);
      movedBack += await this.merges.moveBack(reference, entry.keys, record.mergedPersonId, record.keptPersonId);
    }
    for (const entry of record.moved.arrays) {
      const reference = findReference(entry.table, entry.column);
      await this.merges.restoreArrays(reference, entry.rows, record.mergedPersonId, record.keptPersonId);
      movedBack += entry.rows.length;
    }
    for (const entry of record.removed) {
      await this.merges.restoreRows(entry.table, entry.rows);
      restored += entry.rows.length;
    }
    return { movedBack, restored };
  }
}
