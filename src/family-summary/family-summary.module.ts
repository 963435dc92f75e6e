import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../families/family-access.module';
import { FamilySummaryController } from './family-summary.controller';
import { FamilySummaryService } from './family-summary.service';

@Module({
  imports: [FamilyAccessModule],
  controllers: [FamilySummaryController],
  providers: [FamilySummaryService],
})
export class FamilySummaryModule {}
