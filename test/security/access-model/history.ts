/**
 * The state of one history as the reference model keeps it (domain.md, "Roles and who may see
 * what"): facts in, the involvements they start and end out, each with its basis, start and end.
 * Written from the domain text, not from the service code. What each organisation may see on a
 * date is `AccessModel` (model.ts), over this state.
 */
import { addDays, addWorkingDays } from './calendar';
import { ALLOCATION_WORKING_DAYS, Fact, ImportedFamily, Org, Sight } from './facts';

export interface Span {
  org: Org;
  family: string;
  start: string;
  end: string | null;
}
export interface Allocation extends Span {
  episode: string;
  /** The MARF whose decision allocated it (none for a social care step-down). */
  marf: string | null;
  lapsesOn: string;
  /** False when it joined an allocation already open (one involvement row for both). */
  row: boolean;
  /** An unwithdrawn consent from before (whose sharing ended at an earlier closure) named the org. */
  contested: boolean;
}
export interface ConsentRecord {
  id: string;
  family: string;
  orgs: Set<Org>;
  withdrawn: boolean;
}
export interface Episode {
  id: string;
  family: string;
  openedOn: string;
  closedOn: string | null;
  leadAtClose: Org | null;
  allocatedAtClose: Org | null;
  /** Organisations named by a consent withdrawn or narrowed after the closure. */
  withdrawnAfterClose: Set<Org>;
  /**
   * Whether consent covered the Lead Professional's organisation at closure (the `lead` basis holds
   * "only while consent covers the organisation", and closing work continues it): `yes` when a
   * consent naming it shared the case then, `no` when none named it (e.g. an imported lead that no
   * imported consent names, or whose consent was withdrawn before the closure: it had no case access
   * and gets none after), `either` when only an older consent, whose sharing an earlier closure had
   * ended, named it (the same `either` as caseAccess's).
   */
  leadCoveredAtClose: Sight;
}
export interface Recorded {
  id: string;
  episode: string;
  by: Org;
}
export interface Marf {
  id: string;
  referrer: Org;
  family: string;
}

export class AccessHistory {
  today: string;
  readonly families = new Map<string, Set<string>>();
  readonly people = new Set<string>();
  readonly linked = new Map<Org, Set<string>>();
  /**
   * `recorder` of the family record: the organisation that created the family (a partner whose
   * MARF made a new family, or the organisation an import names) sees that record, its consents
   * and the members it added itself (domain.md: "what it recorded itself"), never the case record.
   * The reading chosen where the text allows two; docs/people-families-consent.md says so.
   */
  readonly familyRecorder = new Map<string, Org>();
  readonly addedBy = new Map<string, Map<string, Org>>(); // family -> person -> the organisation that added them
  readonly personRecorder = new Map<string, Org>();
  readonly marfs = new Map<string, Marf>();
  readonly episodes = new Map<string, Episode>();
  readonly consents = new Map<string, ConsentRecord>();
  /** `closed`: the sharing was ended by an episode closure (a consent recorded that day starts a new row). */
  readonly consentSpans: (Span & { consent: string; closed?: boolean })[] = [];
  readonly allocations: Allocation[] = [];
  readonly leads: (Span & { episode: string })[] = [];
  readonly tafMembers: (Span & { episode: string })[] = [];
  readonly tafPlans = new Map<string, string>(); // plan -> episode
  readonly assessments = new Map<string, Recorded>();
  readonly caseNotes = new Map<string, Recorded>();
  /**
   * `family org` pairs where an older unwithdrawn consent, whose own sharing an episode closure had
   * ended, still names the organisation and may carry its sharing: after a newer consent naming it
   * was withdrawn or narrowed, or when it is allocated the family again. Read either way until a
   * closure, a new consent or the end of every consent naming it settles it (docs/reliability.md).
   */
  readonly keptByOlderConsent = new Set<string>();
  /**
   * `family org` pairs whose consent involvement an older consent may have started or kept (every
   * pair ever in keptByOlderConsent): such a row stays in the family's involvements after the
   * closure that ends it, so those rows are compared either way for the rest of the history.
   */
  readonly olderConsentRows = new Set<string>();
  /** Families an import created (an attack may only name these). */
  readonly imported = new Set<string>();

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
      case 'importAttack':
        // An import never opens access to a record it did not create: the attack changes nothing.
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
      case 'decideMarf':
        if (fact.lead === null || fact.episode === null) return;
        this.allocate(fact.lead, this.marfs.get(fact.marf)!.family, fact.episode, fact.marf);
        return;
      case 'stepDown':
        this.allocate(fact.lead, fact.family, fact.episode, null);
        return;
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
        episode.leadCoveredAtClose = episode.leadAtClose ? this.coveredNow(episode.leadAtClose, episode.family) : 'no';
        episode.allocatedAtClose =
          this.allocations.find((a) => a.episode === episode.id && a.end === null && today <= a.lapsesOn)?.org ?? null;
        // The closure ends allocation, consent, lead and TAF member involvements of the family.
        for (const span of this.consentSpans)
          if (span.family === episode.family && span.end === null) span.closed = true;
        for (const span of [...this.allocations, ...this.consentSpans, ...this.leads, ...this.tafMembers]) {
          if (span.family === episode.family && span.end === null) span.end = today;
        }
        for (const key of [...this.keptByOlderConsent])
          if (key.startsWith(`${episode.family} `)) this.keptByOlderConsent.delete(key);
        return;
      }
      case 'importFamily':
        this.importFamily(fact);
        return;
    }
  }

  /**
   * A legacy family with its past: the dates are the legacy system's, so each involvement starts
   * and ends when the work did (an episode closed in the past ended its consent and lead then).
   */
  private importFamily(fact: ImportedFamily): void {
    const on = (daysAgo: number) => addDays(this.today, -daysAgo);
    this.families.set(fact.family, new Set([fact.adult, fact.child]));
    this.imported.add(fact.family);
    this.people.add(fact.adult).add(fact.child);
    this.familyRecorder.set(fact.family, fact.recorder);
    this.personRecorder.set(fact.adult, fact.recorder);
    this.personRecorder.set(fact.child, fact.recorder);
    const closedOn = fact.closedDaysAgo === null ? null : on(fact.closedDaysAgo);
    const ended = (...dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort()[0] ?? null;
    const episode: Episode = {
      id: fact.episode,
      family: fact.family,
      openedOn: on(fact.openedDaysAgo),
      closedOn,
      leadAtClose: closedOn && fact.lead && fact.lead.endedDaysAgo === null ? fact.lead.org : null,
      allocatedAtClose: null,
      withdrawnAfterClose: new Set(),
      // The imported consent was given while the episode was open; covered at closure unless withdrawn by then.
      leadCoveredAtClose:
        closedOn !== null &&
        !!fact.lead &&
        !!fact.consent?.orgs.includes(fact.lead.org) &&
        (fact.consent.withdrawnDaysAgo === null || fact.consent.withdrawnDaysAgo < fact.closedDaysAgo!)
          ? 'yes'
          : 'no',
    };
    this.episodes.set(fact.episode, episode);
    if (fact.consent) {
      const c = fact.consent;
      const withdrawnOn = c.withdrawnDaysAgo === null ? null : on(c.withdrawnDaysAgo);
      this.consents.set(c.consent, {
        id: c.consent,
        family: fact.family,
        orgs: new Set(c.orgs),
        withdrawn: withdrawnOn !== null,
      });
      for (const org of c.orgs) {
        this.consentSpans.push({
          consent: c.consent,
          org,
          family: fact.family,
          start: on(c.givenDaysAgo),
          end: ended(withdrawnOn, closedOn),
          closed: closedOn !== null && (withdrawnOn === null || closedOn < withdrawnOn),
        });
        if (closedOn && withdrawnOn && withdrawnOn > closedOn) episode.withdrawnAfterClose.add(org);
      }
    }
    if (fact.lead) {
      const l = fact.lead;
      this.leads.push({
        org: l.org,
        family: fact.family,
        episode: fact.episode,
        start: on(l.startedDaysAgo),
        end: ended(l.endedDaysAgo === null ? null : on(l.endedDaysAgo), closedOn),
      });
    }
  }

  /** The lead organisation of an early help decision or step-down is allocated the family's episode. */
  private allocate(org: Org, family: string, episode: string, marf: string | null): void {
    const today = this.today;
    if (!this.episodes.has(episode)) {
      this.episodes.set(episode, {
        id: episode,
        family,
        openedOn: today,
        closedOn: null,
        leadAtClose: null,
        allocatedAtClose: null,
        withdrawnAfterClose: new Set(),
        leadCoveredAtClose: 'no',
      });
    }
    const sharing = this.activeConsentSpans(org, family).length > 0;
    const staleConsent = this.named(org, family);
    // Allocated the episode again while its allocation is open: the same involvement goes on, with
    // its own lapse date (kept for the MARF it came from, listed once).
    const open = this.allocations.find(
      (a) => a.org === org && a.episode === episode && a.end === null && a.row && today < a.lapsesOn,
    );
    this.allocations.push({
      org,
      family,
      episode,
      marf,
      row: !open,
      start: open?.start ?? today,
      lapsesOn: open?.lapsesOn ?? addWorkingDays(today, ALLOCATION_WORKING_DAYS),
      // Consent already shared with the lead: the allocation has become consent at once.
      end: sharing ? today : null,
      contested: !sharing && staleConsent,
    });
    // Whether that older consent turns the allocation into consent (the service's reading: the
    // family's consent names the organisation) or the allocation lapses without a new consent.
    if (!sharing && staleConsent) this.keepByOlderConsent(`${family} ${org}`);
  }

  private keepByOlderConsent(key: string): void {
    this.keptByOlderConsent.add(key);
    this.olderConsentRows.add(key);
  }

  private memberAddedBy(family: string, person: string, org: Org): void {
    if (!this.addedBy.has(family)) this.addedBy.set(family, new Map());
    if (!this.addedBy.get(family)!.has(person)) this.addedBy.get(family)!.set(person, org);
  }

  /** Whether a consent of the family names the organisation now and has not been withdrawn. */
  named(org: Org, family: string): boolean {
    return [...this.consents.values()].some((c) => c.family === family && !c.withdrawn && c.orgs.has(org));
  }

  /** Whether consent covers the organisation now: sharing (`yes`), or only an older consent names it (`either`). */
  private coveredNow(org: Org, family: string): Sight {
    if (this.activeConsentSpans(org, family).length > 0) return 'yes';
    return this.named(org, family) ? 'either' : 'no';
  }

  activeConsentSpans(org: Org, family: string) {
    return this.consentSpans.filter((s) => s.org === org && s.family === family && s.end === null);
  }

  private startSharing(record: ConsentRecord, org: Org): void {
    this.consentSpans.push({ consent: record.id, org, family: record.family, start: this.today, end: null });
    this.keptByOlderConsent.delete(`${record.family} ${org}`);
    // Consent recorded for an allocated organisation: the allocation becomes consent.
    for (const a of this.allocations) {
      if (a.org === org && a.family === record.family && a.end === null) a.end = this.today;
    }
  }

  private stopSharing(record: ConsentRecord, org: Org): void {
    for (const s of this.consentSpans) {
      if (s.consent === record.id && s.org === org && s.end === null) s.end = this.today;
    }
    const older = [...this.consents.values()].some(
      (c) => c !== record && c.family === record.family && !c.withdrawn && c.orgs.has(org),
    );
    if (older && this.activeConsentSpans(org, record.family).length === 0)
      this.keepByOlderConsent(`${record.family} ${org}`);
    // The last consent naming the organisation no longer does: no reading keeps it sharing.
    else if (!older) this.keptByOlderConsent.delete(`${record.family} ${org}`);
    for (const e of this.episodes.values())
      if (e.family === record.family && e.closedOn) e.withdrawnAfterClose.add(org);
  }
}
