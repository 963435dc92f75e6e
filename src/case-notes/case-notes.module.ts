import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { CaseNotesController } from './case-notes.controller';
import { CaseNotesService } from './case-notes.service';
import { CASE_NOTES_REGISTRATIONS } from './case-notes.registrations';

@Module({
  imports: [FamilyAccessModule, EpisodesModule],
  controllers: [CaseNotesController],
  providers: [provideRegistrations(CASE_NOTES_REGISTRATIONS), CaseNotesService],
})
export class CaseNotesModule {}
