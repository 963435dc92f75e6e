import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { chromium } from 'playwright-core';
import { AppConfig } from '../../config/config';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DatabaseService } from '../../platform/database/database.service';
import { OutboxService } from '../../platform/queue/outbox.service';
import { fieldProblem } from '../../platform/problem/problem-type';
import { DASHBOARD_PROBLEMS } from '../measures.problems';
import { periodContaining, periodFromKey } from '../periods';
import { renderBoardPack, type PackMeasure } from './board-pack.view';
import { DashboardDataService } from './dashboard-data.service';
import { MeasureTargetsService } from './targets.service';

export const BOARD_PACK_JOB = 'dashboard.board-pack';

/** Chromium's flags for a closed network, as root, with nothing kept between runs. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BoardPackView {
  id: string;
  periodKey: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  done: number;
  total: number;
  step: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  bytes: number | null;
}

/**
 * Board packs: every measure for a chosen month, with charts, tables and commentary, printed to
 * PDF by Chromium (playwright-core, CHROMIUM_PATH) in a queued job whose progress is measures
 * gathered out of all, then printing. The PDF is stored with the request and downloaded from it.
 */
@Injectable()
export class BoardPackService {
  private readonly logger = new Logger('BoardPack');

  constructor(
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly data: DashboardDataService,
    private readonly targets: MeasureTargetsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async request(user: AuthUser, periodKey: string): Promise<string> {
    const month = periodFromKey('month', periodKey);
    if (!month) throw fieldProblem(DASHBOARD_PROBLEMS.notAMonth, 'period', `${periodKey} is not a month (YYYY-MM)`);
    if (month.start > this.clock.today()) {
      throw fieldProblem(DASHBOARD_PROBLEMS.futurePeriod, 'period', `${periodKey} has not started yet`);
    }
    return this.db.transaction(async () => {
      const [row] = await this.db.query<{ id: string }>(
        `INSERT INTO board_packs (period_key, requested_by_user_id, total) VALUES ($1, $2, $3) RETURNING id`,
        [month.key, user.id, this.data.measures().length + 1],
      );
      await this.outbox.enqueue(BOARD_PACK_JOB, { id: row!.id });
      await this.audit.record({
        action: 'create',
        entityType: 'board_pack',
        entityId: row!.id,
        details: { periodKey: month.key },
      });
      return row!.id;
    });
  }

  async get(id: string): Promise<BoardPackView> {
    const [row] = await this.db.query<{
      id: string;
      period_key: string;
      status: BoardPackView['status'];
      done: number;
      total: number;
      step: string | null;
      error: string | null;
      created_at: Date;
      finished_at: Date | null;
      bytes: number | null;
    }>(
      `SELECT id, period_key, status, done, total, step, error, created_at, finished_at, octet_length(pdf) AS bytes
         FROM board_packs WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`No board pack with id ${id}`);
    return {
      id: row.id,
      periodKey: row.period_key,
      status: row.status,
      done: row.done,
      total: row.total,
      step: row.step,
      error: row.error,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
      bytes: row.bytes,
    };
  }

  async recent(): Promise<BoardPackView[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM board_packs ORDER BY created_at DESC LIMIT 10`);
    return Promise.all(rows.map((row) => this.get(row.id)));
  }

  async pdf(id: string): Promise<{ periodKey: string; pdf: Buffer }> {
    const [row] = await this.db.query<{ period_key: string; pdf: Buffer | null }>(
      `SELECT period_key, pdf FROM board_packs WHERE id = $1 AND status = 'completed'`,
      [id],
    );
    if (!row?.pdf) throw new NotFoundException(`Board pack ${id} is not ready`);
    await this.audit.record({ action: 'export', entityType: 'board_pack', entityId: id });
    return { periodKey: row.period_key, pdf: row.pdf };
  }

  /** The job: gather every measure for the month, then print. A redelivered finished job does nothing. */
  async generate(id: string): Promise<void> {
    const [pack] = await this.db.query<{ period_key: string }>(
      `UPDATE board_packs SET status = 'running', done = 0, step = 'gathering the measures', error = NULL
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING period_key`,
      [id],
    );
    if (!pack) return;
    try {
      const month = periodFromKey('month', pack.period_key)!;
      const html = await this.html(id, month.key, month.end);
      await this.progress(id, 'printing to PDF');
      const pdf = await this.print(html);
      await this.db.query(
        `UPDATE board_packs SET status = 'completed', pdf = $2, done = total, step = NULL, finished_at = now() WHERE id = $1`,
        [id, pdf],
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ id, error: message }, 'board pack failed');
      await this.db.query(
        `UPDATE board_packs SET status = 'failed', error = $2, step = NULL, finished_at = now() WHERE id = $1`,
        [id, message.slice(0, 1000)],
      );
    }
  }

  private async progress(id: string, step: string, advance = 1): Promise<void> {
    await this.db.query(`UPDATE board_packs SET done = least(done + $3, total), step = $2 WHERE id = $1`, [
      id,
      step,
      advance,
    ]);
  }

  /** The pack's HTML (also what the tests read): tiles as of the month's end, each measure's breakdowns. */
  async html(id: string | undefined, periodKey: string, asOf: string): Promise<string> {
    const tiles = await this.targets.decorate(await this.data.tiles({ asOf }));
    const measures: PackMeasure[] = [];
    for (const tile of tiles) {
      const measure = this.data.measure(tile.key);
      const breakdowns: PackMeasure['breakdowns'] = [];
      if (tile.headline) {
        const period = periodContaining(tile.periodKind, tile.headline.periodStart);
        for (const by of tile.drillDowns) {
          breakdowns.push({ by, rows: await this.data.breakdownRows(measure, period, by) });
        }
      }
      measures.push({ tile, breakdowns });
      if (id) await this.progress(id, `gathered ${tile.title}`);
    }
    return renderBoardPack(periodKey, measures, {
      computedAt: await this.data.computedAt(),
      generatedAt: this.clock.now(),
    });
  }

  /** Chromium's print-to-PDF of the page: A4, backgrounds printed, page numbers in the footer. */
  async print(html: string): Promise<Buffer> {
    if (!existsSync(this.config.chromiumPath)) {
      throw new Error(
        `Chromium is not installed at ${this.config.chromiumPath} (CHROMIUM_PATH): apt-get install chromium`,
      );
    }
    const profile = mkdtempSync(join(tmpdir(), 'eh-board-pack-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: this.config.chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:8pt;width:100%;text-align:center;color:#505a5f">Early Help partnership board pack · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
}
