import { Module, OnModuleInit } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { ExtractRegistry } from '../extracts/extract-registry';
import { ExtractsModule } from '../extracts/extracts.module';
import { MeasureRegistry } from '../measures/measure-registry';
import { MeasuresModule } from '../measures/measures.module';
import { EARLY_HELP_EXTRACTS } from './early-help.extracts';
import { EARLY_HELP_MEASURES } from './early-help.measures';
import { EpisodesController } from './episodes.controller';
import { EpisodesRepository } from './episodes.repository';
import { EpisodesService } from './episodes.service';

/** Exports EpisodesService: `openOrJoinForFamily` is the seam the MASH decision and step-down call. */
@Module({
  imports: [FamilyAccessModule, ChronologyModule, MeasuresModule, ExtractsModule],
  controllers: [EpisodesController],
  providers: [EpisodesRepository, EpisodesService],
  exports: [EpisodesService],
})
export class EpisodesModule implements OnModuleInit {
  constructor(
    private readonly measures: MeasureRegistry,
    private readonly extracts: ExtractRegistry,
  ) {}

  /** The Early Help measures and extracts read episodes, assessments, Lead Professionals and TAF plans together. */
  onModuleInit(): void {
    for (const measure of EARLY_HELP_MEASURES) this.measures.register(measure);
    for (const extract of EARLY_HELP_EXTRACTS) this.extracts.register(extract);
  }
}
