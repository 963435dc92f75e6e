import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../access/family-access.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';
import { ASSESSMENTS_REGISTRATIONS } from './assessments.registrations';

@Module({
  imports: [FamilyAccessModule, EpisodesModule],
  controllers: [AssessmentsController],
  providers: [provideRegistrations(ASSESSMENTS_REGISTRATIONS), AssessmentsRepository, AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
