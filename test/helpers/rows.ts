import type { Client } from 'pg';

/**
 * Row factories for tests that arrange data directly in the database (the measure tests): each
 * has defaults for the columns a test does not care about and takes overrides for the ones it does.
 * Keys are the camelCase of the column names. Every row goes in through insertRow.
 */

type Values = Record<string, unknown>;

const column = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** INSERTs one row (camelCase keys as snake_case columns; undefined leaves the column default) and returns its id. */
export async function insertRow(sql: Client, table: string, values: Values): Promise<string> {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const columns = entries.map(([key]) => column(key)).join(', ');
  const params = entries.map((_, i) => `$${i + 1}`).join(', ');
  const result = await sql.query(
    `INSERT INTO ${table} (${columns}) VALUES (${params}) RETURNING *`,
    entries.map(([, value]) => value),
  );
  return result.rows[0]?.id as string;
}

export interface FamilyRow {
  name?: string;
  createdByOrganisationId: string;
}

export interface PersonRow {
  personType?: 'child' | 'adult';
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string | null;
  expectedDateOfBirth?: string | null;
  sex?: string;
  ethnicity?: string;
  createdByOrganisationId: string;
}

export interface MemberRow {
  familyId: string;
  personId: string;
  relationship?: string;
  livesInHousehold?: boolean;
  startedOn?: string;
  endedOn?: string | null;
}

export interface EpisodeRow {
  familyId: string;
  openedOn?: string;
  route?: string;
  level?: string;
  referringOrganisationId?: string | null;
  leadOrganisationId?: string | null;
  closedOn?: string | null;
  closureReason?: string | null;
}

export interface LeadProfessionalRow {
  episodeId: string;
  userId: string;
  organisationId: string;
  reason?: string;
  startedAt: string;
  endedAt?: string | null;
}

export interface TafPlanRow {
  episodeId: string;
  startedOn: string;
  reviewIntervalWeeks?: number;
}

export interface TafMeetingRow {
  tafPlanId: string;
  kind?: string;
  heldOn: string;
}

export interface AssessmentRow {
  episodeId: string;
  assessorUserId: string;
  assessorOrganisationId: string;
  status?: 'draft' | 'submitted';
  startedOn?: string;
  submittedOn?: string | null;
}

export interface CaseEntryRow {
  episodeId: string;
  familyId: string;
  kind: string;
  visitSetting?: string | null;
  occurredAt: string;
  practitionerUserId: string;
  practitionerOrganisationId: string;
  text?: string;
}

export interface MarfRow {
  reference?: string;
  referrerUserId: string;
  referrerOrganisationId: string;
  familyId: string;
  concernCategories?: string[];
  narrative?: string;
  immediateRisk?: boolean;
  parentsAware?: boolean;
  earlyHelpTried?: boolean;
  receivedAt: string;
  decisionDueAt: string;
  status?: 'received' | 'decided';
}

export interface DecisionRow {
  marfId: string;
  outcome: string;
  rationale?: string;
  quality?: string;
  earlyHelpEvidenced?: boolean;
  feedbackToReferrer?: string;
  decidedByUserId: string;
  decidedAt: string;
  leadOrganisationId?: string | null;
}

export interface InvolvementRow {
  sourceSystem?: string;
  sourceId?: string;
  personId: string;
  kind: string;
  startedOn: string;
  endedOn?: string | null;
}

export interface TransitionRow {
  kind: 'step_up' | 'step_down';
  familyId: string;
  episodeId: string;
  socialCareInvolvementId?: string | null;
  transitionOn: string;
}

/** The row factories over one test database: `const make = rows(t)`, then `await make.family({ ... })`. */
export interface FgcRow {
  episodeId: string;
  familyId: string;
  requestedOn: string;
  heldOn?: string;
  privateFamilyTime?: boolean;
  reviewedOn?: string;
  planHeld?: boolean;
}

export function rows({ sql }: { sql: Client }) {
  let marfs = 0;
  let involvements = 0;
  const person = (values: PersonRow) =>
    insertRow(sql, 'persons', {
      personType: 'child',
      firstName: 'X',
      lastName: 'Y',
      dateOfBirth: '2015-01-01',
      sex: 'female',
      ethnicity: 'white_british',
      ...values,
    });
  return {
    locality: (name: string) => insertRow(sql, 'localities', { name }),
    family: (values: FamilyRow) => insertRow(sql, 'families', { name: 'F', ...values }),
    /** A child (born 2015-01-01 unless overridden); `adult` for a parent. */
    child: (values: Omit<PersonRow, 'personType'>) => person({ ...values, personType: 'child' }),
    adult: (values: Omit<PersonRow, 'personType'>) =>
      person({ dateOfBirth: '1985-01-01', ...values, personType: 'adult' }),
    /** A household member since 2020-01-01 (a child unless overridden). */
    member: (values: MemberRow) =>
      insertRow(sql, 'family_members', {
        relationship: 'child',
        livesInHousehold: true,
        startedOn: '2020-01-01',
        ...values,
      }),
    /** A multi-agency partner-request episode opened 2026-01-01, open unless overridden. */
    episode: (values: EpisodeRow) =>
      insertRow(sql, 'episodes', {
        openedOn: '2026-01-01',
        route: 'partner_request',
        level: 'multi_agency_early_help',
        ...values,
      }),
    lead: (values: LeadProfessionalRow) => insertRow(sql, 'lead_professional_assignments', { reason: 'r', ...values }),
    /** A TAF plan reviewed every 6 weeks. */
    tafPlan: (values: TafPlanRow) => insertRow(sql, 'taf_plans', { reviewIntervalWeeks: 6, ...values }),
    tafMeeting: (values: TafMeetingRow) => insertRow(sql, 'taf_meetings', { kind: 'review', ...values }),
    /** A draft EHA started 2026-01-01; `submittedOn` alone makes it submitted. */
    assessment: (values: AssessmentRow) =>
      insertRow(sql, 'assessments', {
        startedOn: '2026-01-01',
        status: values.submittedOn ? 'submitted' : 'draft',
        ...values,
      }),
    caseEntry: (values: CaseEntryRow) => insertRow(sql, 'case_entries', { text: 'n', ...values }),
    /** A received MARF about neglect, referenced MARF-2026-000001, -000002, … */
    marf: (values: MarfRow) =>
      insertRow(sql, 'marfs', {
        reference: `MARF-2026-${String(++marfs).padStart(6, '0')}`,
        concernCategories: ['neglect'],
        narrative: 'n',
        immediateRisk: false,
        parentsAware: true,
        earlyHelpTried: false,
        status: 'received',
        ...values,
      }),
    marfChild: async (values: { marfId: string; personId: string }) => {
      await insertRow(sql, 'marf_children', { ...values });
    },
    /** A MASH decision, adequate, early help evidenced. */
    decision: (values: DecisionRow) =>
      insertRow(sql, 'marf_decisions', {
        rationale: 'r',
        quality: 'adequate',
        earlyHelpEvidenced: true,
        feedbackToReferrer: 'f',
        ...values,
      }),
    /** A social care involvement from the LCS feed, source ids S-1, S-2, … */
    involvement: (values: InvolvementRow) =>
      insertRow(sql, 'social_care_involvements', { sourceSystem: 'lcs', sourceId: `S-${++involvements}`, ...values }),
    transition: (values: TransitionRow) => insertRow(sql, 'transitions', { ...values }),
    /** A Family Group Conference, not the first response, requested for a reason 'r'. */
    fgc: (values: FgcRow) =>
      insertRow(sql, 'family_group_conferences', { reason: 'r', firstResponse: false, ...values }),
  };
}

export type Rows = ReturnType<typeof rows>;
