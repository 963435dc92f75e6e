import { Module } from '@nestjs/common';
import { ExtractRegistry } from './extract-registry';
import { ExtractsController } from './extracts.controller';
import { ExtractsService } from './extracts.service';

@Module({
  controllers: [ExtractsController],
  providers: [ExtractRegistry, ExtractsService],
  exports: [ExtractRegistry],
})
export class ExtractsModule {}
