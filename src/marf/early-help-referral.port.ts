import { Injectable } from '@nestjs/common';
import { EpisodesService } from '../episodes/episodes.service';
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
 * rolls the decision back.
 */
export interface EarlyHelpReferralPort {
  openOrJoinEpisode(stepDown: MarfStepDown): Promise<EarlyHelpHandOff>;
}

/** The episode the decision opened or joined, and the lead organisation's allocation. */
export interface EarlyHelpHandOff {
  episodeId: string;
  allocation: { organisationId: string; lapsesOn: string | null } | null;
}

const LEVEL_FOR_OUTCOME: Partial<Record<MarfOutcome, string>> = {
  early_help_single_agency: 'early_help',
  early_help_multi_agency: 'multi_agency_early_help',
  strengthening_families: 'multi_agency_early_help',
};

/**
 * Opens the family's Early Help episode (route `marf_step_down`, at the level the outcome implies,
 * led by the decision's lead organisation), or joins the one already open.
 */
@Injectable()
export class EpisodeStepDownPort implements EarlyHelpReferralPort {
  constructor(private readonly episodes: EpisodesService) {}

  async openOrJoinEpisode(stepDown: MarfStepDown): Promise<EarlyHelpHandOff> {
    const level = LEVEL_FOR_OUTCOME[stepDown.outcome];
    if (!level) throw new Error(`${stepDown.outcome} is not an early help outcome`);
    const { episode, allocation } = await this.episodes.openOrJoinForFamily({
      familyId: stepDown.familyId,
      route: 'marf_step_down',
      level,
      referringOrganisationId: stepDown.referrerOrganisationId,
      leadOrganisationId: stepDown.leadOrganisationId,
      // Opened today by the Clock (the decision's date), so the allocation and the episode agree.
    });
    return { episodeId: episode.id, allocation: allocation ?? null };
  }
}
