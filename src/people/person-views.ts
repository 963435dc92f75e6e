import type { PersonMatchView } from './dto/person.dto';
import type { MatchRow } from './people.repository';
import type { Person } from './person.entity';
import { postcodeDistrict } from './person-rules';

/** A possible match as shown to the caller: the postcode district only, never the full address. */
export function toMatchView(row: MatchRow): PersonMatchView {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    dateOfBirth: row.date_of_birth,
    expectedDateOfBirth: row.expected_date_of_birth,
    postcodeDistrict: postcodeDistrict(row.postcode),
    matchedOn: row.matched_on,
    firstNameMatch: row.first_name_match,
  };
}

/**
 * What linking an existing person gives an organisation that has no other access to them:
 * demographics only (names, date of birth, identifiers, address), never sex, ethnicity, language,
 * SEND status or who recorded them.
 */
const NOT_DEMOGRAPHIC = [
  'sex',
  'gender',
  'ethnicity',
  'ethnicityGroup',
  'cinGender',
  'cinEthnicity',
  'disabilities',
  'firstLanguage',
  'sendStatus',
  'createdByOrganisationId',
  'createdByUserId',
] as const;

export function demographicsOnly(person: Person): Person {
  const view: Record<string, unknown> = { ...person };
  for (const key of NOT_DEMOGRAPHIC) delete view[key];
  return view as unknown as Person;
}
