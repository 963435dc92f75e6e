import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../access/family-access.module';
import { FamilySummaryController } from './family-summary.controller';
import { FamilySummaryRepository } from './family-summary.repository';
import { FamilySummaryService } from './family-summary.service';

@Module({
  imports: [FamilyAccessModule],
  controllers: [FamilySummaryController],
  providers: [FamilySummaryRepository, FamilySummaryService],
})
export class FamilySummaryModule {}
