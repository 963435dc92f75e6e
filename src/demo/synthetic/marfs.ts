import type { ConcernCategory, MarfOutcome } from '../../marf/marf-rules';
import type { OrganisationType } from '../../organisations/organisation-types';
import { pickOrganisation, pickPractitioner, type Partnership, type SyntheticOrganisation } from './partnership';
import type { SyntheticChild } from './people';
import { addDays, at, Random, weekdayOnOrAfter } from './random';

/** Who sends MARFs: schools, police and health dominate. */
export const REFERRER_TYPES: Partial<Record<OrganisationType, number>> = {
  school: 30,
  police: 24,
  health: 15,
  gp: 5,
  early_years: 3,
  childrens_centre: 2,
  family_hub: 4,
  voluntary: 5,
  housing: 4,
  youth_justice: 3,
  local_authority: 3,
  other: 2,
};

/**
 * Decisions: about 81% no further action (with or without advice), 16% to social care (2021's
 * 80.94% and 16.27%), the rest to early help.
 */
const OUTCOMES: Record<Exclude<MarfOutcome, 'already_open_social_care'>, number> = {
  nfa: 440,
  nfa_advice_signposting: 370,
  social_care_assessment: 120,
  strategy_discussion: 43,
  early_help_multi_agency: 11,
  strengthening_families: 10,
  early_help_single_agency: 6,
};

const CONCERNS: Record<ConcernCategory, number> = {
  neglect: 20,
  domestic_abuse: 18,
  physical_abuse: 12,
  emotional_abuse: 10,
  parental_mental_health: 10,
  child_mental_health: 8,
  parental_substance_misuse: 7,
  child_exploitation: 5,
  sexual_abuse: 4,
  harm_outside_home: 4,
  other: 2,
};

const NARRATIVES: Record<ConcernCategory, readonly string[]> = {
  neglect: [
    'Child has arrived at school hungry and in the same unwashed uniform on most days this month.',
    'Home visit found very little food in the house and the younger children unsupervised.',
    'Repeated missed health appointments; the baby has not been weighed since birth.',
  ],
  domestic_abuse: [
    'Police attended a domestic incident at the address overnight; the children were present.',
    'Mother disclosed controlling behaviour by her partner and is frightened to go home.',
    'Third domestic incident at the address in six months; children heard the argument.',
  ],
  physical_abuse: [
    'Child has a bruise to the cheek and gave inconsistent accounts of how it happened.',
    'Child said dad hits him with a belt when he is naughty.',
  ],
  emotional_abuse: [
    'Child is withdrawn and says her mum calls her stupid and tells her she wishes she was never born.',
    'Parents shout and swear at the children at the school gate; the child is anxious about going home.',
  ],
  parental_mental_health: [
    'Mother has told the health visitor she is struggling with low mood and cannot cope with the baby.',
    'Father was admitted to hospital after a mental health crisis; the children are with a neighbour.',
  ],
  child_mental_health: [
    'Young person disclosed self-harm to a teacher and says she does not feel safe at home.',
    'Child is refusing school and has spoken about not wanting to be alive.',
  ],
  parental_substance_misuse: [
    'Parent appeared under the influence of alcohol at school pick-up.',
    'Drug paraphernalia seen in the home during a visit; the toddler was nearby.',
  ],
  child_exploitation: [
    'Young person has been missing overnight twice this month and has a new phone and money.',
    'Young person seen with older males in cars outside school; believed to be carrying drugs.',
  ],
  sexual_abuse: ['Child made a disclosure to a teaching assistant about an adult touching her.'],
  harm_outside_home: ['Young person was assaulted in the park and is being threatened on social media.'],
  other: ['Family has been evicted and is sofa-surfing; the children are missing school.'],
};

const NOT_AWARE = [
  'Informing the parents could place the child at risk of further harm.',
  'Could not contact the parents before sending the referral.',
  'Advised by the police not to inform the parents while they make enquiries.',
];

const EARLY_HELP_TRIED = [
  'School pastoral support and a referral to the school nurse.',
  'Single-agency support from the health visitor since the birth.',
  'Family Hub parenting course; mother stopped attending.',
];

const RATIONALES: Record<string, string> = {
  nfa: 'Concerns do not meet the threshold for a statutory or early help response.',
  nfa_advice_signposting:
    'No further action from the MASH; referrer advised and family signposted to universal services.',
  social_care_assessment: 'Needs indicate a child in need: section 17 assessment by the social care assessment team.',
  strategy_discussion: 'Reasonable cause to suspect significant harm: strategy discussion under section 47.',
  early_help_multi_agency: 'Needs met by a multi-agency early help response with a Lead Professional.',
  strengthening_families: 'Complex needs below the statutory threshold: allocated to Strengthening Families.',
  early_help_single_agency: 'Needs can be met by the referring agency with a single-agency plan.',
};

const FEEDBACK: Record<string, string> = {
  nfa: 'Thank you for your referral. Please continue to monitor and refer again if concerns increase.',
  nfa_advice_signposting: 'Advice given; please share the Family Hub offer with the family.',
  social_care_assessment: 'Passed to the social care assessment team; a social worker will contact the family.',
  strategy_discussion: 'A strategy discussion has been convened today; you may be asked to contribute.',
  early_help_multi_agency: 'Stepped down to early help; the lead organisation will contact you about a TAF.',
  strengthening_families: 'Stepped down to Strengthening Families, who will contact the family this week.',
  early_help_single_agency: 'Please continue your support under a single-agency early help plan.',
};

export interface MarfResult {
  /** The day of the decision, when there is one. */
  decidedOn?: string;
  outcome?: MarfOutcome;
  lead?: SyntheticOrganisation;
  referrer: SyntheticOrganisation;
}

/** An organisation that sends MARFs and has practitioners to send them. */
export function pickReferrer(rng: Random, partnership: Partnership): SyntheticOrganisation {
  for (;;) {
    const organisation = pickOrganisation(
      rng,
      partnership,
      rng.weighted(REFERRER_TYPES as Record<string, number>) as OrganisationType,
    );
    if (organisation.practitioners.length > 0) return organisation;
  }
}

function leadFor(rng: Random, partnership: Partnership, outcome: MarfOutcome): SyntheticOrganisation | undefined {
  if (outcome === 'strengthening_families') return partnership.strengtheningFamilies;
  if (outcome === 'early_help_multi_agency') {
    return pickOrganisation(rng, partnership, rng.weighted({ family_hub: 45, childrens_centre: 35, school: 20 }));
  }
  if (outcome === 'early_help_single_agency') {
    return pickOrganisation(rng, partnership, rng.weighted({ school: 50, health: 25, childrens_centre: 25 }));
  }
  return undefined;
}

/**
 * One MARF with its triage and (unless received in the last day or two) its decision, mostly
 * within one working day of receipt.
 */
export function generateMarf(
  rng: Random,
  input: {
    legacyId: string;
    family: string;
    children: SyntheticChild[];
    receivedOn: string;
    last: string;
    referrer: SyntheticOrganisation;
  },
  partnership: Partnership,
  out: string[],
): MarfResult {
  const { legacyId, referrer, last } = input;
  const receivedOn = rng.chance(0.9) ? weekdayOnOrAfter(input.receivedOn) : input.receivedOn;
  const day = receivedOn > last ? last : receivedOn;
  const hour = rng.int(8, 16);
  const receivedAt = at(day, hour, rng.int(0, 59));
  const concerns = [rng.weighted(CONCERNS)];
  while (concerns.length < 3 && rng.chance(0.35)) concerns.push(rng.weighted(CONCERNS));
  const children = rng.chance(0.6) ? input.children : rng.sample(input.children, rng.int(1, input.children.length));
  const immediateRisk = rng.chance(0.07);
  const parentsAware = rng.chance(0.8);
  const earlyHelpTried = rng.chance(0.25);
  const mash = partnership.mash;
  const triaged = rng.chance(0.97);
  const triageHour = Math.min(hour + rng.int(1, 3), 20);
  out.push(
    `${JSON.stringify({
      kind: 'marf',
      legacyId,
      referrerUser: pickPractitioner(rng, referrer),
      referrerOrganisation: referrer.legacyId,
      family: input.family,
      children: children.map((child) => child.legacyId),
      concernCategories: concerns,
      narrative: rng.pick(NARRATIVES[concerns[0]!]),
      immediateRisk,
      parentsAware,
      ...(parentsAware ? {} : { parentsNotAwareReason: rng.pick(NOT_AWARE) }),
      earlyHelpTried,
      ...(earlyHelpTried ? { earlyHelpTriedDetails: rng.pick(EARLY_HELP_TRIED) } : {}),
      receivedAt,
      ...(triaged
        ? {
            triage: {
              rag: immediateRisk ? 'red' : rng.weighted({ red: 8, amber: 45, green: 47 }),
              assignee: rng.pick(mash),
              triagedBy: rng.pick(mash),
              triagedAt: at(day, triageHour, rng.int(0, 59)),
            },
          }
        : {}),
    })}\n`,
  );
  const prompt = rng.chance(0.88);
  const decidedOn = prompt
    ? rng.chance(0.55)
      ? day
      : weekdayOnOrAfter(addDays(day, 1))
    : weekdayOnOrAfter(addDays(day, rng.int(2, 5)));
  if (decidedOn > last) return { referrer };
  const decidedAt =
    decidedOn === day
      ? at(day, Math.min(triageHour + rng.int(1, 2), 22), rng.int(0, 59))
      : at(decidedOn, rng.int(9, 17), rng.int(0, 59));
  const outcome = rng.weighted(OUTCOMES);
  const lead = leadFor(rng, partnership, outcome);
  out.push(
    `${JSON.stringify({
      kind: 'marf_decision',
      legacyId: `${legacyId}/decision`,
      marf: legacyId,
      outcome,
      rationale: RATIONALES[outcome],
      quality: rng.weighted({ evidence_based: 30, adequate: 50, poor: 20 }),
      earlyHelpEvidenced: earlyHelpTried ? rng.chance(0.85) : rng.chance(0.05),
      feedbackToReferrer: FEEDBACK[outcome],
      ...(lead ? { leadOrganisation: lead.legacyId } : {}),
      decidedBy: rng.pick(mash),
      decidedAt,
    })}\n`,
  );
  return { decidedOn, outcome, lead, referrer };
}
