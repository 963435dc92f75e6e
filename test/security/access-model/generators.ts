/**
 * Random histories for the access model test. A history is a start date and a list of intents
 * ("a school sends a MARF", "the MASH decides the second undecided MARF to early help led by
 * health", "two weeks pass"). Intents name things by position, so any list is meaningful and
 * fast-check can shrink it; `Resolver` turns each into a model `Fact` against the state so far,
 * or skips it when it does not apply (closing an episode the family does not have).
 */
import fc from 'fast-check';
import { addDays } from './calendar';
import { AccessModel, Fact, ImportedFamily, Org, Partner, PARTNERS } from './model';

export type Intent =
  | { kind: 'advance'; days: number }
  | { kind: 'createFamily' }
  | { kind: 'submitMarf'; by: Partner; family: number | null }
  | {
      kind: 'decide';
      marf: number;
      outcome: 'nfa' | 'early_help_multi_agency' | 'strengthening_families';
      lead: Partner;
    }
  | { kind: 'stepDown'; family: number; lead: Partner }
  | {
      kind: 'importFamily';
      recorder: Partner;
      /** Where in the legacy past things happened: fractions of the time available, so any value is valid. */
      opened: number;
      closed: number | null;
      consent: { orgs: Partner[]; given: number; withdrawn: number | null } | null;
      lead: { org: Partner; started: number; ended: number | null } | null;
    }
  | { kind: 'importAttack'; family: number; orgs: Partner[]; lead: Partner }
  | { kind: 'consent'; family: number; orgs: Partner[] }
  | { kind: 'changeConsent'; consent: number; orgs: Partner[] }
  | { kind: 'withdraw'; consent: number }
  | { kind: 'link'; person: number; family: number; by: Partner }
  | { kind: 'assess'; family: number; by: Partner }
  | { kind: 'note'; family: number; by: Partner }
  | { kind: 'lead'; family: number; org: Partner }
  | { kind: 'tafJoin'; family: number; org: Partner }
  | { kind: 'tafLeave'; family: number; org: Partner }
  | { kind: 'close'; family: number }
  | { kind: 'check' };

export interface History {
  start: string;
  intents: Intent[];
  /** Chooses which single reads a sampled check makes (replay.ts). */
  salt: number;
}

/** Every date of a history stays on or before this (the service may still compare with the real time). */
export const LAST_DATE = '2026-11-27';
const FIRST_DATE = '2025-01-02';

const partner = fc.constantFrom(...PARTNERS);
const index = fc.nat({ max: 5 });
const orgSet = fc.uniqueArray(partner, { minLength: 1, maxLength: 3 });
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const intent: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      days: fc.constantFrom(1, 2, 3, 7, 14, 21, 30, 60, 91),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'createFamily' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('submitMarf' as const),
      by: partner,
      family: fc.option(index, { nil: null }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      marf: index,
      outcome: fc.constantFrom('nfa' as const, 'early_help_multi_agency' as const, 'strengthening_families' as const),
      lead: partner,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stepDown' as const), family: index, lead: partner }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('importFamily' as const),
      recorder: partner,
      opened: fraction,
      closed: fc.option(fraction, { nil: null }),
      consent: fc.option(fc.record({ orgs: orgSet, given: fraction, withdrawn: fc.option(fraction, { nil: null }) }), {
        nil: null,
      }),
      lead: fc.option(fc.record({ org: partner, started: fraction, ended: fc.option(fraction, { nil: null }) }), {
        nil: null,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('importAttack' as const), family: index, orgs: orgSet, lead: partner }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('consent' as const), family: index, orgs: orgSet }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('changeConsent' as const), consent: index, orgs: orgSet }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), consent: index }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('link' as const), person: index, family: index, by: partner }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('assess' as const), family: index, by: partner }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('note' as const), family: index, by: partner }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lead' as const), family: index, org: partner }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tafJoin' as const), family: index, org: partner }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tafLeave' as const), family: index, org: partner }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), family: index }) },
  // Every history ends with a full check; checks between catch ends and lapses at their date.
  { weight: 1, arbitrary: fc.constant({ kind: 'check' as const }) },
);

/** 1 to 3 families to start with, then up to `maxIntents` things happening. */
export function historyArbitrary(maxIntents = 20): fc.Arbitrary<History> {
  return fc.record({
    salt: fc.nat(),
    start: fc.nat({ max: 300 }).map((offset) => addDays(FIRST_DATE, offset)),
    intents: fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.array(intent, { minLength: 6, maxLength: maxIntents }))
      .map(([families, rest]) => [
        ...Array.from({ length: families }, () => ({ kind: 'createFamily' as const })),
        ...rest,
      ]),
  });
}

const pick = <T>(items: readonly T[], at: number): T | undefined =>
  items.length ? items[at % items.length] : undefined;

/** Turns intents into facts, keeping the model's state and the names it hands out. */
export class Resolver {
  readonly model: AccessModel;
  readonly familyIds: string[] = [];
  readonly childrenOf = new Map<string, string[]>();
  readonly consentIds: string[] = [];
  private readonly undecided: string[] = [];
  private readonly seq = new Map<string, number>();

  constructor(start: string) {
    this.model = new AccessModel(start);
  }

  private next(prefix: string): string {
    const n = this.seq.get(prefix) ?? 0;
    this.seq.set(prefix, n + 1);
    return `${prefix}${n}`;
  }

  private openEpisodeOf(family: number) {
    const id = pick(this.familyIds, family);
    return id ? this.model.openEpisode(id) : undefined;
  }

  /** The fact an intent stands for now, or null when it does not apply. Call `commit` once it happened. */
  resolve(intent: Intent): Fact | null {
    const m = this.model;
    switch (intent.kind) {
      case 'check':
        return intent;
      case 'advance': {
        const days = Math.min(
          intent.days,
          Math.max(0, Math.round((Date.parse(LAST_DATE) - Date.parse(m.today)) / 86_400_000)),
        );
        return days > 0 ? { kind: 'advance', days } : null;
      }
      case 'createFamily':
        if (this.familyIds.length >= 3) return null;
        return { kind: 'createFamily', family: this.next('F'), adult: this.next('P'), child: this.next('P') };
      case 'submitMarf': {
        const existing = intent.family === null ? undefined : pick(this.familyIds, intent.family);
        // A referrer names an existing family only when it can see it; otherwise it is new to them.
        if (existing && m.expected(intent.by).families.get(existing) === 'yes') {
          const child = this.childrenOf.get(existing)![0]!;
          return {
            kind: 'submitMarf',
            marf: this.next('M'),
            by: intent.by,
            family: existing,
            newFamily: false,
            child,
            newChild: false,
          };
        }
        if (this.familyIds.length >= 3) return null;
        return {
          kind: 'submitMarf',
          marf: this.next('M'),
          by: intent.by,
          family: this.next('F'),
          newFamily: true,
          child: this.next('P'),
          newChild: true,
        };
      }
      case 'decide': {
        const marf = pick(this.undecided, intent.marf);
        if (!marf) return null;
        if (intent.outcome === 'nfa') return { kind: 'decideMarf', marf, outcome: 'nfa', lead: null, episode: null };
        const family = m.marfs.get(marf)!.family;
        const lead = intent.outcome === 'strengthening_families' ? 'sf' : intent.lead;
        const episode = m.openEpisode(family)?.id ?? this.next('E');
        return { kind: 'decideMarf', marf, outcome: intent.outcome, lead, episode };
      }
      case 'stepDown': {
        const family = pick(this.familyIds, intent.family);
        if (!family) return null;
        const episode = m.openEpisode(family)?.id ?? this.next('E');
        return { kind: 'stepDown', family, child: this.childrenOf.get(family)![0]!, lead: intent.lead, episode };
      }
      case 'importFamily':
        if (this.familyIds.length >= 3) return null;
        return { kind: 'importFamily', ...this.legacyPast(intent) };
      case 'importAttack': {
        const family = pick([...m.imported], intent.family);
        if (!family) return null;
        const episode = [...m.episodes.values()].find((e) => e.family === family)!.id;
        return { kind: 'importAttack', family, episode, orgs: intent.orgs, lead: intent.lead };
      }
      case 'consent': {
        const family = pick(this.familyIds, intent.family);
        if (!family) return null;
        // Recorded by a named organisation that can already see the family (the allocated lead), else by the MASH.
        const by: Org = intent.orgs.find((o) => m.expected(o).families.get(family) === 'yes') ?? 'mash';
        return { kind: 'recordConsent', consent: this.next('C'), family, orgs: intent.orgs, by };
      }
      case 'changeConsent':
      case 'withdraw': {
        const live = this.consentIds.filter((c) => !m.consents.get(c)!.withdrawn);
        const consent = pick(live, intent.consent);
        if (!consent) return null;
        return intent.kind === 'withdraw'
          ? { kind: 'withdrawConsent', consent }
          : { kind: 'changeConsent', consent, orgs: intent.orgs };
      }
      case 'link': {
        const family = pick(this.familyIds, intent.family);
        const children = [...this.childrenOf].filter(([f]) => f !== family).flatMap(([, c]) => c);
        const person = pick(children, intent.person);
        if (!family || !person || m.families.get(family)!.has(person)) return null;
        const by: Org = m.caseAccess(intent.by, family) === 'yes' ? intent.by : 'mash';
        return { kind: 'linkPerson', person, family, by };
      }
      case 'assess': {
        const episode = this.openEpisodeOf(intent.family);
        if (!episode || [...m.assessments.values()].some((a) => a.episode === episode.id)) return null;
        if (m.caseAccess(intent.by, episode.family) !== 'yes') return null;
        return { kind: 'startAssessment', assessment: this.next('A'), episode: episode.id, by: intent.by };
      }
      case 'note': {
        const episode = this.openEpisodeOf(intent.family);
        if (!episode || m.caseAccess(intent.by, episode.family) !== 'yes') return null;
        return { kind: 'recordNote', note: this.next('N'), episode: episode.id, by: intent.by };
      }
      case 'lead': {
        const episode = this.openEpisodeOf(intent.family);
        // A Lead Professional from the assessment onward.
        if (!episode || ![...m.assessments.values()].some((a) => a.episode === episode.id)) return null;
        if (m.leads.some((l) => l.episode === episode.id && l.end === null && l.org === intent.org)) return null;
        return { kind: 'assignLead', episode: episode.id, org: intent.org };
      }
      case 'tafJoin': {
        const episode = this.openEpisodeOf(intent.family);
        if (!episode || m.tafMembers.some((t) => t.episode === episode.id && t.org === intent.org && t.end === null))
          return null;
        const plan = [...m.tafPlans].find(([, e]) => e === episode.id)?.[0];
        return {
          kind: 'addTafMember',
          episode: episode.id,
          plan: plan ?? this.next('T'),
          newPlan: !plan,
          org: intent.org,
        };
      }
      case 'tafLeave': {
        const episode = this.openEpisodeOf(intent.family);
        if (!episode || !m.tafMembers.some((t) => t.episode === episode.id && t.org === intent.org && t.end === null))
          return null;
        return { kind: 'endTafMember', episode: episode.id, org: intent.org };
      }
      case 'close': {
        const episode = this.openEpisodeOf(intent.family);
        return episode ? { kind: 'closeEpisode', episode: episode.id } : null;
      }
    }
  }

  /**
   * Dates in days before today for an imported family: opened 60 to 460 days ago; closed (if so)
   * at least 20 days after; consent given and the Lead Professional started while the episode was
   * open, withdrawn or ended later (an assignment ends before the closure, never on it).
   */
  private legacyPast(intent: Extract<Intent, { kind: 'importFamily' }>): ImportedFamily {
    const within = (f: number, from: number, to: number) => from + Math.floor(f * (to - from + 1)); // from..to
    const opened = within(intent.opened, 60, 460);
    const closed = intent.closed === null ? null : within(intent.closed, 1, opened - 20);
    const end = closed ?? 0;
    let consent: ImportedFamily['consent'] = null;
    if (intent.consent) {
      const given = within(intent.consent.given, end + 1, opened);
      let withdrawn = intent.consent.withdrawn === null ? null : within(intent.consent.withdrawn, 1, given - 1);
      if (withdrawn !== null && (withdrawn === closed || withdrawn >= given)) withdrawn = null;
      consent = {
        consent: this.next('C'),
        orgs: intent.consent.orgs,
        givenDaysAgo: given,
        withdrawnDaysAgo: withdrawn,
      };
    }
    let lead: ImportedFamily['lead'] = null;
    if (intent.lead) {
      const started = within(intent.lead.started, end + 2, opened);
      const ended = intent.lead.ended === null ? null : within(intent.lead.ended, end + 1, started - 1);
      lead = { org: intent.lead.org, startedDaysAgo: started, endedDaysAgo: ended };
    }
    return {
      family: this.next('F'),
      adult: this.next('P'),
      child: this.next('P'),
      recorder: intent.recorder,
      episode: this.next('E'),
      openedDaysAgo: opened,
      closedDaysAgo: closed,
      consent,
      lead,
    };
  }

  /** Records a fact that happened (in the model and in the names this resolver hands out). */
  commit(fact: Fact): void {
    this.model.apply(fact);
    if (fact.kind === 'createFamily' || fact.kind === 'importFamily') {
      this.familyIds.push(fact.family);
      this.childrenOf.set(fact.family, [fact.child]);
    }
    if (fact.kind === 'submitMarf') {
      this.undecided.push(fact.marf);
      if (fact.newFamily) {
        this.familyIds.push(fact.family);
        this.childrenOf.set(fact.family, [fact.child]);
      }
    }
    if (fact.kind === 'decideMarf') this.undecided.splice(this.undecided.indexOf(fact.marf), 1);
    if (fact.kind === 'recordConsent') this.consentIds.push(fact.consent);
  }
}

/** A readable form of a history for failure messages. */
export function describeFacts(facts: readonly Fact[]): string {
  return facts.map((f, i) => `${String(i).padStart(3)} ${JSON.stringify(f)}`).join('\n');
}
