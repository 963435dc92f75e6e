import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { TafModule } from '../taf/taf.module';
import { LeadProfessionalsController } from './lead-professionals.controller';
import { LeadProfessionalsRepository } from './lead-professionals.repository';
import { LeadProfessionalsService } from './lead-professionals.service';

@Module({
  imports: [FamilyAccessModule, ChronologyModule, EpisodesModule, AssessmentsModule, TafModule],
  controllers: [LeadProfessionalsController],
  providers: [LeadProfessionalsRepository, LeadProfessionalsService],
  exports: [LeadProfessionalsService],
})
export class LeadProfessionalsModule {}
