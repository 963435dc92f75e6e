import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { SignOffController } from './sign-off.controller';
import { SignOffRepository } from './sign-off.repository';
import { SIGN_OFF_REGISTRATIONS } from './sign-off.registrations';
import { SignOffService } from './sign-off.service';

@Module({
  imports: [AssessmentsModule, EpisodesModule, NotificationsModule],
  controllers: [SignOffController],
  providers: [provideRegistrations(SIGN_OFF_REGISTRATIONS), SignOffRepository, SignOffService],
})
export class SignOffModule {}
