import { Module, OnModuleInit } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { MeasureRegistry } from '../measures/measure-registry';
import { MeasuresModule } from '../measures/measures.module';
import { CaseNotesController } from './case-notes.controller';
import { CASE_NOTE_MEASURES } from './case-notes.measures';
import { CaseNotesRepository } from './case-notes.repository';
import { CaseNotesService } from './case-notes.service';

@Module({
  imports: [FamilyAccessModule, ChronologyModule, EpisodesModule, MeasuresModule],
  controllers: [CaseNotesController],
  providers: [CaseNotesRepository, CaseNotesService],
})
export class CaseNotesModule implements OnModuleInit {
  constructor(private readonly measures: MeasureRegistry) {}

  onModuleInit(): void {
    for (const measure of CASE_NOTE_MEASURES) this.measures.register(measure);
  }
}
