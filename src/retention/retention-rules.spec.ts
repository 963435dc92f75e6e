import { ALLOWED_ACTIONS, isRecordType, RETENTION_RECORD_TYPES, RUN_ORDER, ruleChangeRefusal } from './retention-rules';

describe('retention rules', () => {
  it('audit rows are only ever kept', () => {
    expect(ruleChangeRefusal('audit_event', { periodYears: 7, action: 'delete' })).toMatch(/keep/);
    expect(ruleChangeRefusal('audit_event', { periodYears: 0, action: 'keep' })).toBeNull();
  });

  it('only MARFs can be anonymised', () => {
    expect(ruleChangeRefusal('marf_no_further_action', { periodYears: 3, action: 'anonymise' })).toBeNull();
    expect(ruleChangeRefusal('family_early_help', { periodYears: 25, action: 'anonymise' })).toMatch(/delete or keep/);
  });

  it('early help records are never removed before the youngest child is 18', () => {
    expect(ruleChangeRefusal('family_early_help', { periodYears: 17, action: 'delete' })).toMatch(/18/);
    expect(ruleChangeRefusal('family_early_help', { periodYears: 18, action: 'delete' })).toBeNull();
  });

  it('every record type but the audit log is run, each once, and knows its actions', () => {
    expect([...RUN_ORDER].sort()).toEqual(RETENTION_RECORD_TYPES.filter((type) => type !== 'audit_event').sort());
    for (const type of RETENTION_RECORD_TYPES) expect(ALLOWED_ACTIONS[type]).toContain('keep');
    expect(isRecordType('family_early_help')).toBe(true);
    expect(isRecordType('persons')).toBe(false);
  });
});
