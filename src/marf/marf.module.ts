import { Module, OnModuleInit } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FamiliesModule } from '../families/families.module';
import { ExtractRegistry } from '../extracts/extract-registry';
import { ExtractsModule } from '../extracts/extracts.module';
import { MeasureRegistry } from '../measures/measure-registry';
import { MeasuresModule } from '../measures/measures.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeopleModule } from '../people/people.module';
import { SocialCareModule } from '../social-care/social-care.module';
import { EARLY_HELP_REFERRAL_PORT, EpisodeStepDownPort } from './early-help-referral.port';
import { MarfController } from './marf.controller';
import { MARF_EXTRACT } from './marf.extracts';
import { MARF_MEASURES } from './marf.measures';
import { MarfRepository } from './marf.repository';
import { MarfService } from './marf.service';
import { MashController } from './mash.controller';
import { MashRepository } from './mash.repository';
import { MashService } from './mash.service';

/**
 * MARFs and the MASH. An early help decision opens or joins the family's Early Help episode
 * through EARLY_HELP_REFERRAL_PORT (EpisodeStepDownPort), inside the decision's transaction.
 */
@Module({
  imports: [
    FamiliesModule,
    PeopleModule,
    SocialCareModule,
    CalendarModule,
    NotificationsModule,
    ChronologyModule,
    MeasuresModule,
    ExtractsModule,
    EpisodesModule,
  ],
  controllers: [MarfController, MashController],
  providers: [
    MarfRepository,
    MashRepository,
    MarfService,
    MashService,
    { provide: EARLY_HELP_REFERRAL_PORT, useClass: EpisodeStepDownPort },
  ],
  exports: [MarfService, EARLY_HELP_REFERRAL_PORT],
})
export class MarfModule implements OnModuleInit {
  constructor(
    private readonly measures: MeasureRegistry,
    private readonly extracts: ExtractRegistry,
  ) {}

  onModuleInit(): void {
    for (const measure of MARF_MEASURES) this.measures.register(measure);
    this.extracts.register(MARF_EXTRACT);
  }
}
