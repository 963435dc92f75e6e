import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FamilyAccessModule } from '../families/family-access.module';
import { NationalCodesModule } from '../national-codes/national-codes.module';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import { Person } from './person.entity';
import { SubjectAccessService } from './subject-access.service';
import { PEOPLE_REGISTRATIONS } from './people.registrations';

@Module({
  imports: [TypeOrmModule.forFeature([Person]), FamilyAccessModule, NationalCodesModule],
  controllers: [PeopleController, DuplicatesController],
  providers: [
    provideRegistrations(PEOPLE_REGISTRATIONS),
    PeopleRepository,
    PeopleService,
    SubjectAccessService,
    DuplicatesRepository,
    DuplicatesService,
  ],
  exports: [PeopleService, DuplicatesService],
})
export class PeopleModule {}
