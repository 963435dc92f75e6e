import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Locality } from './locality.entity';
import { LocalitiesController } from './localities.controller';
import { LocalitiesService } from './localities.service';
import { LOCALITIES_REGISTRATIONS } from './localities.registrations';

@Module({
  imports: [TypeOrmModule.forFeature([Locality])],
  controllers: [LocalitiesController],
  providers: [provideRegistrations(LOCALITIES_REGISTRATIONS), LocalitiesService],
  exports: [LocalitiesService],
})
export class LocalitiesModule {}
