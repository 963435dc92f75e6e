import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../access/family-access.module';
import { MarfModule } from '../marf/marf.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { DocumentStores } from './document-storage';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DOCUMENTS_REGISTRATIONS } from './documents.registrations';
import { DocumentsService } from './documents.service';

@Module({
  imports: [FamilyAccessModule, MarfModule],
  controllers: [DocumentsController],
  providers: [provideRegistrations(DOCUMENTS_REGISTRATIONS), DocumentsRepository, DocumentsService, DocumentStores],
  exports: [DocumentStores],
})
export class DocumentsModule {}
