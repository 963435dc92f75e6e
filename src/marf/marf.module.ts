import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { FamiliesModule } from '../families/families.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeopleModule } from '../people/people.module';
import { SocialCareModule } from '../social-care/social-care.module';
import { EARLY_HELP_REFERRAL_PORT, NoEpisodesYetReferralPort } from './early-help-referral.port';
import { MarfController } from './marf.controller';
import { MarfRepository } from './marf.repository';
import { MarfService } from './marf.service';
import { MashController } from './mash.controller';
import { MashService } from './mash.service';

/**
 * MARFs and the MASH. EARLY_HELP_REFERRAL_PORT is exported so the episodes feature can supply the
 * implementation that opens or joins the family's episode on an early help decision.
 */
@Module({
  imports: [FamiliesModule, PeopleModule, SocialCareModule, CalendarModule, NotificationsModule, ChronologyModule],
  controllers: [MarfController, MashController],
  providers: [
    MarfRepository,
    MarfService,
    MashService,
    { provide: EARLY_HELP_REFERRAL_PORT, useClass: NoEpisodesYetReferralPort },
  ],
  exports: [MarfService, EARLY_HELP_REFERRAL_PORT],
})
export class MarfModule {}
