import { resolveMergeFields, undoPatch, withinUnmergePeriod } from './person-merge-rules';

const kept = {
  firstName: 'William',
  lastName: 'Smith',
  dateOfBirth: '2015-06-03',
  expectedDateOfBirth: null,
  nhsNumber: null,
  postcode: 'B69 4AA',
  ethnicity: 'white_british',
  cinEthnicity: 'WBRI',
  disabilities: [],
};
const merged = {
  ...kept,
  firstName: 'Bill',
  dateOfBirth: '2015-03-06',
  nhsNumber: '9434765919',
  ethnicity: 'white_irish',
  cinEthnicity: 'WIRI',
};

describe('merge field choices', () => {
  it('keeps the kept person, fills their gaps and records each field', () => {
    const { choices, patch } = resolveMergeFields(kept, merged);
    expect(patch).toEqual({ nhsNumber: '9434765919' });
    expect(choices.find((c) => c.field === 'firstName')).toEqual({ field: 'firstName', chosen: 'kept', how: 'kept' });
    expect(choices.find((c) => c.field === 'nhsNumber')).toEqual({ field: 'nhsNumber', chosen: 'merged', how: 'filled' });
    expect(choices.find((c) => c.field === 'lastName')).toEqual({ field: 'lastName', chosen: 'kept', how: 'same' });
  });

  it('takes a chosen field with those it carries', () => {
    const { patch, choices } = resolveMergeFields(kept, merged, { dateOfBirth: 'merged', ethnicity: 'merged' });
    expect(patch).toEqual({
      dateOfBirth: '2015-03-06',
      ethnicity: 'white_irish',
      cinEthnicity: 'WIRI',
      nhsNumber: '9434765919',
    });
    expect(choices.find((c) => c.field === 'dateOfBirth')?.how).toBe('choice');
  });

  it('a choice of the kept value keeps it even when empty', () => {
    expect(resolveMergeFields(kept, merged, { nhsNumber: 'kept' }).patch).toEqual({});
  });

  it('undoes a patch from the values before', () => {
    expect(undoPatch(kept, { nhsNumber: '9434765919', firstName: 'Bill' })).toEqual({
      nhsNumber: null,
      firstName: 'William',
    });
  });

  it('allows an unmerge within the period only', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(withinUnmergePeriod(at, new Date('2026-01-31T00:00:00Z'), 30)).toBe(true);
    expect(withinUnmergePeriod(at, new Date('2026-01-31T00:00:01Z'), 30)).toBe(false);
  });
});
