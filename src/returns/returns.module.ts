import { Module } from '@nestjs/common';
import { CinCensusController } from './cin-census.controller';
import { CinCensusRepository } from './cin-census.repository';
import { CinCensusService } from './cin-census.service';
import { ReturnsController } from './returns.controller';
import { ReturnsRepository, ReturnValidationRepository } from './returns.repository';
import { ReturnsService } from './returns.service';

@Module({
  // CinCensusController first: its literal paths match before /returns/{name}.
  controllers: [CinCensusController, ReturnsController],
  providers: [ReturnsRepository, ReturnValidationRepository, ReturnsService, CinCensusRepository, CinCensusService],
})
export class ReturnsModule {}
