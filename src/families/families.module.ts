import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FamiliesController } from './families.controller';
import { FamiliesRepository } from './families.repository';
import { FamiliesService } from './families.service';
import { FamilyAccessModule } from '../access/family-access.module';
import { PeopleModule } from '../people/people.module';
import { Family, FamilyMember } from './family.entity';
import { FAMILIES_REGISTRATIONS } from './families.registrations';

/** Re-exports FamilyAccessModule: later features import FamiliesModule and call FamilyAccessService. */
@Module({
  imports: [TypeOrmModule.forFeature([Family, FamilyMember]), FamilyAccessModule, PeopleModule],
  controllers: [FamiliesController],
  providers: [provideRegistrations(FAMILIES_REGISTRATIONS), FamiliesRepository, FamiliesService],
  exports: [FamiliesService, FamilyAccessModule],
})
export class FamiliesModule {}
