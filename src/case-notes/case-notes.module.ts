import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../access/family-access.module';
import { CaseNotesController } from './case-notes.controller';
import { CaseNotesRepository } from './case-notes.repository';
import { CaseNotesService } from './case-notes.service';
import { CASE_NOTES_REGISTRATIONS } from './case-notes.registrations';

@Module({
  imports: [FamilyAccessModule, EpisodesModule],
  controllers: [CaseNotesController],
  providers: [provideRegistrations(CASE_NOTES_REGISTRATIONS), CaseNotesRepository, CaseNotesService],
  exports: [CaseNotesService],
})
export class CaseNotesModule {}
