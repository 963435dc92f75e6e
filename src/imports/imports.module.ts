import { Module, OnModuleInit } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { FamiliesModule } from '../families/families.module';
import { JobRegistry } from '../platform/queue/job-registry';
import { ImportApplier } from './import-applier';
import { ImportContextFactory } from './import-context';
import { ImportStager } from './import-stager';
import { ImportTablesRepository } from './import-tables.repository';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { IMPORT_APPLY_JOB, ImportsService } from './imports.service';

@Module({
  imports: [CalendarModule, FamiliesModule],
  controllers: [ImportsController],
  providers: [
    ImportsRepository,
    ImportTablesRepository,
    ImportStager,
    ImportContextFactory,
    ImportApplier,
    ImportsService,
  ],
  exports: [ImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly imports: ImportsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(IMPORT_APPLY_JOB, (payload) => this.imports.apply(String(payload.importId)));
  }
}
