import { FEATURE_MODULES } from './app.module';
import { IMPORT_KINDS, ImportKinds } from './imports/import-kinds';
import { PlatformModule } from './platform/platform.module';
import { PROBLEM_TYPES, type ProblemType } from './platform/problem/problem-type';
import { registrationsOfModules } from './platform/registrations/registrations';

/**
 * The import kinds every feature module registers, read from the modules without starting Nest:
 * for `npm run docs:import` and unit tests. The running application collects the same through
 * Nest's DiscoveryService (RegistrationsCollector).
 */
export function applicationImportKinds(): ImportKinds {
  return new ImportKinds(registrationsOfModules(FEATURE_MODULES).flatMap((feature) => feature.of(IMPORT_KINDS)));
}

/** The problem types the platform and every feature module register, for the OpenAPI description. */
export function applicationProblemTypes(): ProblemType[] {
  return registrationsOfModules([PlatformModule, ...FEATURE_MODULES]).flatMap((feature) => feature.of(PROBLEM_TYPES));
}
