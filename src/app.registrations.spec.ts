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

  it('leaves no feature throwing a problem with an inline slug and title (use `<feature>.problems.ts`)', () => {
    const inline = sourceFiles(join(__dirname))
      .filter((path) => !relative(__dirname, path).startsWith('platform'))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, index) => ({ line, at: `${relative(__dirname, path)}:${index + 1}` }))
          .filter(({ line }) => /\b(unprocessable|conflict)\(\s*'|new ProblemException\(/.test(line))
          .map(({ at }) => at),
      );
    expect(inline).toEqual([]);
  });
});
