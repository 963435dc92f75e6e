import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { FAMILY_NETWORK_PROBLEMS } from './family-network.problems';

/** What family-network plugs into the registries: its problem types. */
export const FAMILY_NETWORK_REGISTRATIONS = featureRegistrations(
  'family-network',
  register(PROBLEM_TYPES, Object.values(FAMILY_NETWORK_PROBLEMS)),
);
