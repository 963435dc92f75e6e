import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { TafRemindersService } from './taf-reminders.service';
import { RemindersController, TafController } from './taf.controller';
import { TafService } from './taf.service';
import { TAF_REGISTRATIONS } from './taf.registrations';

@Module({
  imports: [FamilyAccessModule, EpisodesModule],
  controllers: [TafController, RemindersController],
  providers: [provideRegistrations(TAF_REGISTRATIONS), TafService, TafRemindersService],
  exports: [TafService, TafRemindersService],
})
export class TafModule {}
