import { Injectable, Logger } from '@nestjs/common';
import { LocalitiesService } from '../localities/localities.service';
import { Locality } from '../localities/locality.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import type { Role } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { UsersService } from '../users/users.service';
import { ImportProgress, ImportsService } from '../imports/imports.service';
import type { MeasureRunView } from '../measures/dto/measures.dto';
import { MeasuresService } from '../measures/measures.service';
import { periodContaining } from '../measures/periods';
import { Clock } from '../platform/clock/clock';
import type { ImportView } from '../imports/dto/imports.dto';
import { DemoFamilyHelpRepository } from './demo-family-help.repository';
import { DemoSupportingFamiliesRepository } from './demo-supporting-families.repository';
import { DEMO_ORGANISATIONS, DEMO_USERS, SANDWELL_TOWNS } from './demo-partnership';
import { familyHelpFrom } from './synthetic/episodes';
import { generatePartnership } from './synthetic/generate';
import { estimateLines, SCALES, type ScaleName } from './synthetic/scales';

export interface CaseDataProgress extends ImportProgress {
  /** Lines generated so far (they are staged as they come) against the scale's estimate. */
  onGenerate?(lines: number, estimate: number): void;
}

/** Lines travel to the import in chunks: one string per line would cost more than generating it. */
const CHUNK_LINES = 500;

export interface DemoSeedResult {
  localities: number;
  organisations: number;
  users: { email: string; roles: Role[] }[];
}

/**
 * A small coherent partnership for trying the API: the six towns, one organisation of each kind
 * that matters, and one user per role. Safe to run again: what exists is left alone.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly db: DatabaseService,
    private readonly localities: LocalitiesService,
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly imports: ImportsService,
    private readonly measures: MeasuresService,
    private readonly clock: Clock,
    private readonly familyHelp: DemoFamilyHelpRepository,
    private readonly supportingFamilies: DemoSupportingFamiliesRepository,
  ) {}

  /**
   * Computes every measure over the demo history (from the start of the financial year of its first
   * MARF or episode to today), so the dashboard has figures as soon as the demo starts.
   */
  async computeMeasures(): Promise<MeasureRunView> {
    const today = this.clock.today();
    const [row] = await this.db.query<{ earliest: string | null }>(
      `SELECT to_char(least((SELECT min(opened_on) FROM episodes),
                            ((SELECT min(received_at) FROM marfs) AT TIME ZONE 'Europe/London')::date), 'YYYY-MM-DD') AS earliest`,
    );
    const earliest = row?.earliest && row.earliest < today ? row.earliest : today;
    const run = await this.measures.runNow({ from: periodContaining('financial_year', earliest).start, to: today });
    this.logger.log(`demo measures computed: run ${run.id} ${run.status}, ${run.done} of ${run.total}`);
    return run;
  }

  /**
   * Case data for the demo partnership at a scale (see synthetic/scales.ts), through the same import
   * as a legacy EHM file: validated, staged and applied kind by kind. Idempotent by legacy id, so a
   * second run reports every record unchanged.
   */
  async seedCases(
    scaleName: ScaleName,
    options: { today?: string; progress?: CaseDataProgress } = {},
  ): Promise<ImportView> {
    const scale = SCALES[scaleName];
    const estimate = estimateLines(scale);
    const onGenerate = options.progress?.onGenerate;
    async function* chunks(): AsyncGenerator<string> {
      let chunk: string[] = [];
      let generated = 0;
      for (const line of generatePartnership(scale, { today: options.today })) {
        chunk.push(line);
        if (chunk.length === CHUNK_LINES) {
          generated += chunk.length;
          onGenerate?.(generated, Math.max(estimate, generated));
          yield chunk.join('');
          chunk = [];
        }
      }
      generated += chunk.length;
      onGenerate?.(generated, generated);
      if (chunk.length > 0) yield chunk.join('');
    }
    const view = await this.imports.run(chunks(), { source: 'seed', fileName: `demo-${scaleName}` }, options.progress);
    this.logger.log(`demo case data (${scaleName}): ${view.recordsCreated} created, ${view.errorCount} errors`);
    // The Family Help model from the date the partnership switched vocabulary (no import kinds for it).
    const today = options.today ?? this.clock.today();
    const added = await this.familyHelp.seed(familyHelpFrom(today), today);
    this.logger.log(`demo Family Help: ${added.fgcs} FGCs and ${added.cinCases} child-in-need cases added`);
    const sf = await this.supportingFamilies.seed(today);
    this.logger.log(`demo Supporting Families: ${sf.families} families followed, ${sf.claims} claims made`);
    return view;
  }

  async seed(): Promise<DemoSeedResult> {
    const towns = new Map<string, Locality>();
    const existing = await this.db.repository(Locality).find();
    for (const locality of existing) towns.set(locality.name, locality);
    for (const name of SANDWELL_TOWNS) {
      if (!towns.has(name)) towns.set(name, await this.localities.create({ name }));
    }
    const organisationIds = new Map<string, string>();
    for (const organisation of DEMO_ORGANISATIONS) {
      const found =
        (await this.organisations.findByName(organisation.name)) ??
        (await this.organisations.create({
          name: organisation.name,
          type: organisation.type,
          localityId: organisation.town ? towns.get(organisation.town)?.id : undefined,
        }));
      organisationIds.set(organisation.name, found.id);
    }
    for (const user of DEMO_USERS) {
      if (await this.users.findByEmail(user.email)) continue;
      await this.users.create({
        email: user.email,
        name: user.name,
        organisationId: organisationIds.get(user.organisation)!,
        roles: user.roles,
      });
    }
    this.logger.log(`demo partnership ready: ${DEMO_USERS.length} users`);
    return {
      localities: towns.size,
      organisations: organisationIds.size,
      users: DEMO_USERS.map(({ email, roles }) => ({ email, roles })),
    };
  }
}
