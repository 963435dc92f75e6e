import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { DASHBOARD_PROBLEMS, MEASURE_PROBLEMS } from './measures.problems';

/** What measures plugs into the registries: its problem types. */
export const MEASURES_REGISTRATIONS = featureRegistrations(
  'measures',
  register(PROBLEM_TYPES, [...Object.values(MEASURE_PROBLEMS), ...Object.values(DASHBOARD_PROBLEMS)]),
);
