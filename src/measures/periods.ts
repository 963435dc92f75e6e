import { addDays } from '../calendar/working-days';

export const PERIOD_KINDS = ['month', 'quarter', 'financial_year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A reporting period: both ends are calendar dates and both are in the period. */
export interface Period {
  kind: PeriodKind;
  key: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthStart(year: number, month: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${pad(m)}-01`;
}

/** The period of `kind` that contains `date`. */
export function periodContaining(kind: PeriodKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (kind) {
    case 'month': {
      const start = monthStart(year, month);
      return { kind, key: start.slice(0, 7), start, end: addDays(monthStart(year, month + 1), -1) };
    }
    case 'quarter': {
      const first = month - ((month - 1) % 3);
      const start = monthStart(year, first);
      return { kind, key: `${year}-Q${(first + 2) / 3}`, start, end: addDays(monthStart(year, first + 3), -1) };
    }
    case 'financial_year': {
      // English local government years run 1 April to 31 March: "2022-23".
      const startYear = month >= 4 ? year : year - 1;
      return {
        kind,
        key: `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`,
        start: `${startYear}-04-01`,
        end: `${startYear + 1}-03-31`,
      };
    }
    case 'year':
      return { kind, key: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
  }
}

/** Every period of `kind` that overlaps [from, to], in order. */
export function periodsOverlapping(kind: PeriodKind, from: string, to: string): Period[] {
  const periods: Period[] = [];
  for (let period = periodContaining(kind, from); period.start <= to;) {
    periods.push(period);
    period = periodContaining(kind, addDays(period.end, 1));
  }
  return periods;
}

export const AGE_BANDS = ['0-4', '5-11', '12-16', '17+'] as const;

/** Whole years of age on `on`, counting a 29 February birthday on 1 March in other years. */
export function ageInYears(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}

/**
 * The scrutiny pack's bands, as measure-definition.ts's ageBand computes them in SQL: a child unborn
 * on `on` (no date of birth yet, or born after it) counts in '0-4', its sex being 'unborn'.
 */
export function ageBand(dateOfBirth: string | null, on: string): (typeof AGE_BANDS)[number] {
  if (!dateOfBirth || dateOfBirth > on) return '0-4';
  const age = ageInYears(dateOfBirth, on);
  return age <= 4 ? '0-4' : age <= 11 ? '5-11' : age <= 16 ? '12-16' : '17+';
}

/** A rate as the dashboards show it: a percentage to 2 decimal places, null with no denominator. */
export function percentage(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 100;
}

/** The period of `kind` whose key is `key` ("2026-03", "2026-Q1", "2025-26", "2026"); undefined if it is not one. */
export function periodFromKey(kind: PeriodKind, key: string): Period | undefined {
  const patterns: Record<PeriodKind, RegExp> = {
    month: /^(\d{4})-(0[1-9]|1[0-2])$/,
    quarter: /^(\d{4})-Q([1-4])$/,
    financial_year: /^(\d{4})-(\d{2})$/,
    year: /^(\d{4})$/,
  };
  const match = patterns[kind].exec(key);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1900 || year > 2999) return undefined;
  const start =
    kind === 'month'
      ? `${match[1]}-${match[2]}-01`
      : kind === 'quarter'
        ? `${match[1]}-${pad((Number(match[2]) - 1) * 3 + 1)}-01`
        : kind === 'financial_year'
          ? `${match[1]}-04-01`
          : `${match[1]}-01-01`;
  const period = periodContaining(kind, start);
  return period.key === key ? period : undefined;
}

/** The same period a year earlier (March 2026 → March 2025; 2026-Q1 → 2025-Q1; 2025-26 → 2024-25). */
export function periodAYearEarlier(period: Period): Period {
  return periodContaining(period.kind, `${Number(period.start.slice(0, 4)) - 1}${period.start.slice(4)}`);
}
