import { Module, OnModuleInit } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { MarfModule } from '../marf/marf.module';
import { ExtractRegistry } from '../extracts/extract-registry';
import { ExtractsModule } from '../extracts/extracts.module';
import { MeasureRegistry } from '../measures/measure-registry';
import { MeasuresModule } from '../measures/measures.module';
import { TransitionsController } from './transitions.controller';
import { TRANSITIONS_EXTRACT } from './transitions.extracts';
import { STEP_DOWN_REREFERRED } from './transitions.measures';
import { TransitionsRepository } from './transitions.repository';
import { TransitionsService } from './transitions.service';

/** Step-up and step-down between Early Help episodes and children's social care. */
@Module({
  imports: [FamilyAccessModule, ChronologyModule, EpisodesModule, MarfModule, MeasuresModule, ExtractsModule],
  controllers: [TransitionsController],
  providers: [TransitionsRepository, TransitionsService],
})
export class TransitionsModule implements OnModuleInit {
  constructor(
    private readonly measures: MeasureRegistry,
    private readonly extracts: ExtractRegistry,
  ) {}

  onModuleInit(): void {
    this.measures.register(STEP_DOWN_REREFERRED);
    this.extracts.register(TRANSITIONS_EXTRACT);
  }
}
