import { field, ImportKind } from '../imports/import-kind';
import { isValidNhsNumber } from './nhs-number';
import { NATIONAL_CODES_2024 } from '../national-codes/national-codes-2024';
import {
  cinEthnicity,
  disabilitiesProblem,
  ETHNICITIES,
  normalisePostcode,
  PERSON_TYPES,
  SEND_STATUSES,
  SEXES,
  type Ethnicity,
} from './person-rules';

const DISABILITY_CODES = NATIONAL_CODES_2024.disability.map(([code]) => code);

export const PERSON_IMPORT: ImportKind = {
  kind: 'person',
  table: 'persons',
  description: 'A child, young person, unborn baby or adult.',
  fields: [
    field.oneOf('personType', 'person_type', PERSON_TYPES, { required: true }),
    field.text('firstName', 'first_name', 100, { required: true }),
    field.text('middleNames', 'middle_names', 200),
    field.text('lastName', 'last_name', 100, { required: true }),
    field.text('preferredName', 'preferred_name', 100),
    field.date('dateOfBirth', 'date_of_birth'),
    field.date('expectedDateOfBirth', 'expected_date_of_birth', { description: 'unborn children only' }),
    field.oneOf('sex', 'sex', SEXES, { required: true }),
    field.text('gender', 'gender', 100),
    field.oneOf('ethnicity', 'ethnicity', ETHNICITIES, { default: 'not_stated' }),
    field.pattern('cinEthnicity', 'cin_ethnicity', /^[A-Z]{4}$/, 'WBRI', {
      description:
        'CIN census ethnicity code; derived where the ONS category maps one-to-one, left empty (and listed by the returns validation) where it does not',
    }),
    field.manyOf('disabilities', 'disabilities', DISABILITY_CODES, 0, { default: [] }),
    field.text('firstLanguage', 'first_language', 100),
    field.pattern('nhsNumber', 'nhs_number', /^\d{10}$/, '9434765919'),
    field.text('upn', 'upn', 13),
    field.text('postcode', 'postcode', 10),
    field.oneOf('sendStatus', 'send_status', SEND_STATUSES, { default: 'none' }),
    field.ref('createdByOrganisation', 'created_by_organisation_id', 'organisation', { required: true }),
    field.timestamp('recordedAt', 'created_at', { description: 'when the legacy system first recorded them' }),
  ],
  check(values) {
    if (values.nhs_number && !isValidNhsNumber(String(values.nhs_number))) {
      return 'nhsNumber: fails the NHS number check digit';
    }
    const cin = cinEthnicity(values.ethnicity as Ethnicity, values.cin_ethnicity as string | null);
    if ('code' in cin) values.cin_ethnicity = cin.code;
    else if (!cin.required) return `cinEthnicity: ${cin.problem}`;
    const disabilities = disabilitiesProblem(values.disabilities as string[]);
    if (disabilities) return `disabilities: ${disabilities}`;
    if (values.date_of_birth && values.expected_date_of_birth) {
      return 'give dateOfBirth or expectedDateOfBirth, not both';
    }
    if (values.person_type === 'child' && !values.date_of_birth && !values.expected_date_of_birth) {
      return 'a child needs a dateOfBirth (or an expectedDateOfBirth if unborn)';
    }
    if (values.person_type === 'adult' && values.expected_date_of_birth) {
      return 'an adult cannot have an expectedDateOfBirth';
    }
    if (values.postcode) {
      const postcode = normalisePostcode(String(values.postcode));
      if (!postcode) return 'postcode: is not a UK postcode';
      values.postcode = postcode;
    }
    return undefined;
  },
  constraintMessages: { persons_nhs_number_key: 'nhsNumber: another person already has this NHS number' },
};
