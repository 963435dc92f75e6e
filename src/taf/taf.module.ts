import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../access/family-access.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TafProgressService } from './taf-progress.service';
import { TafRemindersRepository } from './taf-reminders.repository';
import { TafRemindersService } from './taf-reminders.service';
import { RemindersController, TafController } from './taf.controller';
import { TafRepository } from './taf.repository';
import { TafService } from './taf.service';
import { TAF_REGISTRATIONS } from './taf.registrations';

@Module({
  imports: [FamilyAccessModule, EpisodesModule, NotificationsModule],
  controllers: [TafController, RemindersController],
  providers: [provideRegistrations(TAF_REGISTRATIONS), TafRepository, TafRemindersRepository, TafService, TafProgressService, TafRemindersService],
  exports: [TafService, TafRemindersService],
})
export class TafModule {}
