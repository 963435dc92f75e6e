import { cinCensusXml } from './cin-census-xml';

describe('CIN census XML', () => {
  const header = {
    year: 2026,
    referenceDate: '2026-03-31',
    laCode: '333',
    softwareCode: 'early-help-backend',
    generatedAt: new Date('2026-04-10T09:30:00.123Z'),
  };

  it('writes the schema order, leaves out what is not recorded, and escapes text', () => {
    const xml = cinCensusXml(header, [
      {
        laChildId: 'a<b&c',
        upn: 'not-a-upn',
        birthDate: '2015-06-01',
        expectedBirthDate: null,
        gender: '2',
        ethnicity: 'WBRI',
        disabilities: [],
        details: [
          {
            referralOn: '2025-09-01',
            referralSource: '2A',
            primaryNeed: null,
            closedOn: null,
            closureReason: 'RC8',
            assessments: [{ startedOn: '2025-09-02', authorisedOn: null, factors: [] }],
            plans: [{ startedOn: '2025-10-01', endedOn: null }],
            referralNfa: false,
          },
        ],
      },
    ]);
    expect(xml).toContain('<LAchildID>a&lt;b&amp;c</LAchildID>');
    expect(xml).not.toContain('<UPN>');
    expect(xml).not.toContain('ReasonForClosure'); // no closure date, no reason
    expect(xml).not.toContain('Disabilities');
    expect(xml).toContain('<DateTime>2026-04-10T09:30:00Z</DateTime>');
    const order = ['CINreferralDate', 'ReferralSource', 'Assessments', 'CINPlanDates', 'ReferralNFA'].map((name) =>
      xml.indexOf(`<${name}>`),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
