import { Module } from '@nestjs/common';
import { FamilyAccessRepository } from './family-access.repository';
import { FamilyAccessService } from './family-access.service';

/** Kept apart from FamiliesModule so any feature (chronology included) can import it without a cycle. */
@Module({ providers: [FamilyAccessService, FamilyAccessRepository], exports: [FamilyAccessService] })
export class FamilyAccessModule {}
