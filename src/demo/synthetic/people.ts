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
  for (let n = 0; n < count; n++) {
    const id = `${prefix}-P-${index}-C${n}`;
    let born = addDays(knownFrom, -(age * 365 + rng.int(0, 364)));
    if (born > last) born = addDays(last, -rng.int(1, 300));
    if (n === 0) eldestBorn = born;
    const sex = rng.chance(0.51) ? 'male' : rng.chance(0.998) ? 'female' : 'indeterminate';
    const childEthnicity = rng.chance(0.06) ? (rng.weighted(CHILD_ETHNICITY) as Ethnicity) : ethnicity;
    const sendStatus = sendFor(rng, Math.max(age, 0));
    const nhs = n < NHS_BLOCK && rng.chance(0.92) ? nhsNumber(input.nhsBase + index * NHS_BLOCK + n) : undefined;
    person(id, {
      personType: 'child',
      firstName: firstNameFor(rng, childEthnicity, sex),
      lastName: surname,
      dateOfBirth: born,
      sex,
      ethnicity: childEthnicity,
      firstLanguage: firstLanguageFor(rng, childEthnicity),
      ...(nhs ? { nhsNumber: nhs } : {}),
      sendStatus,
    });
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
