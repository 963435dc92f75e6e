import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * The layers of src/, lowest first. A file may import files of its own unit, of units on lower
 * layers, and of other units on its own layer as long as no units import each other in a circle.
 * A unit is a folder of src/ (or a top-level file), except where UNITS_BY_FILE says otherwise.
 * See README.md "Architecture".
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['config'],
  ['platform'],
  ['calendar'],
  // Who may see a family: every feature's access check.
  ['access'],
  // Registries that features plug into, and services any feature may call.
  ['chronology', 'imports', 'extracts', 'notifications', 'privacy'],
  // Reference data and people.
  ['localities', 'support-levels', 'organisations', 'national-codes', 'users', 'people', 'social-care'],
  // Measures: the registry and runner; its breakdowns use reference data, its measures come from features.
  ['measures'],
  ['families', 'consent', 'family-network'],
  // Casework features.
  [
    'marf',
    'episodes',
    'assessments',
    'taf',
    'lead-professionals',
    'transitions',
    'case-notes',
    'family-group-conferences',
    'child-in-need',
    'sign-off',
    'supporting-families',
  ],
  // Views across casework features.
  // Views across casework features, and retention (which removes records of every casework table).
  ['family-summary', 'returns', 'worklist', 'documents', 'drafts', 'retention'],
  ['demo'],
  // The application: modules put together, entry points, OpenAPI.
  [
    'app.data-source',
    'app.module',
    'app.registrations',
    'app.setup',
    'openapi-problems',
    'openapi',
    'import-format',
    'main',
    'worker',
    'cli',
  ],
];

/** Files that form a unit of their own inside a folder (none today; the access rule has its own folder). */
const UNITS_BY_FILE: Record<string, string> = {};

const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function unitOf(file: string): string {
  const path = relative(SRC, file);
  if (UNITS_BY_FILE[path]) return UNITS_BY_FILE[path];
  const [first] = path.split('/');
  return path.includes('/') ? first! : first!.replace(/\.ts$/, '');
}

/** The files of src/ a file imports (import, export … from, import(), require), as the compiler reads them. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const base = resolve(dirname(file), name);
      const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
      return candidates.find((candidate) => {
        try {
          return statSync(candidate).isFile();
        } catch {
          return false;
        }
      });
    })
    .filter((path): path is string => path !== undefined && path.startsWith(SRC));
}

/** Strongly connected components of more than one node (Tarjan): the circles of a graph. */
function circles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    lowlink.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlink.set(node, Math.min(lowlink.get(node)!, lowlink.get(next)!));
      } else if (onStack.has(next)) {
        lowlink.set(node, Math.min(lowlink.get(node)!, indices.get(next)!));
      }
    }
    if (lowlink.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe('the structure of src/', () => {
  const files = sourceFiles(SRC);
  const layerOf = new Map(LAYERS.flatMap((units, layer) => units.map((unit) => [unit, layer] as const)));
  const fileGraph = new Map(files.map((file) => [file, new Set(importsOf(file))]));
  const name = (file: string) => relative(SRC, file);

  it('places every file in a layer', () => {
    const unplaced = [...new Set(files.map(unitOf))].filter((unit) => !layerOf.has(unit));
    expect(unplaced).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const [file, imported] of fileGraph) {
      for (const target of imported) {
        const from = layerOf.get(unitOf(file));
        const to = layerOf.get(unitOf(target));
        if (from !== undefined && to !== undefined && to > from)
          upward.push(`${name(file)} (${unitOf(file)}) -> ${name(target)} (${unitOf(target)})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no circle of units', () => {
    const units = new Map<string, Set<string>>();
    for (const [file, imported] of fileGraph) {
      const from = unitOf(file);
      if (!units.has(from)) units.set(from, new Set());
      for (const target of imported) if (unitOf(target) !== from) units.get(from)!.add(unitOf(target));
    }
    expect(circles(units)).toEqual([]);
  });

  it('has no circle of files', () => {
    expect(circles(fileGraph).map((circle) => circle.map(name))).toEqual([]);
  });
});
