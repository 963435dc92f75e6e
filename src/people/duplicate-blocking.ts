import { EXPECTED_DATE_WINDOW_DAYS } from './duplicate-rules';

/**
 * The blocking keys of duplicate matching: which pairs of people are scored at all. Two records
 * are a candidate pair when they share the NHS number or UPN, or one of these keys (a surname
 * code is the Double Metaphone primary or alternate code; the date is the date of birth, or the
 * expected date of an unborn child). With at most two of the usual errors in a second record (a
 * surname or forename slip, a nickname, a date of birth swapped or one digit off, another
 * postcode) each pair keeps at least one key whole.
 */
type KeyPart = 'surname' | 'forename' | 'date' | 'year' | 'monthDay' | 'postcode';

export const BLOCKING_KEYS: readonly { name: string; parts: readonly KeyPart[] }[] = [
  { name: 'surname code and date of birth', parts: ['surname', 'date'] },
  { name: 'forename code and date of birth', parts: ['forename', 'date'] },
  { name: 'surname and forename codes and birth year', parts: ['surname', 'forename', 'year'] },
  { name: 'surname and forename codes and birth day and month', parts: ['surname', 'forename', 'monthDay'] },
  { name: 'surname code and postcode', parts: ['surname', 'postcode'] },
  { name: 'forename code and postcode', parts: ['forename', 'postcode'] },
  { name: 'postcode and date of birth', parts: ['postcode', 'date'] },
];

const birthDate = (x: string) => `coalesce(${x}.date_of_birth, ${x}.expected_date_of_birth)`;

/** The stored expression of each part on a row of persons (the surname has two codes: see below). */
const PART_SQL: Record<Exclude<KeyPart, 'surname'>, (x: string) => string> = {
  forename: (x) => `${x}.match_forename_code`,
  date: birthDate,
  year: (x) => `${x}.match_birth_year`,
  monthDay: (x) => `(date_part('month', ${birthDate(x)}) * 100 + date_part('day', ${birthDate(x)}))`,
  postcode: (x) => `${x}.postcode`,
};

/**
 * Whether two rows' dates could score at all (duplicate-rules.ts `birthEvidence`): both dates of
 * birth the same, day and month swapped or one digit off (an edit distance of one between two
 * YYYY-MM-DD strings is exactly one digit), or otherwise (an expected date) within the window.
 * A pair whose dates differ scores at most `maxScoreWithDatesApart()`, so below a threshold above
 * that it is never listed and need not be scored.
 */
export function datesRelate(a: string, b: string): string {
  return `CASE WHEN ${a}.date_of_birth IS NOT NULL AND ${b}.date_of_birth IS NOT NULL
            THEN ${a}.date_of_birth = ${b}.date_of_birth
              OR (${a}.match_birth_year = ${b}.match_birth_year
                  AND date_part('month', ${a}.date_of_birth) = date_part('day', ${b}.date_of_birth)
                  AND date_part('day', ${a}.date_of_birth) = date_part('month', ${b}.date_of_birth))
              OR levenshtein(${a}.date_of_birth::text, ${b}.date_of_birth::text) = 1
            ELSE abs(${birthDate(a)} - ${birthDate(b)}) <= ${EXPECTED_DATE_WINDOW_DAYS} END`;
}

const SURNAME_CODES = ['match_surname_code', 'match_surname_alt_code'] as const;

/**
 * The persons `p` sharing a blocking key with the subject `s` (a row of persons), as one UNION of
 * index lookups (persons_match_surname_code_idx and _alt_ (code, birth year), persons_match_names_idx
 * and _alt_ (surname code, forename code), persons_match_forename_code_idx, persons_postcode_idx,
 * the NHS number and UPN indexes). With `relatedDatesOnly`, only those whose dates relate.
 */
export function blockedBy(s: string, relatedDatesOnly: boolean): string {
  const filter = relatedDatesOnly ? ` AND ${datesRelate('s', 'p')}` : '';
  const arms = BLOCKING_KEYS.flatMap(({ parts }) => {
    const others = parts.filter((part): part is Exclude<KeyPart, 'surname'> => part !== 'surname');
    const conditions = others.map((part) => `${PART_SQL[part]('p')} = ${PART_SQL[part](s)}`);
    if (parts.includes('date')) conditions.push(`p.match_birth_year = ${s}.match_birth_year`);
    if (!parts.includes('surname')) return [conditions];
    return SURNAME_CODES.map((column) => [
      `p.${column} IN (${s}.match_surname_code, ${s}.match_surname_alt_code)`,
      ...conditions,
    ]);
  }).map((conditions) => `SELECT p.id FROM persons p WHERE ${conditions.join(' AND ')}${filter}`);
  return [
    // Merged-away people drop out anyway; saying so here lets the partial unique index answer.
    `SELECT p.id FROM persons p WHERE ${s}.nhs_number IS NOT NULL AND p.nhs_number = ${s}.nhs_number
                                  AND p.merged_into_person_id IS NULL`,
    `SELECT p.id FROM persons p WHERE ${s}.upn IS NOT NULL AND p.upn = ${s}.upn`,
    ...arms,
  ].join('\n    UNION ');
}

/**
 * Every candidate pair of the partnership (lower id first, people merged away left out) in one
 * statement: each blocking key is an equi-join of the people with themselves (hash or merge join,
 * one pass each; the surname on a row per distinct code), the pairs made distinct by UNION.
 */
export function allCandidatePairs(relatedDatesOnly: boolean): string {
  const filter = relatedDatesOnly ? ` AND ${datesRelate('a', 'b')}` : '';
  const arms = BLOCKING_KEYS.map(({ parts }) => {
    const source = parts.includes('surname') ? 'k' : 'p';
    const conditions = parts.map((part) => `b."${part}" = a."${part}"`);
    return `SELECT a.id AS a, b.id AS b FROM ${source} a JOIN ${source} b ON ${conditions.join(' AND ')} AND a.id < b.id${filter}`;
  });
  const identifier = (column: string) =>
    `SELECT a.id AS a, b.id AS b FROM p a JOIN p b ON b.${column} = a.${column} AND a.id < b.id`;
  return `
    WITH p AS MATERIALIZED (
      SELECT id, nhs_number, upn, match_surname_code, match_surname_alt_code, date_of_birth, expected_date_of_birth,
             match_birth_year, ${(['forename', 'date', 'year', 'monthDay', 'postcode'] as const)
               .map((part) => `${PART_SQL[part]('persons')} AS "${part}"`)
               .join(', ')}
        FROM persons WHERE merged_into_person_id IS NULL),
    k AS MATERIALIZED (
      SELECT p.*, c.code AS surname FROM p CROSS JOIN LATERAL (
        SELECT DISTINCT code FROM unnest(ARRAY[p.match_surname_code, p.match_surname_alt_code]) AS code
         WHERE code IS NOT NULL) AS c)
    ${[identifier('nhs_number'), identifier('upn'), ...arms].join('\n    UNION ')}`;
}
