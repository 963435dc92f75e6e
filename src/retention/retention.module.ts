import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { RetentionController } from './retention.controller';
import { RETENTION_REGISTRATIONS } from './retention.registrations';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

@Module({
  imports: [DocumentsModule],
  controllers: [RetentionController],
  providers: [provideRegistrations(RETENTION_REGISTRATIONS), RetentionRepository, RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
