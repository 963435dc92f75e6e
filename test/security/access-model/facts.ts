/**
 * The vocabulary of the access model: organisations, what a history is made of (facts) and what
 * the model answers (sights). Facts are abstract ("family F0", "organisation school"); the replay
 * maps them to real ids.
 */
export const PARTNERS = ['school', 'health', 'sf', 'voluntary', 'hub'] as const;
export const ORGANISATIONS = [...PARTNERS, 'mash', 'social_care'] as const;
export type Partner = (typeof PARTNERS)[number];
export type Org = (typeof ORGANISATIONS)[number];

export const ALLOCATION_WORKING_DAYS = 20;
export const LEAD_KEEPS_CLOSED_EPISODE_DAYS = 90;

export type Sight = 'yes' | 'no' | 'either';

/** What an import brings for one new family: its episode, a consent and a Lead Professional, each maybe ended. */
export interface ImportedFamily {
  family: string;
  adult: string;
  child: string;
  /** The organisation the legacy system says recorded the family (its `recorder`). */
  recorder: Partner;
  episode: string;
  /** Days before today the episode opened, and closed (null: still open). */
  openedDaysAgo: number;
  closedDaysAgo: number | null;
  consent: { consent: string; orgs: Partner[]; givenDaysAgo: number; withdrawnDaysAgo: number | null } | null;
  lead: { org: Partner; startedDaysAgo: number; endedDaysAgo: number | null } | null;
}

/** One thing that happened, after the resolver placed it in the history (ids are the model's own). */
export type Fact =
  | { kind: 'advance'; days: number }
  | { kind: 'createFamily'; family: string; adult: string; child: string }
  | {
      kind: 'submitMarf';
      marf: string;
      by: Partner;
      family: string;
      newFamily: boolean;
      child: string;
      newChild: boolean;
    }
  | {
      kind: 'decideMarf';
      marf: string;
      outcome: 'nfa' | 'early_help_multi_agency' | 'strengthening_families';
      lead: Partner | null;
      episode: string | null;
    }
  /** Social care closes its involvement with a child and steps the family down to early help led by `lead`. */
  | { kind: 'stepDown'; family: string; child: string; lead: Partner; episode: string }
  | { kind: 'recordConsent'; consent: string; family: string; orgs: Partner[]; by: Org }
  | { kind: 'changeConsent'; consent: string; orgs: Partner[] }
  | { kind: 'withdrawConsent'; consent: string }
  | { kind: 'linkPerson'; person: string; family: string; by: Org }
  | { kind: 'startAssessment'; assessment: string; episode: string; by: Partner }
  | { kind: 'recordNote'; note: string; episode: string; by: Partner }
  | { kind: 'assignLead'; episode: string; org: Partner }
  | { kind: 'addTafMember'; episode: string; plan: string; newPlan: boolean; org: Partner }
  | { kind: 'endTafMember'; episode: string; org: Partner }
  | { kind: 'closeEpisode'; episode: string }
  /** `POST /imports` of a legacy family with its history. */
  | ({ kind: 'importFamily' } & ImportedFamily)
  /**
   * The attack: a later import attaches a consent naming `orgs` and a Lead Professional assignment
   * of `lead` (both open) to a family (and its episode) an earlier import created. Grants nothing.
   */
  | { kind: 'importAttack'; family: string; episode: string; orgs: Partner[]; lead: Partner }
  | { kind: 'check' };

/** An involvement's row as `GET /families/{id}/involvements` lists it: organisation, basis, start and end. */
export interface InvolvementRow {
  org: Org;
  basis: 'allocation' | 'consent' | 'lead' | 'taf_member';
  start: string;
  end: string | null;
  /** Whether it is in force today (`either` on a lapse day). */
  active: Sight;
}

export interface Expected {
  families: Map<string, Sight>;
  members: Map<string, Sight>;
  consents: Map<string, Sight>;
  chronology: Map<string, Sight>;
  /** `GET /families/{id}/involvements`: which organisations work with the family, on what basis. */
  involvements: Map<string, Sight>;
  people: Map<string, Sight>;
  episodes: Map<string, Sight>;
  assessments: Map<string, Sight>;
  tafPlans: Map<string, Sight>;
  caseNotes: Map<string, Sight>;
  marfs: Map<string, Sight>;
  /** `GET /marfs`: the referrer's own list (the MASH's: every MARF), as api.md's "follow your own". */
  marfList: Map<string, Sight>;
}

const RANK: Record<Sight, number> = { no: 0, either: 1, yes: 2 };
export const most = (...sights: Sight[]): Sight => sights.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'no');
export const soften = (sight: Sight): Sight => (sight === 'no' ? 'no' : 'either');
