import { Module, OnModuleInit } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { FamilyAccessModule } from '../access/family-access.module';
import { JobRegistry } from '../platform/queue/job-registry';
import { provideRegistrations, RegistrationsCollector } from '../platform/registrations/registrations';
import { ImportApplier } from './import-applier';
import { ImportContextFactory } from './import-context';
import { IMPORT_KINDS, ImportKinds } from './import-kinds';
import { ImportStager } from './import-stager';
import { ImportTablesRepository } from './import-tables.repository';
import { ImportsController } from './imports.controller';
import { IMPORTS_REGISTRATIONS } from './imports.registrations';
import { ImportsRepository } from './imports.repository';
import { IMPORT_APPLY_JOB, ImportsService } from './imports.service';

@Module({
  imports: [CalendarModule, FamilyAccessModule],
  controllers: [ImportsController],
  providers: [
    ImportsRepository,
    ImportTablesRepository,
    // The kinds every feature registers (`IMPORT_KINDS` in its registrations), in dependency order.
    {
      provide: ImportKinds,
      useFactory: (registrations: RegistrationsCollector) => new ImportKinds(registrations.of(IMPORT_KINDS)),
      inject: [RegistrationsCollector],
    },
    ImportStager,
    ImportContextFactory,
    ImportApplier,
    ImportsService,
    provideRegistrations(IMPORTS_REGISTRATIONS),
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
