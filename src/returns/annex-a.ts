/**
 * Ofsted Annex A's lettered options, as the template (and Social Finance's liia-tools
 * `spec/annex_a/data-map.yml`) reads them, keyed by the CIN code stored on the record.
 */
export const ANNEX_A_GENDER: Record<string, string> = {
  '1': 'a) Male',
  '2': 'b) Female',
  '0': 'c) Not stated/recorded',
  '9': 'd) Neither',
};

const ETHNICITY_ORDER = [
  'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND',
  'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH',
] as const; // prettier-ignore

export const ANNEX_A_ETHNICITY: Record<string, string> = {
  ...Object.fromEntries(ETHNICITY_ORDER.map((code, index) => [code, `${String.fromCharCode(97 + index)}) ${code}`])),
  REFU: 's) REFU',
  NOBT: 's) NOBT',
};

const CONTACT_SOURCE_ORDER: readonly (readonly [string, string])[] = [
  ['1A', 'Individual'],
  ['1B', 'Individual'],
  ['1C', 'Individual'],
  ['1D', 'Individual'],
  ['2A', 'Schools'],
  ['2B', 'Education services'],
  ['3A', 'Health services'],
  ['3B', 'Health services'],
  ['3C', 'Health services'],
  ['3D', 'Health services'],
  ['3E', 'Health services'],
  ['3F', 'Health services'],
  ['4', 'Housing'],
  ['5A', 'LA services'],
  ['5B', 'LA services'],
  ['5C', 'LA services'],
  ['6', 'Police'],
  ['7', 'Other legal agency'],
  ['8', 'Other'],
  ['9', 'Anonymous'],
  ['10', 'Unknown'],
];

/** `5D` (LA early help, 2024 CIN schema) has no letter in the template's list: written `5D: LA services`. */
export const ANNEX_A_CONTACT_SOURCE: Record<string, string> = {
  ...Object.fromEntries(
    CONTACT_SOURCE_ORDER.map(([code, label], index) => [code, `${String.fromCharCode(97 + index)}) ${code}: ${label}`]),
  ),
  '5D': '5D: LA services',
};

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** An SQL CASE mapping a column's codes onto the lettered options (NULL for anything else). */
export function annexACase(column: string, options: Record<string, string>): string {
  const whens = Object.entries(options).map(([code, option]) => `WHEN ${literal(code)} THEN ${literal(option)}`);
  return `CASE ${column} ${whens.join(' ')} END`;
}

/** Each Annex A list's column headings, exactly as the template names them. */
export const ANNEX_A_HEADINGS = {
  'annex-a-list-1': [
    'Child Unique ID',
    'Gender',
    'Ethnicity',
    'Date of Birth',
    'Age of Child (Years)',
    'Date of Contact',
    'Contact Source',
  ],
  'annex-a-list-2': [
    'Child Unique ID',
    'Gender',
    'Ethnicity',
    'Date of Birth',
    'Age of Child (Years)',
    'Assessment start date',
    'Assessment completion date',
    'Organisation completing assessment',
  ],
} as const;
