import { Foundation1764000000000 } from './1764000000000-foundation';
import { AuditHashChain1764000000500 } from './1764000000500-audit-hash-chain';
import { PeopleFamiliesConsent1764000001000 } from './1764000001000-people-families-consent';
import { MarfMashSocialCare1764000002000 } from './1764000002000-marf-mash-social-care';

/** Every migration, in order. New ones are appended; landed ones are never edited. */
export const migrations = [
  Foundation1764000000000,
  AuditHashChain1764000000500,
  PeopleFamiliesConsent1764000001000,
  MarfMashSocialCare1764000002000,
];
