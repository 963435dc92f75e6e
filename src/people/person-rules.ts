/** ONS 2021 census ethnic groups (19 categories) plus `not_stated`. */
export const ETHNICITIES = [
  'white_british',
  'white_irish',
  'white_gypsy_or_irish_traveller',
  'white_roma',
  'white_other',
  'mixed_white_black_caribbean',
  'mixed_white_black_african',
  'mixed_white_asian',
  'mixed_other',
  'asian_indian',
  'asian_pakistani',
  'asian_bangladeshi',
  'asian_chinese',
  'asian_other',
  'black_african',
  'black_caribbean',
  'black_other',
  'other_arab',
  'other_any',
  'not_stated',
] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

export const ETHNICITY_GROUPS = ['white', 'mixed', 'asian', 'black', 'other', 'not_stated'] as const;
export type EthnicityGroup = (typeof ETHNICITY_GROUPS)[number];

/** The high-level group analysts break measures down by; the database derives the same column. */
export function ethnicityGroup(ethnicity: Ethnicity): EthnicityGroup {
  if (ethnicity === 'not_stated') return 'not_stated';
  return ethnicity.split('_')[0] as EthnicityGroup;
}

export const SEXES = ['female', 'male', 'indeterminate', 'not_known'] as const;
export type Sex = (typeof SEXES)[number];

export const SEND_STATUSES = ['none', 'sen_support', 'ehcp'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

export const PERSON_TYPES = ['child', 'adult'] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

/** Whole years between two ISO dates; a 29 February birthday is reached on 1 March in other years. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/**
 * Early Help works with children to 18, and with young people to 25 where they have SEND. Returns
 * why a person cannot be recorded as a child, or null when they can.
 */
export function childAgeProblem(
  person: { dateOfBirth?: string | null; sendStatus: SendStatus },
  today: string,
): string | null {
  if (!person.dateOfBirth) return null;
  const age = ageOn(person.dateOfBirth, today);
  if (age < 18) return null;
  if (person.sendStatus !== 'none' && age < 25) return null;
  return person.sendStatus === 'none'
    ? 'a person aged 18 or over without SEND is recorded as an adult'
    : 'a young person with SEND is a child or young person only until their 25th birthday';
}

/** The outward code (`B69` of `B69 4AA`): enough to tell two people apart, not enough to find them. */
export function postcodeDistrict(postcode: string | null): string | null {
  if (!postcode) return null;
  return postcode.trim().split(/\s+/)[0]!.toUpperCase();
}

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$/;

/** Upper-case with one space before the inward code, or null when it is not a UK postcode. */
export function normalisePostcode(value: string): string | null {
  const match = POSTCODE.exec(value.trim().toUpperCase());
  return match ? `${match[1]} ${match[2]}` : null;
}

/**
 * The CIN census ethnicity code an ONS category maps onto: one code where the mapping is
 * one-to-one, the codes to choose from where it is not (Gypsy or Irish Traveller: WIRT or WROM;
 * not stated: REFU if refused, NOBT if not yet asked).
 */
export const CIN_ETHNICITY_OF: Record<Ethnicity, readonly string[]> = {
  white_british: ['WBRI'],
  white_irish: ['WIRI'],
  white_gypsy_or_irish_traveller: ['WIRT', 'WROM'],
  white_roma: ['WROM'],
  white_other: ['WOTH'],
  mixed_white_black_caribbean: ['MWBC'],
  mixed_white_black_african: ['MWBA'],
  mixed_white_asian: ['MWAS'],
  mixed_other: ['MOTH'],
  asian_indian: ['AIND'],
  asian_pakistani: ['APKN'],
  asian_bangladeshi: ['ABAN'],
  asian_chinese: ['CHNE'],
  asian_other: ['AOTH'],
  black_african: ['BAFR'],
  black_caribbean: ['BCRB'],
  black_other: ['BOTH'],
  other_arab: ['OOTH'],
  other_any: ['OOTH'],
  not_stated: ['REFU', 'NOBT'],
};

/**
 * The CIN ethnicity code to store: the given one when it fits the ONS category, the only one when
 * the mapping is one-to-one; otherwise why not (the field at fault is `cinEthnicity`).
 */
export function cinEthnicity(
  ethnicity: Ethnicity,
  given: string | null | undefined,
): { code: string } | { problem: string; required: boolean } {
  const options = CIN_ETHNICITY_OF[ethnicity];
  if (given) {
    if (options.includes(given)) return { code: given };
    return { problem: `${given} does not fit ethnicity ${ethnicity}: use ${options.join(' or ')}`, required: false };
  }
  if (options.length === 1) return { code: options[0]! };
  return { problem: `ethnicity ${ethnicity} needs cinEthnicity ${options.join(' or ')}`, required: true };
}

/** Disability codes: NONE stands alone. */
export function disabilitiesProblem(codes: readonly string[]): string | null {
  if (codes.includes('NONE') && codes.length > 1) return 'NONE cannot be given with other disabilities';
  return null;
}
