import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChronologyModule } from '../chronology/chronology.module';
import { FamiliesController } from './families.controller';
import { FamiliesRepository } from './families.repository';
import { FamiliesService } from './families.service';
import { FamilyAccessModule } from './family-access.module';
import { PeopleModule } from '../people/people.module';
import { Family, FamilyMember } from './family.entity';

/** Re-exports FamilyAccessModule: later features import FamiliesModule and call FamilyAccessService. */
@Module({
  imports: [TypeOrmModule.forFeature([Family, FamilyMember]), FamilyAccessModule, ChronologyModule, PeopleModule],
  controllers: [FamiliesController],
  providers: [FamiliesRepository, FamiliesService],
  exports: [FamiliesService, FamilyAccessModule],
})
export class FamiliesModule {}
