import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../access/family-access.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { SfOutcomeRulesController, SupportingFamiliesController } from './supporting-families.controller';
import { SUPPORTING_FAMILIES_REGISTRATIONS } from './supporting-families.registrations';
import { SupportingFamiliesRepository } from './supporting-families.repository';
import { SupportingFamiliesService } from './supporting-families.service';

@Module({
  imports: [FamilyAccessModule],
  controllers: [SupportingFamiliesController, SfOutcomeRulesController],
  providers: [
    provideRegistrations(SUPPORTING_FAMILIES_REGISTRATIONS),
    SupportingFamiliesRepository,
    SupportingFamiliesService,
  ],
})
export class SupportingFamiliesModule {}
