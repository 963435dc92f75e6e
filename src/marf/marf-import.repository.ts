import type { DatabaseService } from '../platform/database/database.service';

/** The SQL of the MARF import kinds (`marf.import.ts`), on the import's connection. */
export class MarfImportRepository {
  constructor(private readonly db: DatabaseService) {}

  async insertChildren(marfs: readonly { marf_id: string; person_ids: unknown }[]): Promise<void> {
    await this.db.query(
      `INSERT INTO marf_children (marf_id, person_id)
       SELECT marf_id, unnest(person_ids) FROM jsonb_to_recordset($1::jsonb) AS x(marf_id uuid, person_ids uuid[])`,
      [JSON.stringify(marfs)],
    );
  }

  async markDecided(marfIds: readonly unknown[]): Promise<void> {
    await this.db.query(`UPDATE marfs SET status = 'decided' WHERE id = ANY($1::uuid[])`, [marfIds]);
  }
}
