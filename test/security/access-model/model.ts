/**
 * The reference model of "who may see what" (domain.md, "Roles and who may see what"), written
 * from that text and not from the service code: a history of facts in, and for an organisation
 * on today's date, which records it may read.
 *
 * Each answer is `yes`, `no` or `either`. `either` marks the few places where the domain text
 * allows two readings (listed in docs/reliability.md); the test checks only `yes` and `no`.
 *
 * Facts are abstract ("family F0", "organisation school"); the replay maps them to real ids.
 */
import { addDays, addWorkingDays, daysBetween } from './calendar';

export const PARTNERS = ['school', 'health', 'sf', 'voluntary', 'hub'] as const;
export const ORGANISATIONS = [...PARTNERS, 'mash', 'social_care'] as const;
export type Partner = (typeof PARTNERS)[number];
export type Org = (typeof ORGANISATIONS)[number];

export const ALLOCATION_WORKING_DAYS = 20;
export const LEAD_KEEPS_CLOSED_EPISODE_DAYS = 90;

export type Sight = 'yes' | 'no' | 'either';

/** One thing that happened, after the replay resolved it (ids are the model's own). */
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
  | { kind: 'check' };

interface Span {
  org: Org;
  family: string;
  start: string;
  end: string | null;
}
interface Allocation extends Span {
  episode: string;
  marf: string;
  lapsesOn: string;
  /** An unwithdrawn consent from before (whose sharing ended at an earlier closure) named the org. */
  contested: boolean;
}
interface ConsentRecord {
  id: string;
  family: string;
  orgs: Set<Org>;
  withdrawn: boolean;
}
interface Episode {
  id: string;
  family: string;
  openedOn: string;
  closedOn: string | null;
  leadAtClose: Org | null;
  allocatedAtClose: Org | null;
  /** Organisations named by a consent withdrawn or narrowed after the closure. */
  withdrawnAfterClose: Set<Org>;
}
interface Recorded {
  id: string;
  episode: string;
  by: Org;
}
interface Marf {
  id: string;
  referrer: Org;
  family: string;
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
const soften = (sight: Sight): Sight => (sight === 'no' ? 'no' : 'either');

export class AccessModel {
  today: string;
  readonly families = new Map<string, Set<string>>();
  readonly people = new Set<string>();
  readonly linked = new Map<Org, Set<string>>();
  /**
   * `recorder` of the family record: the organisation that created the family (here, a partner
   * whose MARF made a new family) sees that record, its consents and the members it added itself
   * (domain.md: "what it recorded itself"), never the case record. The reading chosen where the
   * text allows two; docs/people-families-consent.md says so.
   */
  readonly familyRecorder = new Map<string, Org>();
  readonly addedBy = new Map<string, Map<string, Org>>(); // family -> person -> the organisation that added them
  readonly personRecorder = new Map<string, Org>();
  readonly marfs = new Map<string, Marf>();
  readonly episodes = new Map<string, Episode>();
  readonly consents = new Map<string, ConsentRecord>();
  readonly consentSpans: (Span & { consent: string })[] = [];
  readonly allocations: Allocation[] = [];
  readonly leads: (Span & { episode: string })[] = [];
  readonly tafMembers: (Span & { episode: string })[] = [];
  readonly tafPlans = new Map<string, string>(); // plan -> episode
  readonly assessments = new Map<string, Recorded>();
  readonly caseNotes = new Map<string, Recorded>();

  constructor(start: string) {
    this.today = start;
  }

  openEpisode(family: string): Episode | undefined {
    return [...this.episodes.values()].find((e) => e.family === family && e.closedOn === null);
  }

  apply(fact: Fact): void {
    const today = this.today;
    switch (fact.kind) {
      case 'advance':
        this.today = addDays(today, fact.days);
        return;
      case 'check':
        return;
      case 'createFamily':
        this.families.set(fact.family, new Set([fact.adult, fact.child]));
        this.people.add(fact.adult).add(fact.child);
        return;
      case 'submitMarf':
        if (fact.newFamily) {
          this.families.set(fact.family, new Set());
          this.familyRecorder.set(fact.family, fact.by);
        }
        if (fact.newChild) {
          this.people.add(fact.child);
          this.personRecorder.set(fact.child, fact.by);
        }
        this.memberAddedBy(fact.family, fact.child, fact.by);
        this.families.get(fact.family)!.add(fact.child);
        this.marfs.set(fact.marf, { id: fact.marf, referrer: fact.by, family: fact.family });
        return;
      case 'decideMarf': {
        if (fact.lead === null || fact.episode === null) return;
        const family = this.marfs.get(fact.marf)!.family;
        if (!this.episodes.has(fact.episode)) {
          this.episodes.set(fact.episode, {
            id: fact.episode,
            family,
            openedOn: today,
            closedOn: null,
            leadAtClose: null,
            allocatedAtClose: null,
            withdrawnAfterClose: new Set(),
          });
        }
        const lead = fact.lead;
        const sharing = this.activeConsentSpans(lead, family).length > 0;
        const staleConsent = [...this.consents.values()].some(
          (c) => c.family === family && !c.withdrawn && c.orgs.has(lead),
        );
        this.allocations.push({
          org: lead,
          family,
          episode: fact.episode,
          marf: fact.marf,
          start: today,
          lapsesOn: addWorkingDays(today, ALLOCATION_WORKING_DAYS),
          // Consent already shared with the lead: the allocation has become consent at once.
          end: sharing ? today : null,
          contested: !sharing && staleConsent,
        });
        return;
      }
      case 'recordConsent': {
        const record = { id: fact.consent, family: fact.family, orgs: new Set<Org>(fact.orgs), withdrawn: false };
        this.consents.set(fact.consent, record);
        for (const org of fact.orgs) this.startSharing(record, org);
        return;
      }
      case 'changeConsent': {
        const record = this.consents.get(fact.consent)!;
        const next = new Set<Org>(fact.orgs);
        for (const org of record.orgs) if (!next.has(org)) this.stopSharing(record, org);
        for (const org of next) if (!record.orgs.has(org)) this.startSharing(record, org);
        record.orgs = next;
        return;
      }
      case 'withdrawConsent': {
        const record = this.consents.get(fact.consent)!;
        for (const org of record.orgs) this.stopSharing(record, org);
        record.withdrawn = true;
        return;
      }
      case 'linkPerson':
        this.families.get(fact.family)!.add(fact.person);
        this.people.add(fact.person);
        this.memberAddedBy(fact.family, fact.person, fact.by);
        if (!this.linked.has(fact.by)) this.linked.set(fact.by, new Set());
        this.linked.get(fact.by)!.add(fact.person);
        return;
      case 'startAssessment':
        this.assessments.set(fact.assessment, { id: fact.assessment, episode: fact.episode, by: fact.by });
        return;
      case 'recordNote':
        this.caseNotes.set(fact.note, { id: fact.note, episode: fact.episode, by: fact.by });
        return;
      case 'assignLead': {
        const episode = this.episodes.get(fact.episode)!;
        for (const lead of this.leads) if (lead.episode === fact.episode && lead.end === null) lead.end = today;
        this.leads.push({ org: fact.org, family: episode.family, episode: fact.episode, start: today, end: null });
        return;
      }
      case 'addTafMember': {
        const episode = this.episodes.get(fact.episode)!;
        if (fact.newPlan) this.tafPlans.set(fact.plan, fact.episode);
        this.tafMembers.push({ org: fact.org, family: episode.family, episode: fact.episode, start: today, end: null });
        return;
      }
      case 'endTafMember':
        for (const m of this.tafMembers) {
          if (m.episode === fact.episode && m.org === fact.org && m.end === null) m.end = today;
        }
        return;
      case 'closeEpisode': {
        const episode = this.episodes.get(fact.episode)!;
        episode.closedOn = today;
        episode.leadAtClose = this.leads.find((l) => l.episode === episode.id && l.end === null)?.org ?? null;
        episode.allocatedAtClose =
          this.allocations.find((a) => a.episode === episode.id && this.allocationSight(a) !== 'no')?.org ?? null;
        // The closure ends allocation, consent, lead and TAF member involvements of the family.
        for (const span of [...this.allocations, ...this.consentSpans, ...this.leads, ...this.tafMembers]) {
          if (span.family === episode.family && span.end === null) span.end = today;
        }
        return;
      }
    }
  }

  private memberAddedBy(family: string, person: string, org: Org): void {
    if (!this.addedBy.has(family)) this.addedBy.set(family, new Map());
    if (!this.addedBy.get(family)!.has(person)) this.addedBy.get(family)!.set(person, org);
  }

  private activeConsentSpans(org: Org, family: string) {
    return this.consentSpans.filter((s) => s.org === org && s.family === family && s.end === null);
  }

  private startSharing(record: ConsentRecord, org: Org): void {
    this.consentSpans.push({ consent: record.id, org, family: record.family, start: this.today, end: null });
    // Consent recorded for an allocated organisation: the allocation becomes consent.
    for (const a of this.allocations) {
      if (a.org === org && a.family === record.family && a.end === null) a.end = this.today;
    }
  }

  private stopSharing(record: ConsentRecord, org: Org): void {
    for (const s of this.consentSpans) {
      if (s.consent === record.id && s.org === org && s.end === null) s.end = this.today;
    }
    for (const e of this.episodes.values())
      if (e.family === record.family && e.closedOn) e.withdrawnAfterClose.add(org);
  }

  /** An allocation lapses `ALLOCATION_WORKING_DAYS` working days after it starts: the lapse day itself is left open. */
  private allocationSight(a: Allocation): Sight {
    if (a.end !== null || this.today > a.lapsesOn) return 'no';
    if (this.today === a.lapsesOn || a.contested) return 'either';
    return 'yes';
  }

  /** The lapse date of the allocation a decision made: null when consent already covered the lead. */
  lapsesOn(marf: string): string | null | undefined {
    const allocation = this.allocations.find((a) => a.marf === marf);
    if (!allocation) return undefined;
    return allocation.end === allocation.start ? null : allocation.lapsesOn;
  }

  /** The whole case record: consent (or lead / TAF member while consent covers it), or a statutory reader. */
  caseAccess(org: Org, family: string): Sight {
    if (org === 'mash' || org === 'social_care') return 'yes';
    if (this.activeConsentSpans(org, family).length > 0) return 'yes';
    // Lead / TAF member on an open episode with a consent naming the organisation whose sharing
    // an earlier closure ended: "while consent covers" may be read either way.
    const assigned = [...this.leads, ...this.tafMembers].some(
      (s) => s.org === org && s.family === family && s.end === null,
    );
    const named = [...this.consents.values()].some((c) => c.family === family && !c.withdrawn && c.orgs.has(org));
    return assigned && named ? 'either' : 'no';
  }

  private allocatedSight(org: Org, family: string, episode?: string, marf?: string): Sight {
    return most(
      ...this.allocations
        .filter(
          (a) =>
            a.org === org && a.family === family && (!episode || a.episode === episode) && (!marf || a.marf === marf),
        )
        .map((a) => this.allocationSight(a)),
    );
  }

  /** The Lead Professional's organisation keeps the closed episode for 90 days for closing work. */
  private closingWork(org: Org, episode: Episode): Sight {
    if (!episode.closedOn) return 'no';
    const days = daysBetween(episode.closedOn, this.today);
    if (days > LEAD_KEEPS_CLOSED_EPISODE_DAYS) return 'no';
    if (episode.leadAtClose === org) {
      return days === LEAD_KEEPS_CLOSED_EPISODE_DAYS || episode.withdrawnAfterClose.has(org) ? 'either' : 'yes';
    }
    // No Lead Professional at closure, only an allocated lead organisation: "Lead Professional organisation" either way.
    return episode.leadAtClose === null && episode.allocatedAtClose === org ? 'either' : 'no';
  }

  expected(org: Org): Expected {
    const episodesOf = (family: string) => [...this.episodes.values()].filter((e) => e.family === family);
    const familySight = new Map<string, Sight>();
    const out: Expected = {
      families: new Map(),
      members: new Map(),
      consents: new Map(),
      chronology: new Map(),
      involvements: new Map(),
      people: new Map(),
      episodes: new Map(),
      assessments: new Map(),
      tafPlans: new Map(),
      caseNotes: new Map(),
      marfs: new Map(),
      marfList: new Map(),
    };
    for (const family of this.families.keys()) {
      const access = this.caseAccess(org, family);
      const closing = soften(most(...episodesOf(family).map((e) => this.closingWork(org, e))));
      const allocated = this.allocatedSight(org, family);
      const sight = most(access, allocated, closing);
      familySight.set(family, sight);
      const recorder: Sight = this.familyRecorder.get(family) === org ? 'yes' : 'no';
      out.families.set(family, most(sight, recorder));
      out.members.set(family, most(sight, recorder));
      out.consents.set(family, most(access, soften(allocated), closing, recorder));
      out.chronology.set(family, most(access, closing));
      // Who works with the family belongs to the family record (allocation, consent, lead, TAF);
      // whether the organisation that only recorded the family sees it ("what it recorded itself")
      // is not said: either.
      out.involvements.set(family, most(sight, soften(recorder)));
    }
    for (const person of this.people) {
      const viaFamily = [...this.families]
        .filter(([, members]) => members.has(person))
        .map(([f]) => familySight.get(f)!);
      // As the family's recorder: only the members it added itself.
      const viaOwnFamily = [...this.families.keys()].some(
        (f) => this.familyRecorder.get(f) === org && this.addedBy.get(f)?.get(person) === org,
      );
      out.people.set(
        person,
        most(
          viaOwnFamily || this.personRecorder.get(person) === org ? 'yes' : 'no',
          // Linking shows the person's demographics: for good, or (the service's reading) while the
          // organisation still sees a family it linked them into. Both defensible: not checked.
          this.linked.get(org)?.has(person) ? 'either' : 'no',
          ...viaFamily,
        ),
      );
    }
    const episodeSight = (episode: Episode) => {
      const access = this.caseAccess(org, episode.family);
      const closing = this.closingWork(org, episode);
      return { access, closing };
    };
    for (const episode of this.episodes.values()) {
      const { access, closing } = episodeSight(episode);
      // The allocated lead may be shown the episode it must seek consent for, "awaiting consent".
      out.episodes.set(episode.id, most(access, closing, soften(this.allocatedSight(org, episode.family, episode.id))));
    }
    const recorded = (record: Recorded): Sight => {
      const { access, closing } = episodeSight(this.episodes.get(record.episode)!);
      return most(record.by === org ? 'yes' : 'no', access, soften(closing));
    };
    for (const a of this.assessments.values()) out.assessments.set(a.id, recorded(a));
    for (const n of this.caseNotes.values()) out.caseNotes.set(n.id, recorded(n));
    for (const [plan, episodeId] of this.tafPlans) {
      const { access, closing } = episodeSight(this.episodes.get(episodeId)!);
      out.tafPlans.set(plan, most(access, soften(closing)));
    }
    for (const marf of this.marfs.values()) {
      out.marfList.set(marf.id, marf.referrer === org || org === 'mash' ? 'yes' : 'no');
      if (marf.referrer === org || org === 'mash') {
        out.marfs.set(marf.id, 'yes');
        continue;
      }
      const allocated = this.allocatedSight(org, marf.family, undefined, marf.id);
      // Whether the whole case record (or social care's statutory read) includes the MARFs: not said.
      out.marfs.set(marf.id, most(allocated, soften(this.caseAccess(org, marf.family))));
    }
    return out;
  }
}
