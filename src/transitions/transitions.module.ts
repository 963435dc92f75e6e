import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamilyAccessModule } from '../access/family-access.module';
import { MarfModule } from '../marf/marf.module';
import { TransitionsController } from './transitions.controller';
import { TransitionsRepository } from './transitions.repository';
import { TransitionsService } from './transitions.service';
import { TRANSITIONS_REGISTRATIONS } from './transitions.registrations';

/** Step-up and step-down between Early Help episodes and children's social care. */
@Module({
  imports: [FamilyAccessModule, EpisodesModule, MarfModule],
  controllers: [TransitionsController],
  providers: [provideRegistrations(TRANSITIONS_REGISTRATIONS), TransitionsRepository, TransitionsService],
})
export class TransitionsModule {}
