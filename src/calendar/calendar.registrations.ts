import { PROBLEM_TYPES } from '../platform/problem/problem-type';
import { featureRegistrations, register } from '../platform/registrations/registrations';
import { CALENDAR_PROBLEMS } from './calendar.problems';

/** What calendar plugs into the registries: its problem types. */
export const CALENDAR_REGISTRATIONS = featureRegistrations(
  'calendar',
  register(PROBLEM_TYPES, Object.values(CALENDAR_PROBLEMS)),
);
