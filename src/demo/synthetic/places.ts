import type { Random } from './random';

/** Sandwell's six towns, with the postcode districts that cover them. */
export const TOWN_POSTCODES: Record<string, readonly string[]> = {
  Oldbury: ['B68', 'B69'],
  'Rowley Regis': ['B65', 'B64'],
  Smethwick: ['B66', 'B67'],
  Tipton: ['DY4'],
  Wednesbury: ['WS10'],
  'West Bromwich': ['B70', 'B71'],
};

export const TOWNS = Object.keys(TOWN_POSTCODES);

/** Relative populations of the towns (West Bromwich and Oldbury largest). */
export const TOWN_WEIGHTS: Record<string, number> = {
  Oldbury: 20,
  'Rowley Regis': 15,
  Smethwick: 19,
  Tipton: 14,
  Wednesbury: 12,
  'West Bromwich': 20,
};

/** Neighbourhoods that name schools, surgeries and nurseries, each in its town. */
export const AREAS: readonly [string, string][] = [
  ['Langley', 'Oldbury'],
  ['Causeway Green', 'Oldbury'],
  ['Rood End', 'Oldbury'],
  ['Brandhall', 'Oldbury'],
  ['Warley', 'Oldbury'],
  ['Whiteheath', 'Oldbury'],
  ['Lion Farm', 'Oldbury'],
  ['Titford', 'Oldbury'],
  ['Blackheath', 'Rowley Regis'],
  ['Cradley Heath', 'Rowley Regis'],
  ['Old Hill', 'Rowley Regis'],
  ['Tividale', 'Rowley Regis'],
  ['Whiteheath Gate', 'Rowley Regis'],
  ['Britannia Park', 'Rowley Regis'],
  ['Springfield', 'Rowley Regis'],
  ['Bearwood', 'Smethwick'],
  ['Cape Hill', 'Smethwick'],
  ['Soho', 'Smethwick'],
  ['Londonderry', 'Smethwick'],
  ['Uplands', 'Smethwick'],
  ['Galton', 'Smethwick'],
  ['Abbey', 'Smethwick'],
  ['Great Bridge', 'Tipton'],
  ['Princes End', 'Tipton'],
  ['Ocker Hill', 'Tipton'],
  ['Dudley Port', 'Tipton'],
  ['Tibbington', 'Tipton'],
  ['Horseley Heath', 'Tipton'],
  ['Burnt Tree', 'Tipton'],
  ['Friar Park', 'Wednesbury'],
  ['Woods Bank', 'Wednesbury'],
  ['Mesty Croft', 'Wednesbury'],
  ['Kings Hill', 'Wednesbury'],
  ['Hill Top', 'Wednesbury'],
  ['Golds Hill', 'Wednesbury'],
  ['Old Park', 'Wednesbury'],
  ['Greets Green', 'West Bromwich'],
  ['Hateley Heath', 'West Bromwich'],
  ['Charlemont', 'West Bromwich'],
  ['Yew Tree', 'West Bromwich'],
  ['Stone Cross', 'West Bromwich'],
  ['Hamstead', 'West Bromwich'],
  ['Carters Green', 'West Bromwich'],
  ['Black Lake', 'West Bromwich'],
  ['Lyng', 'West Bromwich'],
  ['Newton', 'West Bromwich'],
  ['Great Barr', 'West Bromwich'],
  ['Wood Green', 'West Bromwich'],
];

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postcode in one of the town's districts. */
export function postcodeIn(rng: Random, town: string): string {
  const district = rng.pick(TOWN_POSTCODES[town]!);
  return `${district} ${rng.int(0, 9)}${rng.pick([...INWARD_LETTERS])}${rng.pick([...INWARD_LETTERS])}`;
}
