import { RegistryKey } from '../platform/registrations/registrations';
import type { FieldType, ImportField, ImportKind } from './import-kind';

/** Features list their import kinds under this key in their `<feature>.registrations.ts`. */
export const IMPORT_KINDS = new RegistryKey<ImportKind>('imports');

function referencedKinds(fields: readonly ImportField[]): string[] {
  return fields.flatMap((field) => {
    const spec: FieldType = field.spec;
    return spec.type === 'ref' || spec.type === 'ref[]' ? [spec.kind] : [];
  });
}

/** The kinds a kind must be applied after: those its fields refer to, and those it declares in `after`. */
export function dependenciesOf(kind: ImportKind): string[] {
  const refs = [...referencedKinds(kind.fields), ...(kind.children ?? []).flatMap((c) => referencedKinds(c.fields))];
  return [...new Set([...refs, ...(kind.after ?? [])])].filter((name) => name !== kind.kind);
}

/**
 * Orders kinds so that each comes after every kind it depends on (a topological sort; among kinds
 * free to go, the one with fewest dependencies in total, then by name, so the order is stable).
 * Throws on an unknown dependency or a cycle.
 */
export function orderImportKinds(kinds: readonly ImportKind[]): ImportKind[] {
  const byName = new Map<string, ImportKind>();
  for (const kind of kinds) {
    if (byName.has(kind.kind)) throw new Error(`Import kind "${kind.kind}" is registered twice`);
    byName.set(kind.kind, kind);
  }
  const depends = new Map(kinds.map((kind) => [kind.kind, dependenciesOf(kind)]));
  for (const [name, deps] of depends) {
    const unknown = deps.find((dep) => !byName.has(dep));
    if (unknown) throw new Error(`Import kind "${name}" depends on "${unknown}", which no feature registers`);
  }
  const depth = new Map<string, number>();
  const depthOf = (name: string, path: string[]): number => {
    if (path.includes(name)) throw new Error(`Import kinds depend on each other: ${[...path, name].join(' -> ')}`);
    const known = depth.get(name);
    if (known !== undefined) return known;
    const value = Math.max(0, ...depends.get(name)!.map((dep) => depthOf(dep, [...path, name]) + 1));
    depth.set(name, value);
    return value;
  };
  return [...byName.values()].sort((a, b) => depthOf(a.kind, []) - depthOf(b.kind, []) || a.kind.localeCompare(b.kind));
}

/** Every kind of record an import accepts, in the order they are applied, so a file may list records in any order. */
export class ImportKinds {
  readonly all: readonly ImportKind[];
  private readonly byName: ReadonlyMap<string, ImportKind>;

  constructor(kinds: readonly ImportKind[]) {
    this.all = orderImportKinds(kinds);
    this.byName = new Map(this.all.map((kind) => [kind.kind, kind]));
  }

  get(name: string): ImportKind | undefined {
    return this.byName.get(name);
  }

  names(): string {
    return this.all.map((kind) => kind.kind).join(', ');
  }
}
