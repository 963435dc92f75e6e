import { Module, OnModuleInit } from '@nestjs/common';
import { addDays, londonDate } from '../calendar/working-days';
import { JobRegistry } from '../platform/queue/job-registry';
import { JobScheduler } from '../platform/queue/job-scheduler';
import { provideRegistrations } from '../platform/registrations/registrations';
import { DashboardDataService } from './dashboard/dashboard-data.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { MeasureTargetsController } from './dashboard/targets.controller';
import { DashboardOidc } from './dashboard/oidc.service';
import { BoardPackController } from './dashboard/board-pack.controller';
import { BOARD_PACK_JOB, BoardPackService } from './dashboard/board-pack.service';
import { DashboardSignInController } from './dashboard/sign-in.controller';
import { MeasureTargetsService } from './dashboard/targets.service';
import { MeasureRegistry } from './measure-registry';
import { MeasureRunner } from './measure-runner';
import { MeasuresController } from './measures.controller';
import { MEASURES_REGISTRATIONS } from './measures.registrations';
import { MEASURE_RUN_JOB, MeasuresService } from './measures.service';
import { PERIOD_KINDS, periodContaining } from './periods';

export const NIGHTLY_MEASURES_JOB = 'measures.nightly';
const NIGHTLY_HOUR = 2;

/** The current and previous month, quarter, financial year and year, as one date range. */
export function nightlyRange(today: string): { from: string; to: string } {
  const starts = PERIOD_KINDS.map(
    (kind) => periodContaining(kind, addDays(periodContaining(kind, today).start, -1)).start,
  );
  return { from: starts.sort()[0]!, to: today };
}

@Module({
  controllers: [
    MeasuresController,
    MeasureTargetsController,
    DashboardController,
    DashboardSignInController,
    BoardPackController,
  ],
  providers: [
    MeasureRegistry,
    MeasureRunner,
    MeasuresService,
    DashboardDataService,
    MeasureTargetsService,
    DashboardOidc,
    BoardPackService,
    provideRegistrations(MEASURES_REGISTRATIONS),
  ],
  exports: [MeasureRegistry, MeasuresService],
})
export class MeasuresModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly scheduler: JobScheduler,
    private readonly runner: MeasureRunner,
    private readonly measures: MeasuresService,
    private readonly boardPacks: BoardPackService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(MEASURE_RUN_JOB, (payload) => this.runner.run(String(payload.runId)));
    this.jobs.register(NIGHTLY_MEASURES_JOB, async () => {
      await this.measures.requestRun(nightlyRange(londonDate(new Date())), 'nightly');
    });
    this.scheduler.daily(NIGHTLY_MEASURES_JOB, NIGHTLY_HOUR);
    this.jobs.register(BOARD_PACK_JOB, (payload) => this.boardPacks.generate(String(payload.id)));
  }
}
