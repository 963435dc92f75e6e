import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { NationalCodesController } from './national-codes.controller';
import { NATIONAL_CODES_REGISTRATIONS } from './national-codes.registrations';
import { NationalCodesRepository } from './national-codes.repository';
import { NationalCodesService } from './national-codes.service';

@Module({
  controllers: [NationalCodesController],
  providers: [provideRegistrations(NATIONAL_CODES_REGISTRATIONS), NationalCodesRepository, NationalCodesService],
  exports: [NationalCodesService],
})
export class NationalCodesModule {}
