import type { NeedCode } from '../../assessments/need-codes';
import type { ClosureReason, EpisodeRoute } from '../../episodes/episode-rules';
import { pickOrganisation, pickPractitioner, type Partnership, type SyntheticOrganisation } from './partnership';
import { childrenOn, type SyntheticFamily } from './people';
import { addDays, at, daysBetween, minDate, Random } from './random';

export interface PlannedEpisode {
  legacyId: string;
  openedOn: string;
  route: EpisodeRoute;
  level: string;
  referring?: SyntheticOrganisation;
  lead: SyntheticOrganisation;
}

export const MULTI_AGENCY_LEVELS = ['multi_agency_early_help', 'targeted_family_help', 'specialist_family_help'];

/** Closure reasons of episodes that end on their own (step-ups are decided elsewhere); 72% outcomes met. */
export const CLOSURE_REASONS: Partial<Record<ClosureReason, number>> = {
  outcomes_met: 76,
  single_agency_support: 8,
  no_engagement: 7,
  consent_withdrawn: 3,
  moved_out_of_area: 3,
  other: 3,
};

const NEEDS: Partial<Record<NeedCode, number>> = {
  improved_family_relationships: 16,
  improved_mental_health: 14,
  getting_a_good_education: 13,
  safe_from_domestic_abuse: 11,
  financial_stability: 10,
  good_early_years_development: 8,
  secure_housing: 7,
  children_safe_from_abuse_and_exploitation: 6,
  improved_physical_health: 5,
  neglect: 5,
  send: 5,
  promoting_recovery_reducing_substance_harm: 4,
  crime_prevention_and_tackling_crime: 3,
  young_carer: 2,
};

/**
 * The CIN census assessment factor a need most often shows for the child it is about; needs with
 * no closer factor are `20` (other).
 */
const FACTOR_OF_NEED: Partial<Record<NeedCode, string>> = {
  improved_mental_health: '4A',
  safe_from_domestic_abuse: '3A',
  neglect: '16A',
  young_carer: '7A',
  promoting_recovery_reducing_substance_harm: '2B',
  children_safe_from_abuse_and_exploitation: '11A',
  crime_prevention_and_tackling_crime: '24A',
  improved_physical_health: '6A',
  send: '5A',
};

/**
 * The family's needs shared out among the children of the assessment (round the children, no
 * random draws, so the rest of the partnership is unchanged), with each child's factors once the
 * assessment is completed.
 */
function childNeedsOf(needs: NeedCode[], children: { legacyId: string }[], completed: boolean) {
  return children.flatMap((child, index) => {
    const own = needs.filter((_, n) => n % children.length === index);
    if (own.length === 0) return [];
    const factors = [...new Set(own.map((need) => FACTOR_OF_NEED[need] ?? '20'))];
    return [{ person: child.legacyId, needs: own, ...(completed ? { assessmentFactors: factors } : {}) }];
  });
}

/** Children's own words, in the spirit of those in Sandwell's sufficiency strategy. */
const CHILD_VIEWS = [
  'I like it when mum has time to play with me.',
  'I want the shouting at home to stop.',
  'Breakfast club is the best bit of the day.',
  'I want to stay living with my brother.',
  'I am happier now I can talk to someone at school.',
  'I do not like it when dad goes away.',
  'I want to go to football club with my friends.',
  'Things are better at home now, we have more money for food.',
  'I worry about my mum when I am at school.',
  'I want people to listen to me before they decide things.',
];

const STRENGTHS = [
  'Mother is warm and loving and wants the best for the children.',
  'Grandparents live nearby and help with school runs.',
  'The children attend school regularly and have good friendships.',
  'Father has engaged well with the parenting course.',
];

const PARENTS_VIEWS = [
  'We need help with the children’s behaviour and with money.',
  'I want support so I can get back to work.',
  'I did not think we needed help but the plan has been useful.',
];

const LEAD_CHANGE_REASONS = ['Practitioner left the team', 'Caseload rebalanced', 'Family asked for a new worker'];

const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

/** An episode's lead organisation for a partner request or self-referral: Strengthening Families leads about half. */
export function pickLead(rng: Random, partnership: Partnership): SyntheticOrganisation {
  return pickOrganisation(
    rng,
    partnership,
    rng.weighted({
      strengthening_families: 46,
      family_hub: 15,
      childrens_centre: 16,
      school: 10,
      health: 5,
      voluntary: 4,
      early_years: 4,
    }),
  );
}

/** The date the demo partnership switched to the Family Help names: a year before its today. */
export const familyHelpFrom = (today: string): string => addDays(today, -365);

/** The Family Help vocabulary for episodes opened from the switch date, the continuum's before. */
export function pickLevel(rng: Random, openedOn: string, today: string, singleAgency = false): string {
  if (singleAgency) return 'early_help';
  if (openedOn >= familyHelpFrom(today)) {
    return rng.weighted({ targeted_family_help: 80, specialist_family_help: 20 });
  }
  return rng.weighted({ multi_agency_early_help: 85, early_help: 15 });
}

/**
 * Writes an episode and its work: consent, the EHA (its status and dates as far as the episode got
 * by its closure or yesterday), Lead Professionals (one active at a time, ended at closure), a TAF
 * plan with meetings every ~6 weeks and each child's views.
 */
export function writeEpisode(
  rng: Random,
  episode: PlannedEpisode,
  closure: { closedOn: string; reason: ClosureReason } | undefined,
  family: SyntheticFamily,
  partnership: Partnership,
  last: string,
  out: string[],
): void {
  const { legacyId, openedOn, lead } = episode;
  const end = closure ? closure.closedOn : last;
  const organisations = new Map<string, SyntheticOrganisation>([[lead.legacyId, lead]]);
  if (episode.referring && episode.referring.practitioners.length > 0) {
    organisations.set(episode.referring.legacyId, episode.referring);
  }
  out.push(
    line({
      kind: 'episode',
      legacyId,
      family: family.legacyId,
      openedOn,
      route: episode.route,
      level: episode.level,
      ...(episode.referring ? { referringOrganisation: episode.referring.legacyId } : {}),
      leadOrganisation: lead.legacyId,
      ...(closure ? { closedOn: closure.closedOn, closureReason: closure.reason } : {}),
      // The national reason-for-closure code where the local reason does not decide it: a move is a
      // transfer to another local authority (RC5), any other reason services ceased (RC7).
      ...(closure?.reason === 'moved_out_of_area' ? { endReasonCode: 'RC5' } : {}),
      ...(closure?.reason === 'other' ? { endReasonCode: 'RC7' } : {}),
    }),
  );

  const startedOn = addDays(openedOn, rng.int(1, 10));
  let assessed = false;
  let tafFrom: string | undefined;
  const leadUser = pickPractitioner(rng, lead)!;
  if (startedOn <= end) {
    assessed = true;
    const submittedOn = addDays(startedOn, rng.int(5, 28));
    const completedOn = addDays(submittedOn, rng.int(1, 10));
    const givingUp = closure && (closure.reason === 'no_engagement' || closure.reason === 'consent_withdrawn');
    const dates: Record<string, string> = { startedOn };
    let status: string;
    if ((givingUp && rng.chance(0.6)) || (closure && submittedOn > end)) {
      status = 'withdrawn';
      dates.withdrawnOn = end;
    } else if (completedOn <= end) {
      status = 'completed';
      Object.assign(dates, { submittedOn, completedOn });
    } else if (submittedOn <= end) {
      status = 'submitted';
      dates.submittedOn = submittedOn;
    } else status = 'draft';
    if (status !== 'withdrawn') tafFrom = dates.submittedOn ?? addDays(startedOn, 14);
    const needs = [rng.weighted(NEEDS)];
    while (needs.length < 4 && rng.chance(0.55)) needs.push(rng.weighted(NEEDS));
    const familyNeeds = [...new Set(needs)];
    const assessedChildren = childrenOn(family, startedOn).filter((child) => child.dateOfBirth);
    out.push(
      line({
        kind: 'assessment',
        legacyId: `${legacyId}-EHA`,
        episode: legacyId,
        assessor: leadUser,
        assessorOrganisation: lead.legacyId,
        status,
        needs: familyNeeds,
        childNeeds: childNeedsOf(familyNeeds, assessedChildren, status === 'completed'),
        strengths: rng.pick(STRENGTHS),
        parentsViews: rng.pick(PARENTS_VIEWS),
        worryStatement: 'We are worried that the children are not getting the care and routine they need.',
        safetyGoal: 'The children are safe, at school every day and have a calm home.',
        scaling: rng.int(2, 8),
        ...(status === 'withdrawn' ? { withdrawalReason: 'Family did not engage with the assessment' } : {}),
        ...dates,
      }),
    );
  }

  // Lead Professionals: from the assessment onward, sometimes handed over halfway.
  const leadFrom = assessed ? startedOn : openedOn;
  const span = daysBetween(leadFrom, end);
  const handover = span > 60 && rng.chance(0.15) ? addDays(leadFrom, Math.floor(span / 2)) : undefined;
  const assignment = (n: number, user: string, from: string, to: string | undefined, endReason?: string) =>
    out.push(
      line({
        kind: 'lead_professional_assignment',
        legacyId: `${legacyId}-LP${n}`,
        episode: legacyId,
        user,
        organisation: lead.legacyId,
        reason: n === 1 ? 'Closest relationship with the family' : 'Handover within the team',
        startedAt: from,
        ...(to ? { endedAt: to, endReason } : {}),
      }),
    );
  const closedAt = closure ? at(closure.closedOn, 16) : undefined;
  if (handover) {
    assignment(1, leadUser, at(leadFrom, 9), at(handover, 12), rng.pick(LEAD_CHANGE_REASONS));
    assignment(2, pickPractitioner(rng, lead)!, at(handover, 12), closedAt, 'Episode closed');
  } else assignment(1, leadUser, at(leadFrom, 9), closedAt, 'Episode closed');

  if (tafFrom && tafFrom <= end && MULTI_AGENCY_LEVELS.includes(episode.level)) {
    const school = family.children.some(
      (child) => child.dateOfBirth && child.dateOfBirth < addDays(tafFrom!, -5 * 365),
    );
    for (const type of [school ? 'school' : 'early_years', 'health'] as const) {
      if (organisations.size < 4 && rng.chance(0.6)) {
        const member = pickOrganisation(rng, partnership, type);
        if (member.practitioners.length > 0) organisations.set(member.legacyId, member);
      }
    }
    const members = [...organisations.values()];
    const users = new Map(members.map((m) => [m.legacyId, m === lead ? leadUser : pickPractitioner(rng, m)!]));
    const plan = `${legacyId}-TAF`;
    out.push(
      line({
        kind: 'taf_plan',
        legacyId: plan,
        episode: legacyId,
        startedOn: tafFrom,
        reviewIntervalWeeks: 6,
        ...(closure ? { endedOn: closure.closedOn } : {}),
        members: members.map((m) => ({ organisation: m.legacyId, user: users.get(m.legacyId), joinedOn: tafFrom })),
      }),
    );
    const meeting = (n: number, meetingKind: string, heldOn: string) => {
      const children = childrenOn(family, heldOn).filter((child) => child.dateOfBirth);
      out.push(
        line({
          kind: 'taf_meeting',
          legacyId: `${plan}/M${n}`,
          tafPlan: plan,
          meetingKind,
          heldOn,
          notes:
            meetingKind === 'closing'
              ? 'Plan closed; family know how to get help again.'
              : 'Plan reviewed with the family.',
          attendees: [
            ...members.map((m) => ({ organisation: m.legacyId, user: users.get(m.legacyId) })),
            { person: family.parent },
          ],
          children: children.map((child) => {
            const age = daysBetween(child.dateOfBirth!, heldOn) / 365;
            return {
              person: child.legacyId,
              attended: age >= 8 && rng.chance(0.35),
              ...(age >= 4 && rng.chance(0.7) ? { views: rng.pick(CHILD_VIEWS) } : {}),
            };
          }),
        }),
      );
    };
    let n = 1;
    meeting(n, 'initial', tafFrom);
    let heldOn = addDays(tafFrom, rng.int(35, 49));
    while (heldOn < end) {
      meeting(++n, 'review', heldOn);
      heldOn = addDays(heldOn, rng.int(35, 49));
    }
    if (closure && closure.closedOn > tafFrom) meeting(++n, 'closing', closure.closedOn);
  }

  const consentWithdrawn = closure?.reason === 'consent_withdrawn';
  out.push(
    line({
      kind: 'consent',
      legacyId: `${legacyId}-CON`,
      family: family.legacyId,
      givenBy: family.parent,
      givenOn: openedOn,
      scopes: ['assessment', 'information_sharing'],
      organisations: [...organisations.keys()],
      recordedByOrganisation: lead.legacyId,
      ...(consentWithdrawn
        ? { withdrawnAt: at(minDate(end, last), 11), withdrawalReason: 'Parent withdrew consent' }
        : {}),
    }),
  );
}
