import { Injectable } from '@nestjs/common';
import type { MarfOutcome } from './marf-rules';

/** Injection token for the EarlyHelpReferralPort. */
export const EARLY_HELP_REFERRAL_PORT = Symbol('EarlyHelpReferralPort');

/** A MASH decision to an early help outcome, for the Early Help episodes feature to act on. */
export interface MarfStepDown {
  marfId: string;
  reference: string;
  familyId: string;
  childPersonIds: string[];
  outcome: MarfOutcome;
  /** The organisation that will lead the Early Help. */
  leadOrganisationId: string;
  referrerOrganisationId: string;
  decidedByUserId: string;
  decidedAt: Date;
}

/**
 * How a MARF decision opens (or joins) the family's Early Help episode with route
 * `marf_step_down`. Called inside the decision's transaction, so an implementation that throws
 * rolls the decision back. The episodes feature provides the real implementation by overriding
 * this token; until then the default records nothing beyond the decision itself.
 */
export interface EarlyHelpReferralPort {
  openOrJoinEpisode(stepDown: MarfStepDown): Promise<void>;
}

@Injectable()
export class NoEpisodesYetReferralPort implements EarlyHelpReferralPort {
  async openOrJoinEpisode(): Promise<void> {
    // The decision row (outcome and leadOrganisationId) is the record until episodes exist.
  }
}
