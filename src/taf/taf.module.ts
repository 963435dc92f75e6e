import { Module } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { TafProgressService } from './taf-progress.service';
import { TafRemindersRepository } from './taf-reminders.repository';
import { TafRemindersService } from './taf-reminders.service';
import { RemindersController, TafController } from './taf.controller';
import { TafRepository } from './taf.repository';
import { TafService } from './taf.service';

@Module({
  imports: [FamilyAccessModule, ChronologyModule, EpisodesModule],
  controllers: [TafController, RemindersController],
  providers: [TafRepository, TafRemindersRepository, TafService, TafProgressService, TafRemindersService],
  exports: [TafService, TafRemindersService],
})
export class TafModule {}
