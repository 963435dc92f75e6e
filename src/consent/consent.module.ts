import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChronologyModule } from '../chronology/chronology.module';
import { FamilyAccessModule } from '../families/family-access.module';
import { ConsentController } from './consent.controller';
import { Consent } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';

@Module({
  imports: [TypeOrmModule.forFeature([Consent]), FamilyAccessModule, ChronologyModule],
  controllers: [ConsentController],
  providers: [ConsentRepository, ConsentService],
  exports: [ConsentService],
})
export class ConsentModule {}
