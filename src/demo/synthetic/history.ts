import type { ClosureReason } from '../../episodes/episode-rules';
import type { SocialCareKind } from '../../social-care/dto/social-care-involvement.dto';
import { CLOSURE_REASONS, pickLead, pickLevel, type PlannedEpisode, writeEpisode } from './episodes';
import { generateMarf, pickReferrer } from './marfs';
import { pickOrganisation, type Partnership, type SyntheticOrganisation } from './partnership';
import { childrenOn, type SyntheticChild, type SyntheticFamily } from './people';
import { addDays, maxDate, minDate, type Random } from './random';

export type FamilyEvent = { date: string; type: 'marf' | 'request' | 'close' | 'care_end'; token?: number };

interface OpenEpisode extends PlannedEpisode {
  token: number;
  plannedReason?: ClosureReason;
}

interface SocialCare {
  token: number;
  /** The last involvement's end, or undefined while it is still open. */
  until?: string;
  involvements: string[];
  kinds: SocialCareKind[];
}

const CARE_KINDS: Record<string, Partial<Record<SocialCareKind, number>>> = {
  strategy_discussion: { child_protection_plan: 40, child_in_need: 30, assessment: 25, looked_after: 5 },
  social_care_assessment: { assessment: 55, child_in_need: 38, child_protection_plan: 5, looked_after: 2 },
  step_up: { child_in_need: 50, assessment: 30, child_protection_plan: 20 },
};

const CARE_DAYS: Record<SocialCareKind, [number, number]> = {
  referral: [1, 10],
  assessment: [20, 45],
  child_in_need: [90, 400],
  child_protection_plan: [120, 540],
  looked_after: [180, 900],
};

const TEAMS: Record<SocialCareKind, string> = {
  referral: 'Front Door',
  assessment: 'Assessment Team',
  child_in_need: 'Children in Need Team',
  child_protection_plan: 'Safeguarding Team',
  looked_after: 'Children in Care Team',
};

const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

export interface HistoryInput {
  rng: Random;
  prefix: string;
  index: number;
  family: SyntheticFamily;
  partnership: Partnership;
  events: FamilyEvent[];
  firstReferrer: SyntheticOrganisation;
  last: string;
  today: string;
}

/**
 * A family's case history, played forward event by event: MARFs and their decisions, episodes
 * (at most one open at a time), step-ups to social care and step-downs back, re-referrals. MARFs
 * that arrive while a social worker is allocated wait until the involvement ends, as the front
 * door would refuse them.
 */
export function playHistory(input: HistoryInput, out: string[]): void {
  const { rng, prefix, index, family, partnership, last, today } = input;
  const events = [...input.events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const schedule = (event: FamilyEvent) => {
    if (event.date > last) return;
    let at = events.findIndex((e) => e.date > event.date);
    if (at < 0) at = events.length;
    events.splice(at, 0, event);
  };
  let token = 0;
  let marfs = 0;
  let episodes = 0;
  let involvements = 0;
  let episode: OpenEpisode | undefined;
  let care: SocialCare | undefined;
  let referrer: SyntheticOrganisation | undefined = input.firstReferrer;

  const open = (plan: Omit<PlannedEpisode, 'legacyId' | 'level'>, singleAgency = false) => {
    const openedOn = minDate(plan.openedOn, last);
    const legacyId = `${prefix}-EP-${index}-${++episodes}`;
    const stepUp = rng.chance(0.05);
    episode = {
      ...plan,
      legacyId,
      openedOn,
      level: pickLevel(rng, openedOn, today, singleAgency),
      token: ++token,
      plannedReason: stepUp
        ? 'stepped_up_to_social_care'
        : rng.weighted(CLOSURE_REASONS as Record<ClosureReason, number>),
    };
    schedule({
      date: addDays(openedOn, stepUp ? rng.int(30, 200) : rng.int(90, 270)),
      type: 'close',
      token: episode.token,
    });
  };
  const close = (closedOn: string, reason: ClosureReason) => {
    const current = episode!;
    writeEpisode(
      rng,
      current,
      { closedOn: maxDate(closedOn, current.openedOn), reason },
      family,
      partnership,
      last,
      out,
    );
    episode = undefined;
    return current;
  };
  const startCare = (date: string, children: SyntheticChild[], mix: string) => {
    const kinds = CARE_KINDS[mix]!;
    const kind = rng.weighted(kinds as Record<SocialCareKind, number>);
    const [min, max] = CARE_DAYS[kind];
    const ends = addDays(date, rng.int(min, max));
    const ended = ends <= last;
    const worker = `${rng.pick(['Sam', 'Alex', 'Jo', 'Priya', 'Nadia', 'Tom', 'Grace', 'Imran'])} ${rng.pick(['Hughes', 'Begum', 'Clarke', 'Sandhu', 'Mensah', 'Price'])}`;
    care = { token: ++token, until: ended ? ends : undefined, involvements: [], kinds: [kind] };
    for (const child of children) {
      const id = `${prefix}-SC-${index}-${++involvements}`;
      care.involvements.push(id);
      out.push(
        line({
          kind: 'social_care_involvement',
          legacyId: id,
          // The social care feed's own spelling (lower case, as the API takes it), so its updates match these.
          sourceSystem: 'lcs',
          sourceId: `${prefix}-${index}-${involvements}`,
          person: child.legacyId,
          involvementKind: kind,
          startedOn: date,
          ...(ended ? { endedOn: ends } : {}),
          allocatedWorkerName: worker,
          allocatedTeamName: `${family.town} ${TEAMS[kind]}`,
          teamContact: '0121 569 3100',
        }),
      );
    }
    if (ended) schedule({ date: ends, type: 'care_end', token: care.token });
  };
  const stepUp = (date: string, children: SyntheticChild[], mix: string) => {
    const closed = episode ? close(date, 'stepped_up_to_social_care') : undefined;
    startCare(date, children, mix);
    if (closed) {
      out.push(
        line({
          kind: 'transition',
          legacyId: `${closed.legacyId}-UP`,
          transitionKind: 'step_up',
          family: family.legacyId,
          episode: closed.legacyId,
          socialCareInvolvement: care!.involvements[0],
          transitionOn: maxDate(date, closed.openedOn),
          reason: 'Needs escalated beyond early help',
        }),
      );
    }
  };

  for (let event = events.shift(); event; event = events.shift()) {
    const { date } = event;
    if (event.type === 'close') {
      if (!episode || episode.token !== event.token) continue;
      const reason = episode.plannedReason!;
      if (reason === 'stepped_up_to_social_care') {
        const children = childrenOn(family, date);
        if (children.length > 0) {
          stepUp(date, children, 'step_up');
          continue;
        }
      }
      close(date, reason === 'stepped_up_to_social_care' ? 'outcomes_met' : reason);
      if (rng.chance(0.19)) schedule({ date: addDays(date, rng.int(20, 330)), type: 'request' });
    } else if (event.type === 'care_end') {
      if (!care || care.token !== event.token) continue;
      const ended = care;
      care = undefined;
      const stepDown = ended.kinds[0] === 'assessment' ? rng.chance(0.06) : rng.chance(0.25);
      if (stepDown && !episode) {
        open({
          openedOn: addDays(date, rng.int(0, 14)),
          route: 'social_care_step_down',
          referring: partnership.socialCare,
          lead: partnership.strengtheningFamilies,
        });
        out.push(
          line({
            kind: 'transition',
            legacyId: `${episode!.legacyId}-DOWN`,
            transitionKind: 'step_down',
            family: family.legacyId,
            episode: episode!.legacyId,
            socialCareInvolvement: ended.involvements[0],
            transitionOn: date,
            reason: 'Social care closed; continuing support with Strengthening Families',
          }),
        );
      }
    } else if (event.type === 'marf') {
      if (care) {
        if (care.until) schedule({ date: addDays(care.until, rng.int(5, 200)), type: 'marf' });
        continue;
      }
      const children = childrenOn(family, date);
      if (children.length === 0) continue;
      const result = generateMarf(
        rng,
        {
          legacyId: `${prefix}-MARF-${index}-${++marfs}`,
          family: family.legacyId,
          children,
          receivedOn: date,
          last,
          referrer: referrer ?? pickReferrer(rng, partnership),
        },
        partnership,
        out,
      );
      referrer = undefined;
      const { outcome, decidedOn } = result;
      if (!outcome || !decidedOn) continue;
      if (outcome === 'social_care_assessment' || outcome === 'strategy_discussion') {
        stepUp(decidedOn, children, outcome);
      } else if (result.lead && !episode) {
        open(
          {
            openedOn: addDays(decidedOn, rng.int(1, 7)),
            route: 'marf_step_down',
            referring: result.referrer,
            lead: result.lead,
          },
          outcome === 'early_help_single_agency',
        );
      }
    } else if (!episode && !care) {
      const self = rng.chance(0.2);
      open({
        openedOn: date,
        route: self ? 'self_referral' : 'partner_request',
        referring: self ? undefined : pickOrganisation(rng, partnership, rng.weighted(REQUEST_TYPES)),
        lead: pickLead(rng, partnership),
      });
    }
  }
  if (episode) writeEpisode(rng, episode, undefined, family, partnership, last, out);
}

/** Who asks for multi-agency early help: schools about 40% (2021). */
const REQUEST_TYPES = {
  school: 40,
  health: 14,
  early_years: 9,
  childrens_centre: 8,
  family_hub: 8,
  gp: 5,
  voluntary: 7,
  housing: 4,
  police: 3,
  youth_justice: 2,
} as const;
