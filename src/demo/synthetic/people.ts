import { forenameVariants } from '../../people/duplicate-rules';
import type { Ethnicity, SendStatus } from '../../people/person-rules';
import { CHILD_ETHNICITY, firstLanguageFor, firstNameFor, surnameFor } from './names';
import { postcodeIn } from './places';
import { addDays, at, Random } from './random';

export interface SyntheticChild {
  legacyId: string;
  dateOfBirth?: string;
  expectedDateOfBirth?: string;
  sendStatus: SendStatus;
}

export interface SyntheticFamily {
  legacyId: string;
  town: string;
  /** The parent who gives consent. */
  parent: string;
  adults: string[];
  children: SyntheticChild[];
}

/** NHS numbers per family: a block of this many, so each family's numbers depend only on its index. */
const NHS_BLOCK = 4;

/** The nine digits plus the modulus-11 check digit, or undefined when no valid number has those nine digits. */
export function nhsNumber(nineDigits: number): string | undefined {
  const digits = String(nineDigits).padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return `${digits}${check === 11 ? 0 : check}`;
}

const CHILDREN_IN_FAMILY = { 1: 45, 2: 31, 3: 14, 4: 6, 5: 3, 6: 1 };

/** Age of the eldest child when the family first became known: every age, more of the young and the teenage. */
const ELDEST_AGE = {
  0: 9,
  1: 6,
  2: 6,
  3: 6,
  4: 6,
  5: 5,
  6: 5,
  7: 5,
  8: 5,
  9: 5,
  10: 5,
  11: 6,
  12: 7,
  13: 7,
  14: 7,
  15: 6,
  16: 5,
};

function sendFor(rng: Random, age: number): SendStatus {
  if (age < 5) return rng.chance(0.03) ? 'sen_support' : 'none';
  const roll = rng.next();
  return roll < 0.04 ? 'ehcp' : roll < 0.17 ? 'sen_support' : 'none';
}

export interface FamilyInput {
  rng: Random;
  prefix: string;
  index: number;
  nhsBase: number;
  /** The day the family first became known to services. */
  knownFrom: string;
  /** The last day of the history (yesterday). */
  last: string;
  today: string;
  createdBy: string;
  town: string;
}

const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

/**
 * Planted duplicates (issue 18): in this share of households one child is recorded a second time,
 * as a school or health visitor would, with the typical errors: never the NHS number, and one or
 * two of a typo in the surname or forename, a short form of the forename, the day and month of
 * birth swapped, one digit of the date of birth wrong, another postcode. The copy's legacy id is
 * the child's with DUPLICATE_SUFFIX, so `bench:duplicates` knows the true pairs. Drawn from a
 * stream of their own, so the rest of the partnership is the same with or without them.
 */
export const PLANTED_DUPLICATE_RATE = 0.03;
export const DUPLICATE_SUFFIX = '-DUP';

const ERRORS = ['surname_typo', 'forename_typo', 'nickname', 'day_month_swapped', 'one_digit', 'moved'] as const;

function typo(rng: Random, name: string): string {
  if (name.length < 3) return `${name}${name.slice(-1)}`;
  const at = rng.int(1, name.length - 2);
  switch (rng.int(0, 3)) {
    case 0: // two letters swapped
      return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
    case 1: // a letter dropped
      return name.slice(0, at) + name.slice(at + 1);
    case 2: // a letter doubled
      return name.slice(0, at) + name[at] + name.slice(at);
    default: // a vowel for another
      return (
        name.slice(0, at) + (/[aeiou]/i.test(name[at]!) ? (name[at] === 'e' ? 'a' : 'e') : 'y') + name.slice(at + 1)
      );
  }
}

function swapDayMonth(date: string): string | undefined {
  const [year, month, day] = date.split('-');
  if (Number(day) > 12 || day === month) return undefined;
  return `${year}-${day}-${month}`;
}

function oneDigit(rng: Random, date: string, last: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const changed =
    (day > 1 && day < 28 && rng.chance(0.5)) || (month === 2 && day === 29) // no 29 February in the year next door
      ? `${year}-${String(month).padStart(2, '0')}-${String(day + (day % 10 === 9 ? -1 : 1)).padStart(2, '0')}`
      : `${year + (year % 10 === 9 ? -1 : 1)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return changed > last ? `${year - 1}${changed.slice(4)}` : changed;
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

interface PlantInput {
  prefix: string;
  index: number;
  child: { id: string; fields: Record<string, unknown> };
  town: string;
  postcode: string;
  createdBy: string;
  recordedAt: string;
  last: string;
}

/** The second record of the child, with one or two typical errors, or nothing for most households. */
function plantDuplicate(input: PlantInput): string | undefined {
  const rng = new Random(input.prefix, 'duplicate', input.index);
  if (!rng.chance(PLANTED_DUPLICATE_RATE)) return undefined;
  const { fields } = input.child;
  const copy: Record<string, unknown> = { ...fields, postcode: input.postcode };
  delete copy.nhsNumber;
  const errors = new Set([rng.pick(ERRORS)]);
  if (rng.chance(0.3)) errors.add(rng.pick(ERRORS));
  for (const error of errors) {
    const born = String(copy.dateOfBirth);
    if (error === 'nickname' && forenameVariants(String(fields.firstName)).length > 0) {
      copy.firstName = capitalise(rng.pick(forenameVariants(String(fields.firstName))));
    } else if (error === 'day_month_swapped' && swapDayMonth(born) && swapDayMonth(born)! <= input.last) {
      copy.dateOfBirth = swapDayMonth(born);
    } else if (error === 'one_digit') {
      copy.dateOfBirth = oneDigit(rng, born, input.last);
    } else if (error === 'moved') {
      copy.postcode = postcodeIn(rng, input.town);
    } else if (error === 'forename_typo' || error === 'nickname') {
      copy.firstName = typo(rng, String(copy.firstName));
    } else {
      copy.lastName = typo(rng, String(copy.lastName));
    }
  }
  const original: Record<string, unknown> = { ...fields, postcode: input.postcode };
  if (['firstName', 'lastName', 'dateOfBirth', 'postcode'].every((field) => copy[field] === original[field])) {
    // Two like letters swapped, or the same postcode drawn again: a letter doubled instead.
    const name = String(fields.lastName);
    copy.lastName = name.slice(0, 2) + name.slice(1);
  }
  return line({
    kind: 'person',
    legacyId: `${input.child.id}${DUPLICATE_SUFFIX}`,
    ...copy,
    createdByOrganisation: input.createdBy,
    recordedAt: input.recordedAt,
  });
}

/**
 * A household: one to six children of all ages (sometimes a baby still expected, sometimes a
 * young person over 18 with SEND), their mother and often a father, step-parent or grandparent.
 * Each sibling is a person of their own.
 */
export function generateFamily(input: FamilyInput, out: string[]): SyntheticFamily {
  const { rng, prefix, index, knownFrom, last, createdBy, town } = input;
  const legacyId = `${prefix}-FAM-${index}`;
  const ethnicity = rng.weighted(CHILD_ETHNICITY) as Ethnicity;
  const surname = surnameFor(rng, ethnicity);
  const postcode = postcodeIn(rng, town);
  const recordedAt = at(addDays(knownFrom, -rng.int(0, 20)), 10, rng.int(0, 59));
  const recordedOn = recordedAt.slice(0, 10);
  const members: Record<string, unknown>[] = [];
  const children: SyntheticChild[] = [];
  const person = (id: string, fields: Record<string, unknown>) =>
    out.push(
      line({
        kind: 'person',
        legacyId: id,
        ...fields,
        ethnicity: fields.ethnicity ?? ethnicity,
        postcode,
        createdByOrganisation: createdBy,
        recordedAt,
      }),
    );

  const count = Number(rng.weighted(CHILDREN_IN_FAMILY));
  let age = Number(rng.weighted(ELDEST_AGE));
  let eldestBorn = '';
  let firstChild: PlantInput['child'] | undefined;
  for (let n = 0; n < count; n++) {
    const id = `${prefix}-P-${index}-C${n}`;
    let born = addDays(knownFrom, -(age * 365 + rng.int(0, 364)));
    if (born > last) born = addDays(last, -rng.int(1, 300));
    if (n === 0) eldestBorn = born;
    const sex = rng.chance(0.51) ? 'male' : rng.chance(0.998) ? 'female' : 'indeterminate';
    const childEthnicity = rng.chance(0.06) ? (rng.weighted(CHILD_ETHNICITY) as Ethnicity) : ethnicity;
    const sendStatus = sendFor(rng, Math.max(age, 0));
    const nhs = n < NHS_BLOCK && rng.chance(0.92) ? nhsNumber(input.nhsBase + index * NHS_BLOCK + n) : undefined;
    const fields = {
      personType: 'child',
      firstName: firstNameFor(rng, childEthnicity, sex),
      lastName: surname,
      dateOfBirth: born,
      sex,
      ethnicity: childEthnicity,
      firstLanguage: firstLanguageFor(rng, childEthnicity),
      ...(nhs ? { nhsNumber: nhs } : {}),
      sendStatus,
    };
    person(id, fields);
    if (n === 0) firstChild = { id, fields };
    children.push({ legacyId: id, dateOfBirth: born, sendStatus });
    members.push({
      person: id,
      relationship: 'child',
      livesInHousehold: true,
      ...(born > recordedOn ? { startedOn: born } : {}),
    });
    age -= rng.int(1, 5);
  }
  if (rng.chance(0.01)) {
    // A young person to 25 with an EHCP: still a "child" in Early Help's terms.
    const id = `${prefix}-P-${index}-Y`;
    const born = addDays(knownFrom, -rng.int(18 * 365 + 5, 23 * 365));
    person(id, {
      personType: 'child',
      firstName: firstNameFor(rng, ethnicity, 'male'),
      lastName: surname,
      dateOfBirth: born,
      sex: 'male',
      sendStatus: 'ehcp',
    });
    children.push({ legacyId: id, dateOfBirth: born, sendStatus: 'ehcp' });
    members.push({ person: id, relationship: 'child', livesInHousehold: true });
    if (born < eldestBorn) eldestBorn = born;
  }
  if (rng.chance(0.25) && addDays(knownFrom, 240) > input.today) {
    // A pre-birth concern: the baby is expected after today.
    const id = `${prefix}-P-${index}-U`;
    const expected = addDays(input.today, rng.int(20, 200));
    person(id, {
      personType: 'child',
      firstName: 'Baby',
      lastName: surname,
      expectedDateOfBirth: expected,
      sex: 'not_known',
    });
    children.push({ legacyId: id, expectedDateOfBirth: expected, sendStatus: 'none' });
    members.push({ person: id, relationship: 'child', livesInHousehold: true });
  }

  const planted =
    firstChild && plantDuplicate({ prefix, index, child: firstChild, town, postcode, createdBy, recordedAt, last });
  if (planted) out.push(planted);

  const adults: string[] = [];
  const adult = (suffix: string, relationship: string, sex: string, born: string, livesInHousehold: boolean) => {
    const id = `${prefix}-P-${index}-${suffix}`;
    person(id, {
      personType: 'adult',
      firstName: firstNameFor(rng, ethnicity, sex),
      lastName: relationship === 'mother' || rng.chance(0.6) ? surname : surnameFor(rng, ethnicity),
      dateOfBirth: born,
      sex,
      firstLanguage: firstLanguageFor(rng, ethnicity),
    });
    adults.push(id);
    members.push({ person: id, relationship, livesInHousehold });
  };
  const motherBorn = addDays(eldestBorn, -rng.int(17 * 365, 38 * 365));
  if (rng.chance(0.95)) adult('M', 'mother', 'female', motherBorn, rng.chance(0.97));
  if (rng.chance(0.6)) adult('F', 'father', 'male', addDays(motherBorn, -rng.int(-3 * 365, 8 * 365)), rng.chance(0.6));
  if (rng.chance(0.08)) adult('S', 'step_parent', 'male', addDays(motherBorn, -rng.int(-5 * 365, 6 * 365)), true);
  if (adults.length === 0 || rng.chance(0.04)) {
    adult(
      'G',
      adults.length === 0 ? 'carer' : 'grandparent',
      'female',
      addDays(motherBorn, -rng.int(18 * 365, 28 * 365)),
      adults.length === 0,
    );
  }
  out.push(
    line({
      kind: 'family',
      legacyId,
      name: `${surname} family`,
      createdByOrganisation: createdBy,
      recordedAt,
      members,
    }),
  );
  return { legacyId, town, parent: adults[0]!, adults, children };
}

/** Children the family's MARFs and meetings can name on the date: born (or expected), and under 18 (25 with an EHCP). */
export function childrenOn(family: SyntheticFamily, date: string): SyntheticChild[] {
  return family.children.filter((child) => {
    if (child.expectedDateOfBirth) return true;
    const born = child.dateOfBirth!;
    if (born > date) return false;
    const limit = child.sendStatus === 'ehcp' ? 25 : 18;
    return addDays(born, limit * 365) > date;
  });
}
