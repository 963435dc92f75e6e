import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { applicationImportKinds } from './app.registrations';
import { renderImportFormat } from './imports/import-format-doc';

/** `npm run docs:import`: writes docs/import-format.md from the import kinds the features register. */
writeFileSync('docs/import-format.md', renderImportFormat(applicationImportKinds()));
