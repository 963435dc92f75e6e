import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { lint, loadConfig } from '@redocly/openapi-core';
import ts from 'typescript';

/**
 * Partner frontends generate their client from openapi/openapi.json: the spec must lint clean
 * under Redocly's recommended rules (redocly.yaml) and openapi-typescript must turn it into types
 * that a frontend's code compiles against.
 */
const ROOT = resolve(__dirname, '..', '..');
const SPEC = join(ROOT, 'openapi', 'openapi.json');

/** Type errors by file, from one program (the ES2022 library only: no DOM, nothing else to load). */
function typeErrors(files: string[]): Record<string, string[]> {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: [],
    skipLibCheck: true,
  });
  const errors: Record<string, string[]> = Object.fromEntries(files.map((file) => [basename(file), []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? basename(diagnostic.file.fileName) : 'options';
    (errors[file] ??= []).push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  return errors;
}

describe('openapi/openapi.json for client generators', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eh-openapi-client-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has no error or warning under the recommended rules (redocly.yaml)', async () => {
    const config = await loadConfig({ configPath: join(ROOT, 'redocly.yaml') });
    const problems = await lint({ ref: SPEC, config });
    const described = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);
    expect(described).toEqual([]);
  });

  it('generates a typed client (openapi-typescript) that a frontend compiles against', () => {
    // openapi-typescript is ESM only: run its command line, as a frontend's build would.
    const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    execFileSync(process.execPath, [cli, SPEC, '--output', join(dir, 'api.d.ts')], { stdio: 'pipe' });
    copyFileSync(join(__dirname, 'client-usage.ts'), join(dir, 'client-usage.ts'));
    // The generated types are not `any`: a wrong field or an undocumented answer is refused.
    writeFileSync(
      join(dir, 'wrong-usage.ts'),
      [
        "import type { paths } from './api';",
        "type Family = paths['/families/{id}']['get']['responses']['200']['content']['application/json'];",
        'export const surname = (family: Family): string => family.surname;',
        "export type Teapot = paths['/families/{id}']['get']['responses']['418'];",
      ].join('\n'),
    );
    const errors = typeErrors([join(dir, 'client-usage.ts'), join(dir, 'wrong-usage.ts')]);
    expect(errors['client-usage.ts']).toEqual([]);
    expect(errors['wrong-usage.ts']).toEqual([
      expect.stringContaining("Property 'surname' does not exist"),
      expect.stringContaining("Property '418' does not exist"),
    ]);
    expect(Object.keys(errors).sort()).toEqual(['client-usage.ts', 'wrong-usage.ts']);
  });
});
