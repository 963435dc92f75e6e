import { Module } from '@nestjs/common';
import { CaseNotesModule } from '../case-notes/case-notes.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { MarfModule } from '../marf/marf.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { DraftsController } from './drafts.controller';
import { DraftsRepository } from './drafts.repository';
import { DRAFTS_REGISTRATIONS } from './drafts.registrations';
import { DraftsService } from './drafts.service';

@Module({
  imports: [EpisodesModule, MarfModule, CaseNotesModule, NotificationsModule],
  controllers: [DraftsController],
  providers: [provideRegistrations(DRAFTS_REGISTRATIONS), DraftsRepository, DraftsService],
})
export class DraftsModule {}
