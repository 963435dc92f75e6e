import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { AssessmentsModule } from '../assessments/assessments.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../access/family-access.module';
import { TafModule } from '../taf/taf.module';
import { LeadProfessionalsController } from './lead-professionals.controller';
import { LeadProfessionalsRepository } from './lead-professionals.repository';
import { LeadProfessionalsService } from './lead-professionals.service';
import { LEAD_PROFESSIONALS_REGISTRATIONS } from './lead-professionals.registrations';

@Module({
  imports: [FamilyAccessModule, EpisodesModule, AssessmentsModule, TafModule],
  controllers: [LeadProfessionalsController],
  providers: [
    provideRegistrations(LEAD_PROFESSIONALS_REGISTRATIONS),
    LeadProfessionalsRepository,
    LeadProfessionalsService,
  ],
  exports: [LeadProfessionalsService],
})
export class LeadProfessionalsModule {}
