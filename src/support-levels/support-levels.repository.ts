import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../platform/database/database.service';
import type { SupportLevelView, VocabularyView } from './dto/support-level.dto';

const LEVEL_VIEW = `code, label, vocabulary, measure_group AS "measureGroup", rank, multi_agency AS "multiAgency"
  FROM support_levels`;
const VOCABULARY_VIEW = `code, label, to_char(in_use_from, 'YYYY-MM-DD') AS "inUseFrom" FROM support_level_vocabularies`;

/** The SQL behind support levels and the partnership's vocabularies. */
@Injectable()
export class SupportLevelsRepository {
  constructor(private readonly db: DatabaseService) {}

  levels(): Promise<SupportLevelView[]> {
    return this.db.query<SupportLevelView>(`SELECT ${LEVEL_VIEW} ORDER BY rank, code`);
  }

  async level(code: string): Promise<SupportLevelView | undefined> {
    const [row] = await this.db.query<SupportLevelView>(`SELECT ${LEVEL_VIEW} WHERE code = $1`, [code]);
    return row;
  }

  vocabularies(): Promise<VocabularyView[]> {
    return this.db.query<VocabularyView>(`SELECT ${VOCABULARY_VIEW} ORDER BY code`);
  }

  /** The date from which the partnership uses the Family Help names, if set. */
  async familyHelpFrom(): Promise<string | null> {
    const [row] = await this.db.query<{ from: string | null }>(
      `SELECT to_char(in_use_from, 'YYYY-MM-DD') AS "from" FROM support_level_vocabularies WHERE code = 'family_help'`,
    );
    return row?.from ?? null;
  }

  async relabel(code: string, label: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE support_levels SET label = $2, updated_at = now() WHERE code = $1 RETURNING code`,
      [code, label],
    );
    return rows.length > 0;
  }

  async setFamilyHelpFrom(inUseFrom: string | null): Promise<string | null> {
    const [row] = await this.db.query<{ previous: string | null }>(
      `UPDATE support_level_vocabularies v SET in_use_from = $1, updated_at = now()
         FROM (SELECT to_char(in_use_from, 'YYYY-MM-DD') AS previous FROM support_level_vocabularies
                WHERE code = 'family_help' FOR UPDATE) p
        WHERE v.code = 'family_help' RETURNING p.previous`,
      [inUseFrom],
    );
    return row?.previous ?? null;
  }
}
