import { Module } from '@nestjs/common';
import { SocialCareController } from './social-care.controller';
import { SocialCareService } from './social-care.service';

/** The children's social care feed; MARFs ask it whether a child is already allocated. */
@Module({ controllers: [SocialCareController], providers: [SocialCareService], exports: [SocialCareService] })
export class SocialCareModule {}
