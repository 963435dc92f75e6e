import { Injectable } from '@nestjs/common';
import { BankHolidaysService } from '../calendar/bank-holidays.service';
import { FamilyAccessService } from '../access/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import type { ApplyContext, LookupTable } from './import-kind';
import { ImportTablesRepository } from './import-tables.repository';

/** What record kinds may use while they are applied: reference data, counters, family involvements. */
@Injectable()
export class ImportContextFactory {
  constructor(
    private readonly db: DatabaseService,
    private readonly tables: ImportTablesRepository,
    private readonly access: FamilyAccessService,
    private readonly bankHolidays: BankHolidaysService,
  ) {}

  /** One an import: the lookups it caches last as long as the import. */
  create(importId: string): ApplyContext {
    const lookups = new Map<string, string | undefined>();
    let holidays: Promise<ReadonlySet<string>> | undefined;
    const context: ApplyContext = {
      db: this.db,
      importId,
      lookup: async (table: LookupTable, value: string) => {
        const key = `${table}\u0000${value.toLowerCase()}`;
        if (!lookups.has(key)) {
          lookups.set(key, await this.tables.lookup(table, value));
        }
        return lookups.get(key);
      },
      bankHolidays: () => (holidays ??= this.bankHolidays.holidaySet()),
      // Its own short transaction, not the batch's: batches of one kind apply side by side, and a
      // counter row locked to the end of each batch would queue them one behind the other.
      takeSequence: (counter: string, year: number, count: number) => this.tables.takeSequence(counter, year, count),
      involve: (involvements, options) => this.access.addInvolvements(involvements, { ...options, importId }),
      involveByEpisode: async (involvements) => {
        if (involvements.length === 0) return;
        const episodeIds = [...new Set(involvements.map((i) => i.episodeId))];
        const episodes = await this.tables.episodes(episodeIds);
        const episodeOf = new Map(episodes.map((row) => [row.id, row]));
        // Work on an episode ends with it at the latest, as closing one here ends it.
        await this.access.addInvolvements(
          involvements.map((involvement) => {
            const episode = episodeOf.get(involvement.episodeId)!;
            const closedOn = episode.closed_on;
            const until = involvement.until ? String(involvement.until).slice(0, 10) : null;
            const endsWithEpisode =
              involvement.basis !== 'recorder' && closedOn !== null && (until === null || closedOn < until);
            return {
              ...involvement,
              familyId: episode.family_id,
              until: endsWithEpisode ? closedOn : (involvement.until ?? null),
              endReason: endsWithEpisode ? 'episode_closed' : (involvement.endReason ?? null),
            };
          }),
          { importId },
        );
      },
    };
    return context;
  }
}
