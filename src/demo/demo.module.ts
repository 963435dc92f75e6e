import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { LocalitiesModule } from '../localities/localities.module';
import { MeasuresModule } from '../measures/measures.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { UsersModule } from '../users/users.module';
import { DemoFamilyHelpRepository } from './demo-family-help.repository';
import { DemoSeedService } from './demo-seed.service';
import { DemoSupportingFamiliesRepository } from './demo-supporting-families.repository';

@Module({
  imports: [ImportsModule, LocalitiesModule, MeasuresModule, OrganisationsModule, UsersModule],
  providers: [DemoSeedService, DemoFamilyHelpRepository, DemoSupportingFamiliesRepository],
  exports: [DemoSeedService],
})
export class DemoModule {}
