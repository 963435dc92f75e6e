import { PLATFORM_PROBLEMS } from './problem/platform.problems';
import { PROBLEM_TYPES } from './problem/problem-type';
import { featureRegistrations, register } from './registrations/registrations';

/** What the platform plugs into the registries: its own problem types (validation, the standard answers). */
export const PLATFORM_REGISTRATIONS = featureRegistrations(
  'platform',
  register(PROBLEM_TYPES, Object.values(PLATFORM_PROBLEMS)),
);
