import { Foundation1764000000000 } from './1764000000000-foundation';
import { AuditHashChain1764000000500 } from './1764000000500-audit-hash-chain';
import { PeopleFamiliesConsent1764000001000 } from './1764000001000-people-families-consent';
import { MarfMashSocialCare1764000002000 } from './1764000002000-marf-mash-social-care';
import { EpisodesAssessmentsTaf1764000003000 } from './1764000003000-episodes-assessments-taf';
import { Measures1764000004000 } from './1764000004000-measures';
import { Extracts1764000004500 } from './1764000004500-extracts';
import { ReportingSchema1764000005000 } from './1764000005000-reporting-schema';
import { ReportingCaseViews1764000005500 } from './1764000005500-reporting-case-views';
import { Transitions1764000006000 } from './1764000006000-transitions';
import { ReportingTransitions1764000006500 } from './1764000006500-reporting-transitions';
import { CaseNotes1764000007000 } from './1764000007000-case-notes';
import { Imports1764000008000 } from './1764000008000-imports';
import { MeasureIndexes1764000009000 } from './1764000009000-measure-indexes';
import { MashQueueIndex1764000010000 } from './1764000010000-mash-queue-index';
import { InvolvementBasis1764000011000 } from './1764000011000-involvement-basis';
import { ReturnsRoleAndAdminSeparation1764000012000 } from './1764000012000-returns-role-and-admin-separation';
import { ReportingWithoutMarfReferences1764000013000 } from './1764000013000-reporting-without-marf-references';
import { AuditSealer1764000014000 } from './1764000014000-audit-sealer';
import { MeasureTargetsCommentary1764000015000 } from './1764000015000-measure-targets-commentary';
import { DashboardSessionsBoardPacks1764000015500 } from './1764000015500-dashboard-sessions-board-packs';
import { NationalCodes1764000017000 } from './1764000017000-national-codes';
import { NationalCodesOnRecords1764000017500 } from './1764000017500-national-codes-on-records';
import { FamilyHelpModel1764000018000 } from './1764000018000-family-help-model';
import { FamilyGroupConferences1764000018500 } from './1764000018500-family-group-conferences';
import { DuplicateMatching1764000016000 } from './1764000016000-duplicate-matching';
import { SubjectAccessExports1764000019000 } from './1764000019000-subject-access-exports';
import { FieldHistory1764000019500 } from './1764000019500-field-history';
import { WorklistOwnerIndexes1764000020000 } from './1764000020000-worklist-owner-indexes';
import { SignOff1764000020100 } from './1764000020100-sign-off';
import { DraftsDocuments1764000020500 } from './1764000020500-drafts-documents';
import { TeamEmails1764000020600 } from './1764000020600-team-emails';
import { RetentionAndRestriction1764000021000 } from './1764000021000-retention-and-restriction';
import { PersonMerges1764000022000 } from './1764000022000-person-merges';
import { EpisodeReasonCodes1764000023000 } from './1764000023000-episode-reason-codes';
import { ChildInNeed1764000025000 } from './1764000025000-child-in-need';
import { MeasureValuesRunReference1764000026000 } from './1764000026000-measure-values-run-reference';

/** Every migration, in order. New ones are appended; landed ones are never edited. */
export const migrations = [
  Foundation1764000000000,
  AuditHashChain1764000000500,
  PeopleFamiliesConsent1764000001000,
  MarfMashSocialCare1764000002000,
  EpisodesAssessmentsTaf1764000003000,
  Measures1764000004000,
  Extracts1764000004500,
  ReportingSchema1764000005000,
  ReportingCaseViews1764000005500,
  Transitions1764000006000,
  ReportingTransitions1764000006500,
  CaseNotes1764000007000,
  Imports1764000008000,
  MeasureIndexes1764000009000,
  MashQueueIndex1764000010000,
  InvolvementBasis1764000011000,
  ReturnsRoleAndAdminSeparation1764000012000,
  ReportingWithoutMarfReferences1764000013000,
  AuditSealer1764000014000,
  MeasureTargetsCommentary1764000015000,
  DashboardSessionsBoardPacks1764000015500,
  NationalCodes1764000017000,
  NationalCodesOnRecords1764000017500,
  FamilyHelpModel1764000018000,
  FamilyGroupConferences1764000018500,
  DuplicateMatching1764000016000,
  SubjectAccessExports1764000019000,
  FieldHistory1764000019500,
  WorklistOwnerIndexes1764000020000,
  SignOff1764000020100,
  DraftsDocuments1764000020500,
  TeamEmails1764000020600,
  RetentionAndRestriction1764000021000,
  PersonMerges1764000022000,
  EpisodeReasonCodes1764000023000,
  ChildInNeed1764000025000,
  MeasureValuesRunReference1764000026000,
];
