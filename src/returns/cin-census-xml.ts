/**
 * The DfE Children in Need census XML (the 2024 schema's element names and order), built from
 * plain data: no database here. Only elements the service records are written; optional elements
 * with nothing recorded are left out, as the schema allows.
 */

export interface CinCensusHeader {
  year: number;
  referenceDate: string;
  laCode: string;
  softwareCode: string;
  generatedAt: Date;
}

export interface CinCensusAssessment {
  startedOn: string;
  authorisedOn: string | null;
  factors: string[];
}

export interface CinCensusDetails {
  referralOn: string;
  referralSource: string;
  primaryNeed: string | null;
  closedOn: string | null;
  closureReason: string | null;
  assessments: CinCensusAssessment[];
  plans: { startedOn: string; endedOn: string | null }[];
  referralNfa: boolean;
}

export interface CinCensusChild {
  laChildId: string;
  upn: string | null;
  birthDate: string | null;
  expectedBirthDate: string | null;
  gender: string;
  ethnicity: string;
  disabilities: string[];
  details: CinCensusDetails[];
}

const UPN = /^[A-Za-z]\d{12}$|^[A-Za-z]\d{11}[A-Za-z]$/;

const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** One element per non-null value, indented. */
function element(name: string, value: string | null | undefined, depth: number): string {
  return value === null || value === undefined ? '' : `${'  '.repeat(depth)}<${name}>${escape(value)}</${name}>\n`;
}

function group(name: string, inner: string, depth: number): string {
  const pad = '  '.repeat(depth);
  return `${pad}<${name}>\n${inner}${pad}</${name}>\n`;
}

function details(cin: CinCensusDetails): string {
  let inner =
    element('CINreferralDate', cin.referralOn, 4) +
    element('ReferralSource', cin.referralSource, 4) +
    element('PrimaryNeedCode', cin.primaryNeed, 4) +
    element('CINclosureDate', cin.closedOn, 4) +
    element('ReasonForClosure', cin.closedOn ? cin.closureReason : null, 4);
  for (const assessment of cin.assessments) {
    const factors = assessment.factors.length
      ? group(
          'FactorsIdentifiedAtAssessment',
          assessment.factors.map((f) => element('AssessmentFactors', f, 6)).join(''),
          5,
        )
      : '';
    inner += group(
      'Assessments',
      element('AssessmentActualStartDate', assessment.startedOn, 5) +
        element('AssessmentAuthorisationDate', assessment.authorisedOn, 5) +
        factors,
      4,
    );
  }
  for (const plan of cin.plans) {
    inner += group(
      'CINPlanDates',
      element('CINPlanStartDate', plan.startedOn, 5) + element('CINPlanEndDate', plan.endedOn, 5),
      4,
    );
  }
  inner += element('ReferralNFA', cin.referralNfa ? 'true' : 'false', 4);
  return group('CINdetails', inner, 3);
}

function child(c: CinCensusChild): string {
  const identifiers =
    element('LAchildID', c.laChildId, 4) +
    element('UPN', c.upn && UPN.test(c.upn) ? c.upn : null, 4) +
    element('PersonBirthDate', c.birthDate, 4) +
    element('ExpectedPersonBirthDate', c.birthDate ? null : c.expectedBirthDate, 4) +
    element('GenderCurrent', c.gender, 4);
  const disabilities = c.disabilities.length
    ? group('Disabilities', c.disabilities.map((d) => element('Disability', d, 5)).join(''), 4)
    : '';
  return group(
    'Child',
    group('ChildIdentifiers', identifiers, 3) +
      group('ChildCharacteristics', element('Ethnicity', c.ethnicity, 4) + disabilities, 3) +
      c.details.map(details).join(''),
    2,
  );
}

/** The whole census file for the year. */
export function cinCensusXml(header: CinCensusHeader, children: CinCensusChild[]): string {
  const head = group(
    'Header',
    group(
      'CollectionDetails',
      element('Collection', 'CIN', 3) +
        element('Year', String(header.year), 3) +
        element('ReferenceDate', header.referenceDate, 3),
      2,
    ) +
      group(
        'Source',
        element('SourceLevel', 'L', 3) +
          element('LEA', header.laCode, 3) +
          element('SoftwareCode', header.softwareCode, 3) +
          element('DateTime', header.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), 3),
        2,
      ),
    1,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${group('Message', head + group('Children', children.map(child).join(''), 1), 0)}`;
}
