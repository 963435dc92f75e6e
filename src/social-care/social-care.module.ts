import { Module } from '@nestjs/common';
import { SocialCareController } from './social-care.controller';
import { SocialCareRepository } from './social-care.repository';
import { SocialCareService } from './social-care.service';

/** The children's social care feed; MARFs ask it whether a child is already allocated. */
@Module({
  controllers: [SocialCareController],
  providers: [SocialCareRepository, SocialCareService],
  exports: [SocialCareService],
})
export class SocialCareModule {}
