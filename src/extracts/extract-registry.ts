import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { RegistrationsCollector, RegistryKey } from '../platform/registrations/registrations';

/**
 * One analysts' extract. `sql` selects the rows whose date falls in the range given by the
 * session settings `eh.extract_from` and `eh.extract_to` (read them with `extractFrom()` and
 * `extractTo()` below). Columns carry readable names ("Opened on") for Excel and Power BI users.
 * People and records appear only as `eh_pseudonym(id)` (persons, users, families, episodes,
 * MARFs…: a raw UUID or a MARF reference can be looked up in the case system, so it is an
 * identifier too) and ages as `eh_age_years(...)`: no names, no identifiers, no dates of birth, and
 * no free-text columns (reasons, notes, narratives name people): codes only. CSV text cells are
 * neutralised against formula injection by the service, whatever the SQL.
 */
export interface ExtractDefinition {
  name: string;
  description: string;
  sql: string;
}

export const extractFrom = () => `current_setting('eh.extract_from')::date`;
export const extractTo = () => `current_setting('eh.extract_to')::date`;

/** Booleans as Excel and Power BI users read them; unknown stays empty. */
export const yesNo = (expression: string) => `CASE WHEN ${expression} THEN 'Yes' WHEN NOT ${expression} THEN 'No' END`;

/** Features list their extracts under this key in their `<feature>.registrations.ts`. */
export const EXTRACTS = new RegistryKey<ExtractDefinition>('extracts');

const NAME = /^[a-z][a-z0-9-]*$/;

@Injectable()
export class ExtractRegistry implements OnModuleInit {
  private readonly extracts = new Map<string, ExtractDefinition>();

  constructor(private readonly registrations?: RegistrationsCollector) {}

  onModuleInit(): void {
    for (const extract of this.registrations?.of(EXTRACTS) ?? []) this.register(extract);
  }

  register(extract: ExtractDefinition): void {
    if (!NAME.test(extract.name)) throw new Error(`Extract name "${extract.name}" must be kebab-case`);
    if (this.extracts.has(extract.name)) throw new Error(`Extract "${extract.name}" is registered twice`);
    this.extracts.set(extract.name, extract);
  }

  all(): ExtractDefinition[] {
    return [...this.extracts.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): ExtractDefinition {
    const extract = this.extracts.get(name);
    if (!extract) throw new NotFoundException(`No extract named ${name}; see GET /extracts`);
    return extract;
  }
}
