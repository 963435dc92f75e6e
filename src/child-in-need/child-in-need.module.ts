import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { NationalCodesModule } from '../national-codes/national-codes.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { ChildInNeedController } from './child-in-need.controller';
import { CHILD_IN_NEED_REGISTRATIONS } from './child-in-need.registrations';
import { ChildInNeedRepository } from './child-in-need.repository';
import { ChildInNeedService } from './child-in-need.service';

@Module({
  imports: [EpisodesModule, NationalCodesModule, CalendarModule],
  controllers: [ChildInNeedController],
  providers: [provideRegistrations(CHILD_IN_NEED_REGISTRATIONS), ChildInNeedRepository, ChildInNeedService],
})
export class ChildInNeedModule {}
