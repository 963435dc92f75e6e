import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../access/family-access.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NationalCodesModule } from '../national-codes/national-codes.module';
import { AssessmentChildNeedsRepository } from './assessment-child-needs.repository';
import { AssessmentChildNeedsService } from './assessment-child-needs.service';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';
import { ASSESSMENTS_REGISTRATIONS } from './assessments.registrations';

@Module({
  imports: [FamilyAccessModule, EpisodesModule, NotificationsModule, NationalCodesModule],
  controllers: [AssessmentsController],
  providers: [
    provideRegistrations(ASSESSMENTS_REGISTRATIONS),
    AssessmentsRepository,
    AssessmentsService,
    AssessmentChildNeedsRepository,
    AssessmentChildNeedsService,
  ],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
