import { Module } from '@nestjs/common';
import { ReturnsController } from './returns.controller';
import { ReturnsRepository } from './returns.repository';
import { ReturnsService } from './returns.service';

@Module({
  controllers: [ReturnsController],
  providers: [ReturnsRepository, ReturnsService],
})
export class ReturnsModule {}
