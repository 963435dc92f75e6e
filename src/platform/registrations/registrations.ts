import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/**
 * One kind of plug-in a registry collects (chronology sources, measures, extracts, import kinds).
 * The registry that owns the key lives below the features; features only name it.
 */
export class RegistryKey<T> {
  /** Carries T for the compiler; never set. */
  declare readonly item?: T;
  constructor(readonly name: string) {}
}

interface Entry {
  key: RegistryKey<unknown>;
  items: readonly unknown[];
}

/** What one feature plugs into the registries: its `<feature>.registrations.ts` exports one. */
export class FeatureRegistrations {
  constructor(
    readonly feature: string,
    private readonly entries: readonly Entry[],
  ) {}

  of<T>(key: RegistryKey<T>): T[] {
    return this.entries.filter((entry) => entry.key === key).flatMap((entry) => entry.items as T[]);
  }
}

/** `register(MEASURES, [...])`: one line of a feature's registrations. */
export function register<T>(key: RegistryKey<T>, items: readonly T[]): Entry {
  return { key: key as RegistryKey<unknown>, items };
}

export function featureRegistrations(feature: string, ...entries: Entry[]): FeatureRegistrations {
  return new FeatureRegistrations(feature, entries);
}

/** The provider a feature module lists: `providers: [provideRegistrations(EPISODES_REGISTRATIONS)]`. */
export function provideRegistrations(registrations: FeatureRegistrations) {
  return { provide: `${registrations.feature}.registrations`, useValue: registrations };
}

/**
 * The registrations of every module of the application, found through Nest's DiscoveryService,
 * so a registry never imports a feature.
 */
@Injectable()
export class RegistrationsCollector {
  constructor(private readonly discovery: DiscoveryService) {}

  all(): FeatureRegistrations[] {
    const found = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is FeatureRegistrations => instance instanceof FeatureRegistrations);
    return [...new Set(found)].sort((a, b) => a.feature.localeCompare(b.feature));
  }

  of<T>(key: RegistryKey<T>): T[] {
    return this.all().flatMap((registrations) => registrations.of(key));
  }
}

/**
 * The same without starting Nest (scripts, unit tests): the registrations listed in the
 * providers of these modules and the modules they import.
 */
export function registrationsOfModules(modules: readonly unknown[]): FeatureRegistrations[] {
  const seen = new Set<unknown>();
  const found = new Set<FeatureRegistrations>();
  const visit = (module: unknown): void => {
    if (!module || seen.has(module)) return;
    seen.add(module);
    const target = module as object;
    for (const provider of (Reflect.getMetadata('providers', target) ?? []) as unknown[]) {
      const value = (provider as { useValue?: unknown } | undefined)?.useValue;
      if (value instanceof FeatureRegistrations) found.add(value);
    }
    for (const imported of (Reflect.getMetadata('imports', target) ?? []) as unknown[]) visit(imported);
  };
  modules.forEach(visit);
  return [...found].sort((a, b) => a.feature.localeCompare(b.feature));
}
