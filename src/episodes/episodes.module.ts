import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { FamilyAccessModule } from '../access/family-access.module';
import { NationalCodesModule } from '../national-codes/national-codes.module';
import { SupportLevelsModule } from '../support-levels/support-levels.module';
import { EpisodesController } from './episodes.controller';
import { EpisodesRepository } from './episodes.repository';
import { EpisodesService } from './episodes.service';
import { EPISODES_REGISTRATIONS } from './episodes.registrations';

/** Exports EpisodesService: `openOrJoinForFamily` is the seam the MASH decision and step-down call. */
@Module({
  imports: [FamilyAccessModule, SupportLevelsModule, NationalCodesModule],
  controllers: [EpisodesController],
  providers: [provideRegistrations(EPISODES_REGISTRATIONS), EpisodesRepository, EpisodesService],
  exports: [EpisodesService],
})
export class EpisodesModule {}
