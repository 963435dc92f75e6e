import { Module } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';

@Module({
  imports: [FamilyAccessModule, ChronologyModule, EpisodesModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsRepository, AssessmentsService],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
