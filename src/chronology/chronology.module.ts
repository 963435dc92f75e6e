import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../access/family-access.module';
import { ChronologyController } from './chronology.controller';
import { ChronologyRepository } from './chronology.repository';
import { ChronologyService } from './chronology.service';

/** Features import this module and call `ChronologyService.register` from their `onModuleInit`. */
@Module({
  imports: [FamilyAccessModule],
  controllers: [ChronologyController],
  providers: [ChronologyRepository, ChronologyService],
  exports: [ChronologyService],
})
export class ChronologyModule {}
