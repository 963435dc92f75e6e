import { Foundation1764000000000 } from './1764000000000-foundation';
import { AuditHashChain1764000000500 } from './1764000000500-audit-hash-chain';
import { PeopleFamiliesConsent1764000001000 } from './1764000001000-people-families-consent';
import { EpisodesAssessmentsTaf1764000003000 } from './1764000003000-episodes-assessments-taf';

/** Every migration, in order. New ones are appended; landed ones are never edited. */
export const migrations = [
  Foundation1764000000000,
  AuditHashChain1764000000500,
  PeopleFamiliesConsent1764000001000,
  EpisodesAssessmentsTaf1764000003000,
];
