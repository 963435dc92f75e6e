import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { WorklistController } from './worklist.controller';
import { WorklistRepository } from './worklist.repository';
import { WORKLIST_REGISTRATIONS } from './worklist.registrations';
import { WorklistService } from './worklist.service';

@Module({
  controllers: [WorklistController],
  providers: [provideRegistrations(WORKLIST_REGISTRATIONS), WorklistRepository, WorklistService],
})
export class WorklistModule {}
