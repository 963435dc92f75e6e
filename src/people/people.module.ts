import { Module, OnModuleInit } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { JobRegistry } from '../platform/queue/job-registry';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FamilyAccessModule } from '../access/family-access.module';
import { NationalCodesModule } from '../national-codes/national-codes.module';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import { Person } from './person.entity';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessRepository } from './subject-access.repository';
import { SUBJECT_ACCESS_EXPORT_JOB, SubjectAccessService } from './subject-access.service';
import { PEOPLE_REGISTRATIONS } from './people.registrations';
import { PersonMergesController } from './person-merges.controller';
import { PersonMergesRepository } from './person-merges.repository';
import { PersonMergesService } from './person-merges.service';
import { PersonRightsController } from './person-rights.controller';
import { PersonRightsRepository } from './person-rights.repository';
import { PersonRightsService } from './person-rights.service';

@Module({
  imports: [TypeOrmModule.forFeature([Person]), FamilyAccessModule, NationalCodesModule, ChronologyModule],
  controllers: [
    PeopleController,
    DuplicatesController,
    SubjectAccessController,
    PersonMergesController,
    PersonRightsController,
  ],
  providers: [
    provideRegistrations(PEOPLE_REGISTRATIONS),
    PeopleRepository,
    PeopleService,
    SubjectAccessService,
    DuplicatesRepository,
    DuplicatesService,
    SubjectAccessRepository,
    PersonMergesRepository,
    PersonMergesService,
    PersonRightsRepository,
    PersonRightsService,
  ],
  exports: [PeopleService, DuplicatesService],
})
export class PeopleModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly subjectAccess: SubjectAccessService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(SUBJECT_ACCESS_EXPORT_JOB, (payload) => this.subjectAccess.run(String(payload.exportId)));
  }
}
