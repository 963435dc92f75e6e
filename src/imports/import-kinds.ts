import { ASSESSMENT_IMPORT } from '../assessments/assessments.import';
import { CASE_NOTE_AMENDMENT_IMPORT, CASE_NOTE_IMPORT } from '../case-notes/case-notes.import';
import { CONSENT_IMPORT } from '../consent/consent.import';
import { EPISODE_IMPORT } from '../episodes/episodes.import';
import { FAMILY_IMPORT } from '../families/families.import';
import { LOCALITY_IMPORT } from '../localities/localities.import';
import { LEAD_PROFESSIONAL_IMPORT } from '../lead-professionals/lead-professionals.import';
import { MARF_DECISION_IMPORT, MARF_IMPORT } from '../marf/marf.import';
import { ORGANISATION_IMPORT } from '../organisations/organisations.import';
import { PERSON_IMPORT } from '../people/people.import';
import { SOCIAL_CARE_INVOLVEMENT_IMPORT } from '../social-care/social-care.import';
import { TAF_MEETING_IMPORT, TAF_PLAN_IMPORT } from '../taf/taf.import';
import { TRANSITION_IMPORT } from '../transitions/transitions.import';
import { USER_IMPORT } from '../users/users.import';
import type { ImportKind } from './import-kind';

/**
 * Every kind of record an import accepts, in the order they are applied: each kind only refers to
 * kinds before it, so a file may list records in any order.
 */
export const IMPORT_KINDS: readonly ImportKind[] = [
  LOCALITY_IMPORT,
  ORGANISATION_IMPORT,
  USER_IMPORT,
  PERSON_IMPORT,
  FAMILY_IMPORT,
  CONSENT_IMPORT,
  SOCIAL_CARE_INVOLVEMENT_IMPORT,
  MARF_IMPORT,
  MARF_DECISION_IMPORT,
  EPISODE_IMPORT,
  ASSESSMENT_IMPORT,
  LEAD_PROFESSIONAL_IMPORT,
  TAF_PLAN_IMPORT,
  TAF_MEETING_IMPORT,
  TRANSITION_IMPORT,
  CASE_NOTE_IMPORT,
  CASE_NOTE_AMENDMENT_IMPORT,
];

const BY_KIND = new Map(IMPORT_KINDS.map((kind) => [kind.kind, kind]));

export function importKind(name: string): ImportKind | undefined {
  return BY_KIND.get(name);
}
