import { applicationImportKinds } from '../app.registrations';
import { isRejected, parseLine } from './import-line';

const KINDS = applicationImportKinds();

const person = {
  kind: 'person',
  legacyId: 'P1',
  personType: 'child',
  firstName: ' Mia ',
  lastName: 'Walsh',
  dateOfBirth: '2016-03-02',
  sex: 'female',
  postcode: 'b70 9ab',
  createdByOrganisation: 'ORG-1',
};

const reason = (record: Record<string, unknown>) => {
  const parsed = parseLine(JSON.stringify(record), KINDS);
  return isRejected(parsed) ? parsed.message : undefined;
};

describe('parseLine', () => {
  it('normalises a valid record into column values, references still legacy ids, empty fields left out', () => {
    const parsed = parseLine(JSON.stringify(person), KINDS);
    expect(isRejected(parsed) ? undefined : 'nhs_number' in parsed.payload.v).toBe(false);
    expect(parsed).toEqual({
      kind: 'person',
      legacyId: 'P1',
      payload: {
        v: expect.objectContaining({
          first_name: 'Mia',
          date_of_birth: '2016-03-02',
          postcode: 'B70 9AB',
          ethnicity: 'not_stated',
          send_status: 'none',
          created_by_organisation_id: 'ORG-1',
        }),
        c: {},
      },
    });
  });

  it('names the field and the rule for each kind of mistake', () => {
    expect(reason({ ...person, dateOfBirth: '2016-02-30' })).toBe('dateOfBirth: must be a date (YYYY-MM-DD)');
    expect(reason({ ...person, sex: 'F' })).toBe('sex: must be one of female, male, indeterminate, not_known');
    expect(reason({ ...person, firstName: undefined })).toBe('firstName: is required');
    expect(reason({ ...person, nhsNumber: '9434765918' })).toBe('nhsNumber: fails the NHS number check digit');
    expect(reason({ ...person, dateOfBirth: undefined })).toBe(
      'a child needs a dateOfBirth (or an expectedDateOfBirth if unborn)',
    );
    expect(reason({ ...person, postcode: 'nowhere' })).toBe('postcode: is not a UK postcode');
    expect(reason({ ...person, favouriteColour: 'blue' })).toBe('unknown field(s) favouriteColour');
    expect(reason({ ...person, legacyId: '' })).toMatch(/^legacyId: must be a non-empty string/);
  });

  it('validates nested records with their position', () => {
    const family = {
      kind: 'family',
      legacyId: 'F1',
      name: 'Walsh family',
      createdByOrganisation: 'ORG-1',
      members: [
        { person: 'P1', relationship: 'child', livesInHousehold: true },
        { person: 'P2', relationship: 'aunt', livesInHousehold: true },
      ],
    };
    expect(reason(family)).toBe(
      'members[1].relationship: must be one of child, mother, father, step_parent, carer, sibling, grandparent, other',
    );
    expect(reason({ ...family, members: [] })).toBe('members: must not be empty');
  });

  it('checks the rules between fields that the tables enforce', () => {
    const decision = {
      kind: 'marf_decision',
      legacyId: 'D1',
      marf: 'M1',
      outcome: 'nfa',
      rationale: 'r',
      quality: 'adequate',
      earlyHelpEvidenced: false,
      feedbackToReferrer: 'f',
      decidedBy: 'U1',
      decidedAt: '2024-01-02T10:00:00Z',
      leadOrganisation: 'ORG-1',
    };
    expect(reason(decision)).toBe('leadOrganisation is only for early help outcomes');
    expect(reason({ ...decision, outcome: 'early_help_multi_agency' })).toBeUndefined();
    expect(reason({ ...decision, decidedAt: '2024-01-02 10:00' })).toMatch(/^decidedAt: must be an ISO 8601 date-time/);
  });
});
