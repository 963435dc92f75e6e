import { Module } from '@nestjs/common';
import { ReturnsController } from './returns.controller';
import { ReturnsRepository, ReturnValidationRepository } from './returns.repository';
import { ReturnsService } from './returns.service';

@Module({
  controllers: [ReturnsController],
  providers: [ReturnsRepository, ReturnValidationRepository, ReturnsService],
})
export class ReturnsModule {}
