/**
 * Scoring a pair of person records as possible duplicates, with the evidence in words. Pure: the
 * phonetic codes (Double Metaphone, PostgreSQL's `fuzzystrmatch`) come with the records, stored as
 * the blocking keys the candidates were found by. Weights add up to a score clamped to 0-100;
 * the same NHS number or UPN makes a pair certain (100).
 */
export interface MatchRecord {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  sex: string;
  nhsNumber: string | null;
  upn: string | null;
  postcode: string | null;
  /** The recorded ethnicity (the 18+2 national categories), `not_stated` when not given. */
  ethnicity: string | null;
  firstLanguage: string | null;
  surnameCode: string | null;
  surnameAltCode: string | null;
  forenameCode: string | null;
  familyIds: string[];
}

export type EvidenceKind =
  | 'nhs_number'
  | 'upn'
  | 'nhs_number_differs'
  | 'upn_differs'
  | 'surname_same'
  | 'surname_sounds_alike'
  | 'surname_spelt_alike'
  | 'surname_differs'
  | 'forename_same'
  | 'forename_nickname'
  | 'forename_sounds_alike'
  | 'forename_spelt_alike'
  | 'forename_initial'
  | 'forename_differs'
  | 'date_of_birth_same'
  | 'date_of_birth_day_month_swapped'
  | 'date_of_birth_one_digit'
  | 'expected_date_near_birth'
  | 'date_of_birth_differs'
  | 'postcode_same'
  | 'postcode_district_same'
  | 'postcode_area_differs'
  | 'ethnicity_differs'
  | 'first_language_differs'
  | 'same_family'
  | 'sex_same'
  | 'sex_differs';

export interface Evidence {
  kind: EvidenceKind;
  weight: number;
  text: string;
}

export interface MatchScore {
  score: number;
  /** The same NHS number or UPN: the same person beyond doubt. */
  certain: boolean;
  evidence: Evidence[];
}

export const EVIDENCE_WEIGHTS: Record<EvidenceKind, number> = {
  nhs_number: 100,
  upn: 100,
  nhs_number_differs: -35,
  upn_differs: -15,
  surname_same: 25,
  surname_sounds_alike: 18,
  surname_spelt_alike: 12,
  surname_differs: -15,
  forename_same: 20,
  forename_nickname: 16,
  forename_sounds_alike: 14,
  forename_spelt_alike: 10,
  forename_initial: 8,
  forename_differs: -25,
  date_of_birth_same: 30,
  date_of_birth_day_month_swapped: 20,
  date_of_birth_one_digit: 15,
  expected_date_near_birth: 18,
  date_of_birth_differs: -20,
  postcode_same: 20,
  postcode_district_same: 5,
  postcode_area_differs: -10,
  ethnicity_differs: -10,
  first_language_differs: -10,
  same_family: 8,
  sex_same: 5,
  sex_differs: -15,
};

/** Days apart an expected date of birth and a (later recorded) date of birth still suggest one child. */
export const EXPECTED_DATE_WINDOW_DAYS = 42;

/** Common English forename short forms, each group one name (lower case, letters only). */
const NICKNAME_GROUPS: readonly string[][] = [
  ['william', 'will', 'bill', 'billy', 'liam', 'willy'],
  ['robert', 'rob', 'bob', 'bobby', 'robbie', 'bert'],
  ['richard', 'rich', 'rick', 'ricky', 'dick', 'richie'],
  ['james', 'jim', 'jimmy', 'jamie', 'jimmie'],
  ['john', 'jon', 'johnny', 'jack', 'jonny'],
  ['jonathan', 'jon', 'jonny', 'nathan'],
  ['joseph', 'joe', 'joey'],
  ['thomas', 'tom', 'tommy'],
  ['michael', 'mike', 'mick', 'micky', 'mikey'],
  ['christopher', 'chris', 'kit'],
  ['christine', 'chris', 'chrissie', 'tina'],
  ['daniel', 'dan', 'danny'],
  ['matthew', 'matt', 'matty'],
  ['anthony', 'tony', 'ant'],
  ['alexander', 'alex', 'al', 'sandy', 'xander', 'zander'],
  ['alexandra', 'alex', 'lexi', 'sandra', 'sandy'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammy'],
  ['edward', 'ed', 'eddie', 'ted', 'teddy', 'ned'],
  ['charles', 'charlie', 'chas', 'chuck'],
  ['charlotte', 'charlie', 'lottie', 'lotte'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby', 'betsy'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge'],
  ['katherine', 'kate', 'katie', 'kathy', 'kat', 'kitty'],
  ['catherine', 'cath', 'cathy', 'kate', 'katie', 'cat'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['jennifer', 'jen', 'jenny'],
  ['jessica', 'jess', 'jessie'],
  ['abigail', 'abi', 'abby', 'gail'],
  ['victoria', 'vicky', 'tori'],
  ['olivia', 'liv', 'livvy', 'ollie'],
  ['oliver', 'olly', 'ollie'],
  ['harry', 'henry', 'hal', 'hank'],
  ['nicholas', 'nick', 'nicky'],
  ['nicola', 'nicky', 'nikki'],
  ['steven', 'steve', 'stevie'],
  ['stephen', 'steve', 'stevie'],
  ['peter', 'pete'],
  ['andrew', 'andy', 'drew'],
  ['david', 'dave', 'davey'],
  ['patrick', 'pat', 'paddy'],
  ['patricia', 'pat', 'patty', 'trish'],
  ['susan', 'sue', 'susie'],
  ['deborah', 'debbie', 'deb'],
  ['amelia', 'millie', 'amy'],
  ['emily', 'em', 'emmy', 'millie'],
  ['isabella', 'bella', 'izzy', 'isla'],
  ['isabel', 'izzy', 'bel'],
  ['gabriel', 'gabe'],
  ['frederick', 'fred', 'freddie'],
  ['theodore', 'theo', 'ted', 'teddy'],
  ['zachary', 'zach', 'zack'],
  ['joshua', 'josh'],
  ['nathaniel', 'nate', 'nat'],
  ['mohammed', 'muhammad', 'mohammad', 'mo'],
];

const NICKNAMES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const group of NICKNAME_GROUPS) {
    for (const name of group) {
      const set = map.get(name) ?? new Set<string>();
      for (const other of group) if (other !== name) set.add(other);
      map.set(name, set);
    }
  }
  return map;
})();

/** The short forms (and long forms) of a forename that the matcher takes as the same name. */
export function forenameVariants(name: string): string[] {
  return [...(NICKNAMES.get(nameKey(name)) ?? [])];
}

/** Lower case, accents and everything but letters and digits removed (as `eh_name_key` in SQL). */
export function nameKey(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function isNickname(a: string, b: string): boolean {
  return NICKNAMES.get(nameKey(a))?.has(nameKey(b)) === true;
}

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** Whether two names are one typing slip apart (1 edit; 2 for names of 7 letters or more). */
function speltAlike(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3) return false;
  return editDistance(a, b, 2) <= (Math.min(a.length, b.length) >= 7 ? 2 : 1);
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

export type DateRelation = 'same' | 'day_month_swapped' | 'one_digit' | 'different';

export function compareDates(a: string, b: string): DateRelation {
  if (a === b) return 'same';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 'day_month_swapped';
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  return differing === 1 ? 'one_digit' : 'different';
}

function add(evidence: Evidence[], kind: EvidenceKind, text: string): void {
  if (EVIDENCE_WEIGHTS[kind] !== 0) evidence.push({ kind, weight: EVIDENCE_WEIGHTS[kind], text });
}

function codesOverlap(a: MatchRecord, b: MatchRecord): boolean {
  const left = [a.surnameCode, a.surnameAltCode].filter((code): code is string => !!code);
  const right = new Set([b.surnameCode, b.surnameAltCode].filter((code): code is string => !!code));
  return left.some((code) => right.has(code));
}

function surnameEvidence(a: MatchRecord, b: MatchRecord, evidence: Evidence[]): void {
  const ka = nameKey(a.lastName);
  const kb = nameKey(b.lastName);
  if (ka === kb) add(evidence, 'surname_same', `same surname: ${a.lastName}`);
  else if (codesOverlap(a, b))
    add(evidence, 'surname_sounds_alike', `surname sounds alike: ${a.lastName}/${b.lastName}`);
  else if (speltAlike(ka, kb)) add(evidence, 'surname_spelt_alike', `surname spelt alike: ${a.lastName}/${b.lastName}`);
  else if (ka && kb) add(evidence, 'surname_differs', `different surnames: ${a.lastName}/${b.lastName}`);
}

function forenameEvidence(a: MatchRecord, b: MatchRecord, evidence: Evidence[]): void {
  const ka = nameKey(a.firstName);
  const kb = nameKey(b.firstName);
  const pair = `${a.firstName}/${b.firstName}`;
  if (ka === kb) add(evidence, 'forename_same', `same forename: ${a.firstName}`);
  else if (isNickname(ka, kb)) add(evidence, 'forename_nickname', `forename is a short form: ${pair}`);
  else if (a.forenameCode && a.forenameCode === b.forenameCode && ka.length > 1 && kb.length > 1) {
    add(evidence, 'forename_sounds_alike', `forename sounds alike: ${pair}`);
  } else if (speltAlike(ka, kb)) add(evidence, 'forename_spelt_alike', `forename spelt alike: ${pair}`);
  else if ((ka.length === 1 || kb.length === 1) && ka[0] === kb[0]) {
    add(evidence, 'forename_initial', `forename initial matches: ${pair}`);
  } else if (ka && kb) add(evidence, 'forename_differs', `different forenames: ${pair}`);
}

function birthEvidence(a: MatchRecord, b: MatchRecord, evidence: Evidence[]): void {
  if (a.dateOfBirth && b.dateOfBirth) {
    const relation = compareDates(a.dateOfBirth, b.dateOfBirth);
    const pair = `${a.dateOfBirth}/${b.dateOfBirth}`;
    if (relation === 'same') add(evidence, 'date_of_birth_same', `same date of birth: ${a.dateOfBirth}`);
    else if (relation === 'day_month_swapped') {
      add(evidence, 'date_of_birth_day_month_swapped', `date of birth day and month swapped: ${pair}`);
    } else if (relation === 'one_digit')
      add(evidence, 'date_of_birth_one_digit', `date of birth one digit off: ${pair}`);
    else add(evidence, 'date_of_birth_differs', `different dates of birth: ${pair}`);
    return;
  }
  const da = a.dateOfBirth ?? a.expectedDateOfBirth;
  const db = b.dateOfBirth ?? b.expectedDateOfBirth;
  if (!da || !db) return;
  if (Math.abs(dayNumber(da) - dayNumber(db)) <= EXPECTED_DATE_WINDOW_DAYS) {
    add(evidence, 'expected_date_near_birth', `expected date of birth near the other's: ${da}/${db}`);
  } else add(evidence, 'date_of_birth_differs', `expected date of birth far from the other's: ${da}/${db}`);
}

/**
 * The highest score a pair can reach without a certain identifier when their dates of birth (or
 * expected dates) differ: every other kind of evidence at its best. Under a match threshold above
 * it, only pairs whose dates relate need scoring (duplicate-blocking.ts `datesRelate`).
 */
export function maxScoreWithDatesApart(): number {
  const w = EVIDENCE_WEIGHTS;
  return (
    Math.max(w.surname_same, w.surname_sounds_alike, w.surname_spelt_alike) +
    Math.max(
      w.forename_same,
      w.forename_nickname,
      w.forename_sounds_alike,
      w.forename_spelt_alike,
      w.forename_initial,
    ) +
    Math.max(w.postcode_same, w.postcode_district_same) +
    w.same_family +
    w.sex_same +
    w.date_of_birth_differs
  );
}

/** The postcode area: the letters the outward code starts with (`WS` of `WS10 8AB`). */
function postcodeArea(postcode: string): string {
  return /^[A-Z]*/.exec(postcode.toUpperCase())![0];
}

function postcodeEvidence(a: string | null, b: string | null, evidence: Evidence[]): void {
  if (!a || !b) return;
  const [da, db] = [a.split(' ')[0], b.split(' ')[0]];
  if (a.replace(/\s+/g, '').toUpperCase() === b.replace(/\s+/g, '').toUpperCase()) {
    add(evidence, 'postcode_same', `same postcode: ${a}`);
  } else if (da === db) add(evidence, 'postcode_district_same', `same postcode district: ${da}`);
  else if (postcodeArea(a) !== postcodeArea(b))
    add(evidence, 'postcode_area_differs', `postcodes in different areas: ${a}/${b}`);
}

/** The evidence for and against two records being one person, and its score. */
export function scorePair(a: MatchRecord, b: MatchRecord): MatchScore {
  const evidence: Evidence[] = [];
  const certain = !!(a.nhsNumber && a.nhsNumber === b.nhsNumber) || !!(a.upn && a.upn === b.upn);
  if (a.nhsNumber && a.nhsNumber === b.nhsNumber) add(evidence, 'nhs_number', 'same NHS number');
  else if (a.nhsNumber && b.nhsNumber) add(evidence, 'nhs_number_differs', 'different NHS numbers');
  if (a.upn && a.upn === b.upn) add(evidence, 'upn', 'same unique pupil number');
  else if (a.upn && b.upn) add(evidence, 'upn_differs', 'different unique pupil numbers');
  surnameEvidence(a, b, evidence);
  forenameEvidence(a, b, evidence);
  birthEvidence(a, b, evidence);
  postcodeEvidence(a.postcode, b.postcode, evidence);
  const stated = (value: string | null) => !!value && value !== 'not_stated';
  if (stated(a.ethnicity) && stated(b.ethnicity) && a.ethnicity !== b.ethnicity) {
    add(evidence, 'ethnicity_differs', `different ethnicities: ${a.ethnicity}/${b.ethnicity}`);
  }
  if (a.firstLanguage && b.firstLanguage && nameKey(a.firstLanguage) !== nameKey(b.firstLanguage)) {
    add(evidence, 'first_language_differs', `different first languages: ${a.firstLanguage}/${b.firstLanguage}`);
  }
  if (a.familyIds.some((id) => b.familyIds.includes(id))) add(evidence, 'same_family', 'members of the same family');
  const known = ['female', 'male'];
  if (a.sex === b.sex && known.includes(a.sex)) add(evidence, 'sex_same', `same sex: ${a.sex}`);
  else if (known.includes(a.sex) && known.includes(b.sex))
    add(evidence, 'sex_differs', `different sex: ${a.sex}/${b.sex}`);
  const total = evidence.reduce((sum, item) => sum + item.weight, 0);
  return { score: certain ? 100 : Math.max(0, Math.min(100, total)), certain, evidence };
}
