import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { WORKLIST_PROBLEMS } from './worklist.problems';

/** What the worklist plugs into the registries: its problem types. */
export const WORKLIST_REGISTRATIONS = featureRegistrations(
  'worklist',
  register(PROBLEM_TYPES, Object.values(WORKLIST_PROBLEMS)),
);
