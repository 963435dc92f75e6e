/** How big a synthetic partnership is. */
export interface Scale {
  name: ScaleName;
  /** Children (person type `child`) across all families. */
  children: number;
  marfsPerYear: number;
  /** Years of history, ending today. */
  years: number;
  /** Multiplies each organisation type's Sandwell-sized count (and staff numbers). */
  organisationFactor: number;
  /**
   * Calibration: MARFs drawn per MARF wanted. Some drawn MARFs never happen (the child has an open
   * social care involvement until the end of the history); the longer the history, the more.
   */
  marfDrawFactor: number;
  /** The first of this scale's NHS numbers (nine digits before the check digit), so scales never collide. */
  nhsBase: number;
}

export const SCALE_NAMES = ['small', 'la', 'large'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export const SCALES: Record<ScaleName, Scale> = {
  /** A few thousand records: seeds in seconds, for `npm run demo` and the tests. */
  small: {
    name: 'small',
    children: 2_000,
    marfsPerYear: 500,
    years: 2,
    organisationFactor: 0.15,
    marfDrawFactor: 1,
    nhsBase: 999_000_000,
  },
  /** Sandwell-sized: about 87,000 children, 20,000 MARFs a year, five years. */
  la: {
    name: 'la',
    children: 87_000,
    marfsPerYear: 20_000,
    years: 5,
    organisationFactor: 1,
    marfDrawFactor: 1.02,
    nhsBase: 999_050_000,
  },
  /** A big city: about 300,000 children, 60,000 MARFs a year, ten years. */
  large: {
    name: 'large',
    children: 300_000,
    marfsPerYear: 60_000,
    years: 10,
    organisationFactor: 3.4,
    marfDrawFactor: 1.1,
    nhsBase: 999_300_000,
  },
};

export function isScaleName(value: string): value is ScaleName {
  return (SCALE_NAMES as readonly string[]).includes(value);
}

/** Average children in a family known to services (siblings are separate people). */
export const CHILDREN_PER_FAMILY = 1.97;

export function familyCount(scale: Scale): number {
  return Math.round(scale.children / CHILDREN_PER_FAMILY);
}

/**
 * Roughly how many lines the scale generates, for the progress bar: people, families, MARFs with
 * their decisions, and about nine lines for each episode's records.
 */
export function estimateLines(scale: Scale): number {
  const families = familyCount(scale);
  const marfs = scale.marfsPerYear * scale.years;
  const episodes = marfs * 0.135;
  return Math.round(scale.children + families * 2.7 + marfs * 2.2 + episodes * 9.5);
}
