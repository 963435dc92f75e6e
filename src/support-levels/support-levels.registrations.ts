import { featureRegistrations, register } from '../platform/registrations/registrations';
import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { SUPPORT_LEVEL_PROBLEMS } from './support-levels.problems';

/** What support-levels plugs into the registries: its problem types. */
export const SUPPORT_LEVELS_REGISTRATIONS = featureRegistrations(
  'support-levels',
  register(PROBLEM_TYPES, Object.values(SUPPORT_LEVEL_PROBLEMS)),
);
