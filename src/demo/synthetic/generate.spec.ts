import { createHash } from 'node:crypto';
import type { ImportField } from '../../imports/import-kind';
import { applicationImportKinds } from '../../app.registrations';
import { isRejected, parseLine, type StagedRecord } from '../../imports/import-line';
import { isValidNhsNumber } from '../../people/nhs-number';
import { generatePartnership } from './generate';
import { DUPLICATE_SUFFIX, nhsNumber, PLANTED_DUPLICATE_RATE } from './people';
import { estimateLines, SCALES } from './scales';

const TODAY = '2026-03-31';
const KINDS = applicationImportKinds();

function digest(lines: Iterable<string>): { hash: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const line of lines) {
    hash.update(line);
    count++;
  }
  return { hash: hash.digest('hex'), count };
}

/** The legacy ids a record refers to, by kind, from its validated values. */
function references(record: StagedRecord): [string, string][] {
  const kind = KINDS.get(record.kind)!;
  const found: [string, string][] = [];
  const collect = (fields: readonly ImportField[], values: Record<string, unknown>) => {
    for (const f of fields) {
      const value = values[f.column];
      if (value === null || value === undefined) continue;
      if (f.spec.type === 'ref') found.push([f.spec.kind, String(value)]);
      if (f.spec.type === 'ref[]') for (const id of value as string[]) found.push([f.spec.kind, id]);
    }
  };
  collect(kind.fields, record.payload.v);
  for (const child of kind.children ?? []) {
    for (const values of record.payload.c[child.key] ?? []) collect(child.fields, values);
  }
  return found;
}

describe('generatePartnership', () => {
  const small = SCALES.small;
  const lines = [...generatePartnership(small, { today: TODAY })];
  const records = lines.map((line) => ({ line, parsed: parseLine(line, KINDS) }));

  it('gives the same lines for the same scale and day', () => {
    expect(digest(generatePartnership(small, { today: TODAY }))).toEqual(digest(lines));
  });

  it('moves the history with the day it ends on, keeping the legacy ids of the partnership', () => {
    const later = [...generatePartnership(small, { today: '2026-04-01' })];
    expect(later.slice(0, 50)).toEqual(lines.slice(0, 50));
    expect(digest(later).hash).not.toEqual(digest(lines).hash);
  });

  it('writes lines that end in a newline and pass the import validation', () => {
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const rejected = records.filter(({ parsed }) => isRejected(parsed));
    expect(rejected.slice(0, 5)).toEqual([]);
  });

  it('refers only to records it generates, each legacy id once', () => {
    const staged = records.map(({ parsed }) => parsed as StagedRecord);
    const ids = new Set<string>();
    for (const record of staged) {
      const key = `${record.kind}\u0000${record.legacyId}`;
      expect(ids.has(key)).toBe(false);
      ids.add(key);
    }
    const dangling = staged.flatMap((record) =>
      references(record)
        .filter(([kind, id]) => !ids.has(`${kind}\u0000${id}`))
        .map(([kind, id]) => `${record.kind} ${record.legacyId} -> ${kind} ${id}`),
    );
    expect(dangling.slice(0, 5)).toEqual([]);
  });

  it('is about the size of the scale, with the outcome mix of the seed figures', () => {
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (kind: string) => objects.filter((o) => o.kind === kind);
    const children = of('person').filter((p) => p.personType === 'child');
    expect(children.length).toBeGreaterThan(small.children * 0.9);
    expect(children.length).toBeLessThan(small.children * 1.1);
    const marfs = of('marf').length;
    expect(marfs).toBeGreaterThan(small.marfsPerYear * small.years * 0.9);
    expect(marfs).toBeLessThan(small.marfsPerYear * small.years * 1.1);
    const decisions = of('marf_decision');
    const nfa = decisions.filter((d) => d.outcome === 'nfa' || d.outcome === 'nfa_advice_signposting').length;
    expect(nfa / decisions.length).toBeGreaterThan(0.75);
    expect(nfa / decisions.length).toBeLessThan(0.87);
    expect(of('episode').length).toBeGreaterThan(100);
    expect(lines.length).toBeGreaterThan(estimateLines(small) * 0.8);
    expect(lines.length).toBeLessThan(estimateLines(small) * 1.3);
  });

  it('keeps the rules the database holds: NHS numbers, one open episode, one active Lead Professional, no future', () => {
    const objects = lines.map((line) => JSON.parse(line) as Record<string, string | undefined>);
    const nhs = objects.filter((o) => o.kind === 'person' && o.nhsNumber).map((o) => o.nhsNumber!);
    expect(new Set(nhs).size).toBe(nhs.length);
    expect(nhs.every(isValidNhsNumber)).toBe(true);
    const open = objects.filter((o) => o.kind === 'episode' && !o.closedOn).map((o) => o.family);
    expect(new Set(open).size).toBe(open.length);
    const active = objects.filter((o) => o.kind === 'lead_professional_assignment' && !o.endedAt).map((o) => o.episode);
    expect(new Set(active).size).toBe(active.length);
    const dates = objects.flatMap((o) =>
      ['openedOn', 'closedOn', 'startedOn', 'submittedOn', 'completedOn', 'heldOn', 'receivedAt', 'decidedAt']
        .map((key) => o[key])
        .filter((value): value is string => Boolean(value)),
    );
    expect(dates.filter((date) => date.slice(0, 10) > TODAY)).toEqual([]);
    const marfs = new Map(objects.filter((o) => o.kind === 'marf').map((o) => [o.legacyId, o.receivedAt!]));
    const early = objects.filter((o) => o.kind === 'marf_decision' && o.decidedAt! < marfs.get(o.marf!)!);
    expect(early).toEqual([]);
  });
});

describe('nhsNumber', () => {
  it('adds the modulus-11 check digit, or gives none when the nine digits have no valid number', () => {
    expect(nhsNumber(943476591)).toBe('9434765919');
    const numbers = Array.from({ length: 100 }, (_, n) => nhsNumber(999_000_000 + n));
    expect(numbers.filter((value) => value === undefined).length).toBeGreaterThan(0);
    expect(numbers.filter((value) => value !== undefined).every((value) => isValidNhsNumber(value!))).toBe(true);
  });

  it('plants a second record of a child in about 3% of households, without an NHS number and with an error', () => {
    const lines = [...generatePartnership(SCALES.small, { today: TODAY })];
    const people = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((o) => o.kind === 'person');
    const byId = new Map(people.map((p) => [String(p.legacyId), p]));
    const copies = people.filter((p) => String(p.legacyId).endsWith(DUPLICATE_SUFFIX));
    const families = lines.filter((line) => line.includes('"kind":"family"')).length;
    expect(copies.length / families).toBeGreaterThan(PLANTED_DUPLICATE_RATE * 0.6);
    expect(copies.length / families).toBeLessThan(PLANTED_DUPLICATE_RATE * 1.5);
    for (const copy of copies) {
      const original = byId.get(String(copy.legacyId).slice(0, -DUPLICATE_SUFFIX.length))!;
      expect(copy.nhsNumber).toBeUndefined();
      const differs = ['firstName', 'lastName', 'dateOfBirth', 'postcode'].filter((f) => copy[f] !== original[f]);
      expect(differs.length).toBeGreaterThan(0);
    }
  });
});
