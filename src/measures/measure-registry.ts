import { Injectable, NotFoundException } from '@nestjs/common';
import type { MeasureDefinition } from './measure-definition';
import { partnershipActivity } from './partnership-activity.measure';

const KEY = /^[a-z][a-z0-9_]*$/;

/**
 * Every measure the dashboard computes. Features that own the data register their measures at
 * module init, so a measure's SQL lives beside the tables it reads.
 */
@Injectable()
export class MeasureRegistry {
  private readonly measures = new Map<string, MeasureDefinition>();

  constructor() {
    this.register(partnershipActivity);
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
