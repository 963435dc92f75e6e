import { NationalCodesModule } from '../national-codes/national-codes.module';
import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { CalendarModule } from '../calendar/calendar.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamiliesModule } from '../families/families.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeopleModule } from '../people/people.module';
import { SocialCareModule } from '../social-care/social-care.module';
import { EARLY_HELP_REFERRAL_PORT, EpisodeStepDownPort } from './early-help-referral.port';
import { MarfController } from './marf.controller';
import { MarfRepository } from './marf.repository';
import { MarfService } from './marf.service';
import { MashController } from './mash.controller';
import { MashRepository } from './mash.repository';
import { MashService } from './mash.service';
import { MARF_REGISTRATIONS } from './marf.registrations';

/**
 * MARFs and the MASH. An early help decision opens or joins the family's Early Help episode
 * through EARLY_HELP_REFERRAL_PORT (EpisodeStepDownPort), inside the decision's transaction.
 */
@Module({
  imports: [FamiliesModule, PeopleModule, NationalCodesModule, SocialCareModule, CalendarModule, NotificationsModule, EpisodesModule],
  controllers: [MarfController, MashController],
  providers: [
    provideRegistrations(MARF_REGISTRATIONS),
    MarfRepository,
    MashRepository,
    MarfService,
    MashService,
    { provide: EARLY_HELP_REFERRAL_PORT, useClass: EpisodeStepDownPort },
  ],
  exports: [MarfService, EARLY_HELP_REFERRAL_PORT],
})
export class MarfModule {}
