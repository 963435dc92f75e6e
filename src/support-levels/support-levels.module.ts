import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { SupportLevelsController } from './support-levels.controller';
import { SupportLevelsRepository } from './support-levels.repository';
import { SupportLevelsService } from './support-levels.service';
import { SUPPORT_LEVELS_REGISTRATIONS } from './support-levels.registrations';

@Module({
  controllers: [SupportLevelsController],
  providers: [provideRegistrations(SUPPORT_LEVELS_REGISTRATIONS), SupportLevelsRepository, SupportLevelsService],
  exports: [SupportLevelsService],
})
export class SupportLevelsModule {}
