import { readFileSync } from 'node:fs';
import { applicationImportKinds } from '../app.registrations';
import { renderImportFormat } from './import-format-doc';

describe('docs/import-format.md', () => {
  it('is up to date with the record kinds (npm run docs:import)', () => {
    expect(readFileSync('docs/import-format.md', 'utf8')).toBe(renderImportFormat(applicationImportKinds()));
  });
});
