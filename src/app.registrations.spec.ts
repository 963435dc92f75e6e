import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applicationProblemTypes } from './app.registrations';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('problem catalogue', () => {
  it('registers each problem type once, from its feature', () => {
    const slugs = applicationProblemTypes().map((type) => type.slug);
    expect(slugs.filter((slug, index) => slugs.indexOf(slug) !== index)).toEqual([]);
    expect(slugs).toEqual(expect.arrayContaining(['unknown-person', 'invalid-involvement', 'taf-plan-exists']));
  });

  it("catalogues the platform's own problem types too", () => {
    const slugs = applicationProblemTypes().map((type) => type.slug);
    expect(slugs).toEqual(
      expect.arrayContaining([
        'validation',
        'stale-version',
        'if-match-required',
        'idempotency-key-reused',
        'internal',
      ]),
    );
  });

  it('leaves no code, platform included, throwing a problem with an inline slug and title (use a `*.problems.ts`)', () => {
    // A slug written where a problem is made: `new ProblemException(status, 'slug'`, `unprocessable('slug'`,
    // `conflict('slug'`, a `problem(…, 400, 'slug'` or `PROBLEM_BASE + 'slug'`.
    const inlineSlug =
      /new ProblemException\(\s*[^,()]+,\s*['`]|\b(unprocessable|conflict)\(\s*['`]|\bproblem\(\s*(\w+,\s*)?\d{3}\s*,\s*['`]|PROBLEM_BASE\s*\+\s*['`]/g;
    const inline = sourceFiles(join(__dirname)).flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      return [...text.matchAll(inlineSlug)].map(
        (match) => `${relative(__dirname, path)}:${text.slice(0, match.index).split('\n').length}`,
      );
    });
    expect(inline).toEqual([]);
  });
});
