import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FamilyAccessModule } from '../families/family-access.module';
import { NationalCodesModule } from '../national-codes/national-codes.module';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import { Person } from './person.entity';
import { SubjectAccessService } from './subject-access.service';
import { PEOPLE_REGISTRATIONS } from './people.registrations';

@Module({
  imports: [TypeOrmModule.forFeature([Person]), FamilyAccessModule, NationalCodesModule],
  controllers: [PeopleController],
  providers: [provideRegistrations(PEOPLE_REGISTRATIONS), PeopleRepository, PeopleService, SubjectAccessService],
  exports: [PeopleService],
})
export class PeopleModule {}
