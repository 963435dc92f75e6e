import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organisation } from './organisation.entity';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { ORGANISATIONS_REGISTRATIONS } from './organisations.registrations';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation])],
  controllers: [OrganisationsController],
  providers: [provideRegistrations(ORGANISATIONS_REGISTRATIONS), OrganisationsService],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
