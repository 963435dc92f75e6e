import { Module } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { EpisodesController } from './episodes.controller';
import { EpisodesService } from './episodes.service';

/** Exports EpisodesService: `openOrJoinForFamily` is the seam the MASH decision and step-down call. */
@Module({
  imports: [FamilyAccessModule, ChronologyModule],
  controllers: [EpisodesController],
  providers: [EpisodesService],
  exports: [EpisodesService],
})
export class EpisodesModule {}
