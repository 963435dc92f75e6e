import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../access/family-access.module';
import { PeopleModule } from '../people/people.module';
import { provideRegistrations } from '../platform/registrations/registrations';
import { FamilyNetworkController } from './family-network.controller';
import { FamilyNetworkRepository } from './family-network.repository';
import { FamilyNetworkService } from './family-network.service';
import { FAMILY_NETWORK_REGISTRATIONS } from './family-network.registrations';

@Module({
  imports: [FamilyAccessModule, PeopleModule],
  controllers: [FamilyNetworkController],
  providers: [provideRegistrations(FAMILY_NETWORK_REGISTRATIONS), FamilyNetworkRepository, FamilyNetworkService],
  exports: [FamilyNetworkService],
})
export class FamilyNetworkModule {}
