import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AssessmentsModule } from './assessments/assessments.module';
import { CaseNotesModule } from './case-notes/case-notes.module';
import { ChronologyModule } from './chronology/chronology.module';
import { CalendarModule } from './calendar/calendar.module';
import { AppConfig } from './config/config';
import { ConsentModule } from './consent/consent.module';
import { DemoModule } from './demo/demo.module';
import { DocumentsModule } from './documents/documents.module';
import { DraftsModule } from './drafts/drafts.module';
import { ExtractsModule } from './extracts/extracts.module';
import { EpisodesModule } from './episodes/episodes.module';
import { FamiliesModule } from './families/families.module';
import { FgcModule } from './family-group-conferences/fgc.module';
import { ChildInNeedModule } from './child-in-need/child-in-need.module';
import { SupportingFamiliesModule } from './supporting-families/supporting-families.module';
import { SignOffModule } from './sign-off/sign-off.module';
import { FamilyNetworkModule } from './family-network/family-network.module';
import { FamilySummaryModule } from './family-summary/family-summary.module';
import { ImportsModule } from './imports/imports.module';
import { LeadProfessionalsModule } from './lead-professionals/lead-professionals.module';
import { LocalitiesModule } from './localities/localities.module';
import { MeasuresModule } from './measures/measures.module';
import { MarfModule } from './marf/marf.module';
import { NationalCodesModule } from './national-codes/national-codes.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PeopleModule } from './people/people.module';
import { ReturnsModule } from './returns/returns.module';
import { dataSourceOptions, resolveDatabaseUrl } from './app.data-source';
import { loggerParams } from './platform/logging';
import { PlatformModule } from './platform/platform.module';
import { SocialCareModule } from './social-care/social-care.module';
import { SupportLevelsModule } from './support-levels/support-levels.module';
import { TafModule } from './taf/taf.module';
import { TransitionsModule } from './transitions/transitions.module';
import { UsersModule } from './users/users.module';
import { WorklistModule } from './worklist/worklist.module';
import { RetentionModule } from './retention/retention.module';

/** Every feature module; each lists its own registrations (`<feature>.registrations.ts`). */
export const FEATURE_MODULES = [
  LocalitiesModule,
  SupportLevelsModule,
  OrganisationsModule,
  NationalCodesModule,
  UsersModule,
  PeopleModule,
  FamiliesModule,
  ConsentModule,
  FamilyNetworkModule,
  ChronologyModule,
  EpisodesModule,
  AssessmentsModule,
  TafModule,
  CaseNotesModule,
  FamilySummaryModule,
  ReturnsModule,
  WorklistModule,
  DocumentsModule,
  DraftsModule,
  RetentionModule,
  LeadProfessionalsModule,
  FgcModule,
  ChildInNeedModule,
  SupportingFamiliesModule,
  SignOffModule,
  CalendarModule,
  NotificationsModule,
  SocialCareModule,
  MarfModule,
  TransitionsModule,
  MeasuresModule,
  ExtractsModule,
  ImportsModule,
  DemoModule,
];

@Module({})
export class AppModule {
  /** The whole application for one configuration; the API, the worker and the CLI all start it. */
  static forRoot(config: AppConfig, options: { logTo?: 'stdout' | 'stderr' } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerParams(config, options.logTo)),
        TypeOrmModule.forRootAsync({
          useFactory: async () => ({
            ...dataSourceOptions(await resolveDatabaseUrl(config), config),
            autoLoadEntities: true,
          }),
        }),
        PlatformModule,
        ...FEATURE_MODULES,
      ],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
