import { Injectable } from '@nestjs/common';
import { BankHolidaysService } from '../calendar/bank-holidays.service';
import { FamilyAccessService } from '../families/family-access.service';
import { DatabaseService } from '../platform/database/database.service';
import type { ApplyContext, LookupTable } from './import-kind';

/** What record kinds may use while they are applied: reference data, counters, family involvements. */
@Injectable()
export class ImportContextFactory {
  constructor(
    private readonly db: DatabaseService,
    private readonly access: FamilyAccessService,
    private readonly bankHolidays: BankHolidaysService,
  ) {}

  /** One an import: the lookups it caches last as long as the import. */
  create(): ApplyContext {
    const lookups = new Map<string, string | undefined>();
    let holidays: Promise<ReadonlySet<string>> | undefined;
    const context: ApplyContext = {
      db: this.db,
      lookup: async (table: LookupTable, value: string) => {
        const key = `${table}\u0000${value.toLowerCase()}`;
        if (!lookups.has(key)) {
          const sql =
            table === 'localities'
              ? `SELECT id::text AS found FROM localities WHERE lower(name) = lower($1)`
              : `SELECT code AS found FROM support_levels WHERE code = $1`;
          const [row] = await this.db.query<{ found: string }>(sql, [value]);
          lookups.set(key, row?.found);
        }
        return lookups.get(key);
      },
      bankHolidays: () => (holidays ??= this.bankHolidays.holidaySet()),
      // Its own short transaction, not the batch's: batches of one kind apply side by side, and a
      // counter row locked to the end of each batch would queue them one behind the other.
      takeSequence: async (counter: string, year: number, count: number) => {
        const [row] = await this.db.dataSource.query<{ last_value: number }[]>(
          `INSERT INTO reference_counters (kind, year, last_value) VALUES ($1, $2, $3)
           ON CONFLICT (kind, year) DO UPDATE SET last_value = reference_counters.last_value + $3
           RETURNING last_value`,
          [counter, year, count],
        );
        return row!.last_value;
      },
      involve: (involvements) => this.access.addInvolvements(involvements),
      involveByEpisode: async (involvements) => {
        if (involvements.length === 0) return;
        const episodeIds = [...new Set(involvements.map((i) => i.episodeId))];
        const episodes = await this.db.query<{ id: string; family_id: string; closed_on: string | null }>(
          `SELECT id, family_id, closed_on::text FROM episodes WHERE id = ANY($1::uuid[])`,
          [episodeIds],
        );
        const episodeOf = new Map(episodes.map((row) => [row.id, row]));
        // Work on an episode ends with it at the latest, as closing one here ends it.
        await this.access.addInvolvements(
          involvements.map((involvement) => {
            const episode = episodeOf.get(involvement.episodeId)!;
            const closedOn = episode.closed_on;
            const until = involvement.until ? String(involvement.until).slice(0, 10) : null;
            const endsWithEpisode = closedOn !== null && (until === null || closedOn < until);
            return {
              ...involvement,
              familyId: episode.family_id,
              until: endsWithEpisode ? closedOn : (involvement.until ?? null),
              endReason: endsWithEpisode ? 'episode_closed' : (involvement.endReason ?? null),
            };
          }),
        );
      },
    };
    return context;
  }
}
