import { applicationImportKinds } from '../app.registrations';
import type { ImportKind } from './import-kind';
import { dependenciesOf, orderImportKinds } from './import-kinds';

const kind = (name: string, after: string[] = []): ImportKind => ({
  kind: name,
  table: name,
  description: '',
  fields: [],
  after,
});

describe('import kinds', () => {
  it('apply each kind after every kind it refers to or declares', () => {
    const all = applicationImportKinds().all;
    const position = new Map(all.map((k, index) => [k.kind, index]));
    for (const k of all)
      for (const dep of dependenciesOf(k)) expect(position.get(dep)!).toBeLessThan(position.get(k.kind)!);
    expect(all.map((k) => k.kind)).toEqual(expect.arrayContaining(['locality', 'case_note_amendment']));
  });

  it('refuses a dependency no feature registers, and kinds that depend on each other', () => {
    expect(() => orderImportKinds([kind('a', ['b'])])).toThrow(/no feature registers/);
    expect(() => orderImportKinds([kind('a', ['b']), kind('b', ['a'])])).toThrow(/depend on each other/);
    expect(() => orderImportKinds([kind('a'), kind('a')])).toThrow(/twice/);
  });
});
