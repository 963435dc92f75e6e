import { Module } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { TafRemindersService } from './taf-reminders.service';
import { RemindersController, TafController } from './taf.controller';
import { TafService } from './taf.service';

@Module({
  imports: [FamilyAccessModule, ChronologyModule, EpisodesModule],
  controllers: [TafController, RemindersController],
  providers: [TafService, TafRemindersService],
  exports: [TafService, TafRemindersService],
})
export class TafModule {}
