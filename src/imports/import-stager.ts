import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { PoolClient } from 'pg';
import type { Writable } from 'node:stream';
import { DatabaseService } from '../platform/database/database.service';
import { isRejected, parseLine, RejectedLine } from './import-line';
import { ImportKinds } from './import-kinds';
import { readLines } from './line-reader';
import { ImportsRepository } from './imports.repository';

export interface StageProgress {
  linesRead: number;
  staged: number;
  errors: number;
}

const ERROR_FLUSH = 500;
const PROGRESS_EVERY = 20_000;
const COPY_CHUNK_CHARS = 256 * 1024;

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * Reads an import file line by line, validates each line on its own and streams the valid ones
 * into `import_rows` with COPY (one statement, so a failed upload stages nothing). Rejected lines
 * go to `import_errors` with their line numbers. Memory stays flat whatever the file's size.
 */
@Injectable()
export class ImportStager {
  constructor(
    private readonly db: DatabaseService,
    private readonly imports: ImportsRepository,
    private readonly kinds: ImportKinds,
  ) {}

  async stage(
    importId: string,
    source: AsyncIterable<Buffer | string>,
    onProgress?: (progress: StageProgress) => void,
  ): Promise<StageProgress & { kinds: Record<string, number> }> {
    const pool = this.db.pool;
    const client: PoolClient = await pool.connect();
    const progress: StageProgress = { linesRead: 0, staged: 0, errors: 0 };
    const kinds: Record<string, number> = {};
    let rejected: (RejectedLine & { line: number })[] = [];
    const flushErrors = async () => {
      if (rejected.length === 0) return;
      const batch = rejected;
      rejected = [];
      await this.imports.insertLineErrors(importId, batch);
    };
    let failed = false;
    try {
      const copy: Writable = this.imports.copyStagedRows(client);
      const copyDone = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      copyDone.catch(() => undefined); // observed below; avoids an unhandled rejection while writing
      // Rows go to COPY in chunks of about 256 KB: a write a row would wait on the socket thousands of times.
      let pending: string[] = [];
      let pendingChars = 0;
      const send = async () => {
        if (pending.length === 0) return;
        const chunk = pending.join('');
        pending = [];
        pendingChars = 0;
        if (!copy.write(chunk)) await Promise.race([once(copy, 'drain'), copyDone]);
      };
      for await (const line of readLines(source)) {
        progress.linesRead = line.number;
        const parsed =
          'error' in line
            ? { kind: null, legacyId: null, message: line.error }
            : line.text.trim() === ''
              ? null
              : parseLine(line.text, this.kinds);
        if (parsed && isRejected(parsed)) {
          rejected.push({ ...parsed, line: line.number });
          progress.errors++;
          if (rejected.length >= ERROR_FLUSH) await flushErrors();
        } else if (parsed) {
          progress.staged++;
          kinds[parsed.kind] = (kinds[parsed.kind] ?? 0) + 1;
          pending.push(
            `${importId}\t${line.number}\t${copyText(parsed.kind)}\t${copyText(parsed.legacyId)}\t${copyText(JSON.stringify(parsed.payload))}\n`,
          );
          pendingChars += pending[pending.length - 1]!.length;
          if (pendingChars >= COPY_CHUNK_CHARS) await send();
        }
        if (line.number % PROGRESS_EVERY === 0) {
          onProgress?.(progress);
          await this.imports.setLinesRead(importId, progress.linesRead);
        }
      }
      await send();
      copy.end();
      await copyDone;
      await flushErrors();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      client.release(failed ? true : undefined);
    }
    onProgress?.(progress);
    return { ...progress, kinds };
  }
}
