import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { FgcController } from './fgc.controller';
import { FgcRepository } from './fgc.repository';
import { FgcService } from './fgc.service';
import { FGC_REGISTRATIONS } from './fgc.registrations';

@Module({
  imports: [EpisodesModule],
  controllers: [FgcController],
  providers: [provideRegistrations(FGC_REGISTRATIONS), FgcRepository, FgcService],
})
export class FgcModule {}
