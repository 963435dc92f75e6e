import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { SocialCareController } from './social-care.controller';
import { SocialCareRepository } from './social-care.repository';
import { SocialCareService } from './social-care.service';
import { SOCIAL_CARE_REGISTRATIONS } from './social-care.registrations';

/** The children's social care feed; MARFs ask it whether a child is already allocated. */
@Module({
  controllers: [SocialCareController],
  providers: [provideRegistrations(SOCIAL_CARE_REGISTRATIONS), SocialCareRepository, SocialCareService],
  exports: [SocialCareService],
})
export class SocialCareModule {}
