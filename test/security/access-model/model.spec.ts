import { addWorkingDays } from './calendar';
import { AccessModel, Fact } from './model';

/** Hand-written histories from the basis table in domain.md, checked against the model itself. */
function run(start: string, facts: Fact[]): AccessModel {
  const model = new AccessModel(start);
  for (const fact of facts) model.apply(fact);
  return model;
}

const referral: Fact[] = [
  { kind: 'submitMarf', marf: 'M0', by: 'school', family: 'F0', newFamily: true, child: 'P0', newChild: true },
  { kind: 'decideMarf', marf: 'M0', outcome: 'early_help_multi_agency', lead: 'health', episode: 'E0' },
];

describe('access reference model', () => {
  it('working days skip weekends and England & Wales bank holidays', () => {
    expect(addWorkingDays('2025-01-03', 1)).toBe('2025-01-06'); // Friday to Monday
    expect(addWorkingDays('2025-12-24', 1)).toBe('2025-12-29'); // Christmas and Boxing Day
    expect(addWorkingDays('2025-03-03', 20)).toBe('2025-03-31');
  });

  it('allocation: the lead sees the family, its members and the MARF, not the case record', () => {
    const model = run('2025-03-03', referral);
    const health = model.expected('health');
    expect(health.families.get('F0')).toBe('yes');
    expect(health.members.get('F0')).toBe('yes');
    expect(health.people.get('P0')).toBe('yes');
    expect(health.marfs.get('M0')).toBe('yes');
    expect(health.chronology.get('F0')).toBe('no');
    expect(health.episodes.get('E0')).toBe('either');
  });

  it('referrer: its own MARF, and as recorder the family record its MARF created; never the case record', () => {
    const model = run('2025-03-03', [...referral, { kind: 'linkPerson', person: 'P9', family: 'F0', by: 'mash' }]);
    const school = model.expected('school');
    expect(school.marfs.get('M0')).toBe('yes');
    expect(school.marfList.get('M0')).toBe('yes');
    expect(school.families.get('F0')).toBe('yes');
    expect(school.members.get('F0')).toBe('yes');
    expect(school.people.get('P0')).toBe('yes');
    // A member someone else added is not the recorder's to see.
    expect(school.people.get('P9')).toBe('no');
    expect(school.chronology.get('F0')).toBe('no');
    expect(school.episodes.get('E0')).toBe('no');
    // The allocated lead reads the MARF but does not list it: GET /marfs is the referrer's list.
    expect(model.expected('health').marfList.get('M0')).toBe('no');
    const voluntary = model.expected('voluntary');
    expect(
      [...Object.values(voluntary)].every((sights: Map<string, string>) =>
        [...sights.values()].every((s) => s === 'no'),
      ),
    ).toBe(true);
  });

  it('allocation lapses after 20 working days without consent (the lapse day is left open)', () => {
    const model = run('2025-03-03', referral);
    expect(model.lapsesOn('M0')).toBe('2025-03-31');
    model.apply({ kind: 'advance', days: 27 });
    expect(model.expected('health').families.get('F0')).toBe('yes');
    model.apply({ kind: 'advance', days: 1 });
    expect(model.expected('health').families.get('F0')).toBe('either');
    model.apply({ kind: 'advance', days: 1 });
    expect(model.expected('health').families.get('F0')).toBe('no');
    expect(model.expected('health').marfs.get('M0')).toBe('no');
    expect(model.expected('school').marfs.get('M0')).toBe('yes');
  });

  it('consent turns the allocation into consent; withdrawal stops sharing at once', () => {
    const model = run('2025-03-03', [
      ...referral,
      { kind: 'recordConsent', consent: 'C0', family: 'F0', orgs: ['health', 'voluntary'], by: 'health' },
      { kind: 'advance', days: 60 },
    ]);
    expect(model.expected('health').chronology.get('F0')).toBe('yes');
    expect(model.expected('health').episodes.get('E0')).toBe('yes');
    expect(model.expected('voluntary').families.get('F0')).toBe('yes');
    model.apply({ kind: 'changeConsent', consent: 'C0', orgs: ['health'] });
    expect(model.expected('voluntary').families.get('F0')).toBe('no');
    model.apply({ kind: 'withdrawConsent', consent: 'C0' });
    expect(model.expected('health').families.get('F0')).toBe('no');
    expect(model.expected('health').episodes.get('E0')).toBe('no');
  });

  it('lead and TAF membership give nothing without consent', () => {
    const model = run('2025-03-03', [
      ...referral,
      { kind: 'addTafMember', episode: 'E0', plan: 'T0', newPlan: true, org: 'voluntary' },
      { kind: 'assignLead', episode: 'E0', org: 'hub' },
    ]);
    expect(model.expected('voluntary').tafPlans.get('T0')).toBe('no');
    expect(model.expected('hub').episodes.get('E0')).toBe('no');
    // No consent covered the Lead Professional's organisation at closure: no closing work either.
    model.apply({ kind: 'closeEpisode', episode: 'E0' });
    expect(model.expected('hub').episodes.get('E0')).toBe('no');
  });

  it('closure ends sharing; the lead keeps the closed episode 90 days; recorders keep their own records', () => {
    const model = run('2025-03-03', [
      ...referral,
      { kind: 'recordConsent', consent: 'C0', family: 'F0', orgs: ['health', 'hub'], by: 'health' },
      { kind: 'startAssessment', assessment: 'A0', episode: 'E0', by: 'health' },
      { kind: 'recordNote', note: 'N0', episode: 'E0', by: 'hub' },
      { kind: 'assignLead', episode: 'E0', org: 'health' },
      { kind: 'closeEpisode', episode: 'E0' },
    ]);
    expect(model.expected('health').episodes.get('E0')).toBe('yes');
    // The closed episode's records, whoever wrote them; the family record either way; not the chronology.
    expect(model.expected('health').caseNotes.get('N0')).toBe('yes');
    expect(model.expected('health').families.get('F0')).toBe('either');
    expect(model.expected('health').chronology.get('F0')).toBe('no');
    expect(model.expected('hub').episodes.get('E0')).toBe('no');
    expect(model.expected('hub').caseNotes.get('N0')).toBe('yes');
    expect(model.expected('hub').families.get('F0')).toBe('no');
    model.apply({ kind: 'advance', days: 90 });
    expect(model.expected('health').episodes.get('E0')).toBe('either');
    model.apply({ kind: 'advance', days: 1 });
    expect(model.expected('health').episodes.get('E0')).toBe('no');
    expect(model.expected('health').assessments.get('A0')).toBe('yes');
    expect(model.expected('hub').caseNotes.get('N0')).toBe('yes');
  });

  it("closing work is the closed episode's: not a later episode another organisation opened", () => {
    const model = run('2025-03-03', [
      ...referral,
      { kind: 'recordConsent', consent: 'C0', family: 'F0', orgs: ['health'], by: 'health' },
      { kind: 'startAssessment', assessment: 'A0', episode: 'E0', by: 'health' },
      { kind: 'assignLead', episode: 'E0', org: 'health' },
      { kind: 'closeEpisode', episode: 'E0' },
      { kind: 'advance', days: 10 },
      { kind: 'submitMarf', marf: 'M1', by: 'school', family: 'F0', newFamily: false, child: 'P0', newChild: false },
      { kind: 'decideMarf', marf: 'M1', outcome: 'strengthening_families', lead: 'sf', episode: 'E1' },
      // The old consent naming health is not withdrawn; the new one names only sf.
      { kind: 'recordConsent', consent: 'C1', family: 'F0', orgs: ['sf'], by: 'sf' },
      { kind: 'startAssessment', assessment: 'A1', episode: 'E1', by: 'sf' },
      { kind: 'recordNote', note: 'N1', episode: 'E1', by: 'sf' },
      { kind: 'addTafMember', episode: 'E1', plan: 'T1', newPlan: true, org: 'sf' },
    ]);
    const health = model.expected('health');
    expect(health.episodes.get('E0')).toBe('yes');
    expect(health.assessments.get('A0')).toBe('yes');
    for (const [map, id] of [
      [health.episodes, 'E1'],
      [health.assessments, 'A1'],
      [health.caseNotes, 'N1'],
      [health.tafPlans, 'T1'],
      [health.marfs, 'M1'],
      [health.chronology, 'F0'],
    ] as const)
      expect([id, map.get(id)]).toEqual([id, 'no']);
    model.apply({ kind: 'advance', days: 81 });
    expect(model.expected('health').episodes.get('E0')).toBe('no');
    expect(model.expected('health').assessments.get('A0')).toBe('yes');
  });

  it('linking a child into another family gives that child demographics only', () => {
    const model = run('2025-03-03', [
      ...referral,
      { kind: 'createFamily', family: 'F1', adult: 'P1', child: 'P2' },
      { kind: 'recordConsent', consent: 'C0', family: 'F1', orgs: ['voluntary'], by: 'mash' },
      { kind: 'linkPerson', person: 'P0', family: 'F1', by: 'voluntary' },
    ]);
    const voluntary = model.expected('voluntary');
    expect(voluntary.people.get('P0')).toBe('yes');
    expect(voluntary.families.get('F0')).toBe('no');
    expect(voluntary.episodes.get('E0')).toBe('no');
    expect(voluntary.marfs.get('M0')).toBe('no');
  });

  it('the MASH reads everything; social care reads every family', () => {
    const model = run('2025-03-03', referral);
    expect(model.expected('mash').marfs.get('M0')).toBe('yes');
    expect(model.expected('mash').episodes.get('E0')).toBe('yes');
    expect(model.expected('social_care').families.get('F0')).toBe('yes');
  });

  it('a social care step-down allocates the lead: the family and members, no MARF, no case record', () => {
    const model = run('2025-03-03', [
      { kind: 'createFamily', family: 'F0', adult: 'P0', child: 'P1' },
      { kind: 'stepDown', family: 'F0', child: 'P1', lead: 'sf', episode: 'E0' },
    ]);
    const sf = model.expected('sf');
    expect(sf.families.get('F0')).toBe('yes');
    expect(sf.people.get('P1')).toBe('yes');
    expect(sf.chronology.get('F0')).toBe('no');
    expect(model.involvementRows('F0').rows).toEqual([
      { org: 'sf', basis: 'allocation', start: '2025-03-03', end: null, active: 'yes' },
    ]);
    model.apply({ kind: 'advance', days: 2 });
    model.apply({ kind: 'recordConsent', consent: 'C0', family: 'F0', orgs: ['sf'], by: 'sf' });
    expect(model.involvementRows('F0').rows).toEqual([
      { org: 'sf', basis: 'allocation', start: '2025-03-03', end: '2025-03-05', active: 'no' },
      { org: 'sf', basis: 'consent', start: '2025-03-05', end: null, active: 'yes' },
    ]);
  });

  const imported: Fact = {
    kind: 'importFamily',
    family: 'F0',
    adult: 'P0',
    child: 'P1',
    recorder: 'school',
    episode: 'E0',
    openedDaysAgo: 200,
    closedDaysAgo: 30,
    consent: { consent: 'C0', orgs: ['health', 'hub'], givenDaysAgo: 150, withdrawnDaysAgo: null },
    lead: { org: 'hub', startedDaysAgo: 140, endedDaysAgo: null },
  };

  it('an import: involvements start and end when the legacy work did; the lead keeps the closed episode 90 days', () => {
    const model = run('2025-06-01', [imported]);
    expect(model.involvementRows('F0').rows).toEqual([
      { org: 'health', basis: 'consent', start: '2025-01-02', end: '2025-05-02', active: 'no' },
      { org: 'hub', basis: 'consent', start: '2025-01-02', end: '2025-05-02', active: 'no' },
      { org: 'hub', basis: 'lead', start: '2025-01-12', end: '2025-05-02', active: 'no' },
    ]);
    expect(model.expected('health').chronology.get('F0')).toBe('no');
    expect(model.expected('hub').episodes.get('E0')).toBe('yes');
    expect(model.expected('school').families.get('F0')).toBe('yes');
    expect(model.expected('school').people.get('P1')).toBe('yes');
    expect(model.expected('school').episodes.get('E0')).toBe('no');
    model.apply({ kind: 'advance', days: 61 });
    expect(model.expected('hub').episodes.get('E0')).toBe('no');
  });

  it('an imported Lead Professional whom no consent covered at closure had no case access and gets none after', () => {
    // No imported consent names the lead.
    const unnamed = run('2025-06-01', [{ ...imported, consent: { ...imported.consent!, orgs: ['health'] } }]);
    expect(unnamed.expected('hub').episodes.get('E0')).toBe('no');
    expect(unnamed.expected('hub').chronology.get('F0')).toBe('no');
    // The consent naming it was withdrawn before the closure.
    const withdrawn = run('2025-06-01', [{ ...imported, consent: { ...imported.consent!, withdrawnDaysAgo: 40 } }]);
    expect(withdrawn.expected('hub').episodes.get('E0')).toBe('no');
    // Withdrawn after the closure: the closing work rested on it and stops.
    const after = run('2025-06-01', [{ ...imported, consent: { ...imported.consent!, withdrawnDaysAgo: 10 } }]);
    expect(after.expected('hub').episodes.get('E0')).toBe('no');
  });

  it('an import of an open episode shares with the consent; an ended assignment and a withdrawn consent give nothing', () => {
    const open = run('2025-06-01', [
      { ...imported, closedDaysAgo: null, lead: { org: 'voluntary', startedDaysAgo: 140, endedDaysAgo: 10 } },
    ]);
    expect(open.expected('health').chronology.get('F0')).toBe('yes');
    expect(open.expected('voluntary').families.get('F0')).toBe('no');
    const withdrawn = run('2025-06-01', [
      { ...imported, closedDaysAgo: null, consent: { ...imported.consent!, withdrawnDaysAgo: 5 } },
    ]);
    expect(withdrawn.expected('health').families.get('F0')).toBe('no');
  });

  it('an attacking import attaching a consent by legacy id opens nothing', () => {
    const model = run('2025-06-01', [
      { ...imported, consent: null, lead: null, closedDaysAgo: null },
      { kind: 'importAttack', family: 'F0', episode: 'E0', orgs: ['voluntary'], lead: 'voluntary' },
    ]);
    expect(model.expected('voluntary').families.get('F0')).toBe('no');
    expect(model.involvementRows('F0').rows).toEqual([]);
  });

  it('narrowing a consent after a closure: an older consent still naming the organisation is read either way', () => {
    const model = run('2025-03-03', [
      ...referral,
      { kind: 'recordConsent', consent: 'C0', family: 'F0', orgs: ['voluntary'], by: 'mash' },
      { kind: 'closeEpisode', episode: 'E0' },
      { kind: 'recordConsent', consent: 'C1', family: 'F0', orgs: ['voluntary', 'hub'], by: 'mash' },
    ]);
    expect(model.expected('voluntary').chronology.get('F0')).toBe('yes');
    model.apply({ kind: 'changeConsent', consent: 'C1', orgs: ['hub'] });
    expect(model.expected('voluntary').chronology.get('F0')).toBe('either');
    expect(model.expected('hub').chronology.get('F0')).toBe('yes');
  });

  it('allocated again after a closure while an older consent names the lead: either, until a new consent', () => {
    const model = run('2025-03-03', [
      ...referral,
      { kind: 'recordConsent', consent: 'C0', family: 'F0', orgs: ['health'], by: 'health' },
      { kind: 'closeEpisode', episode: 'E0' },
      { kind: 'stepDown', family: 'F0', child: 'P0', lead: 'health', episode: 'E1' },
      { kind: 'advance', days: 60 },
    ]);
    expect(model.expected('health').chronology.get('F0')).toBe('either');
    expect(model.involvementRows('F0').skip).toContainEqual({ org: 'health', basis: 'allocation' });
    // A MASH decision allocating it likewise: consent at once, or an allocation that lapses.
    model.apply({
      kind: 'submitMarf',
      marf: 'M1',
      by: 'school',
      family: 'F0',
      newFamily: false,
      child: 'P0',
      newChild: false,
    });
    model.apply({ kind: 'decideMarf', marf: 'M1', outcome: 'early_help_multi_agency', lead: 'health', episode: 'E1' });
    expect(model.lapsesOn('M1')).toBe('either');
    model.apply({ kind: 'recordConsent', consent: 'C1', family: 'F0', orgs: ['health'], by: 'mash' });
    expect(model.expected('health').chronology.get('F0')).toBe('yes');
  });
});
