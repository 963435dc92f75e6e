import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FamilyAccessModule } from '../access/family-access.module';
import { ConsentController } from './consent.controller';
import { Consent } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';
import { CONSENT_REGISTRATIONS } from './consent.registrations';

@Module({
  imports: [TypeOrmModule.forFeature([Consent]), FamilyAccessModule],
  controllers: [ConsentController],
  providers: [provideRegistrations(CONSENT_REGISTRATIONS), ConsentRepository, ConsentService],
  exports: [ConsentService],
})
export class ConsentModule {}
