import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { RegistrationsCollector, RegistryKey } from '../platform/registrations/registrations';
import type { MeasureDefinition } from './measure-definition';
import { partnershipActivity } from './partnership-activity.measure';

/** Features list their measures under this key in their `<feature>.registrations.ts`. */
export const MEASURES = new RegistryKey<MeasureDefinition>('measures');

const KEY = /^[a-z][a-z0-9_]*$/;

/**
 * Every measure the dashboard computes. Features that own the data declare their measures in their
 * registrations, collected at start-up, so a measure's SQL lives beside the tables it reads.
 */
@Injectable()
export class MeasureRegistry implements OnModuleInit {
  private readonly measures = new Map<string, MeasureDefinition>();

  constructor(private readonly registrations?: RegistrationsCollector) {
    this.register(partnershipActivity);
  }

  onModuleInit(): void {
    for (const measure of this.registrations?.of(MEASURES) ?? []) this.register(measure);
  }

  register(measure: MeasureDefinition): void {
    if (!KEY.test(measure.key)) throw new Error(`Measure key "${measure.key}" must be snake_case`);
    if (this.measures.has(measure.key)) throw new Error(`Measure "${measure.key}" is registered twice`);
    this.measures.set(measure.key, measure);
  }

  all(): MeasureDefinition[] {
    return [...this.measures.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  get(key: string): MeasureDefinition {
    const measure = this.measures.get(key);
    if (!measure) throw new NotFoundException(`No measure with key ${key}`);
    return measure;
  }
}
