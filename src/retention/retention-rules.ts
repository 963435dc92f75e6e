/** The record types of the retention schedule (one rule each, rows of `retention_rules`). */
export const RETENTION_RECORD_TYPES = [
  'family_early_help',
  'marf_no_further_action',
  'person_unlinked',
  'subject_access_export',
  'import_staging',
  'audit_event',
] as const;
export type RetentionRecordType = (typeof RETENTION_RECORD_TYPES)[number];

export const RETENTION_ACTIONS = ['delete', 'anonymise', 'keep'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

/**
 * What each record type may be set to: only MARFs can be anonymised (their row stays for the
 * measures), and audit rows are only kept (the append-only hash chain; see docs/retention.md).
 */
export const ALLOWED_ACTIONS: Record<RetentionRecordType, readonly RetentionAction[]> = {
  family_early_help: ['delete', 'keep'],
  marf_no_further_action: ['delete', 'anonymise', 'keep'],
  person_unlinked: ['delete', 'keep'],
  subject_access_export: ['delete', 'keep'],
  import_staging: ['delete', 'keep'],
  audit_event: ['keep'],
};

/**
 * The order a run applies the rules: MARFs and families first, so people they were the last
 * record of become unlinked and go in the same run (their own period permitting).
 */
export const RUN_ORDER: readonly Exclude<RetentionRecordType, 'audit_event'>[] = [
  'marf_no_further_action',
  'family_early_help',
  'subject_access_export',
  'person_unlinked',
  'import_staging',
];

export function isRecordType(value: string): value is RetentionRecordType {
  return (RETENTION_RECORD_TYPES as readonly string[]).includes(value);
}

/** Why a change to a rule is refused, or null when it may be made. */
export function ruleChangeRefusal(
  recordType: RetentionRecordType,
  change: { periodYears: number; action: RetentionAction },
): string | null {
  if (!ALLOWED_ACTIONS[recordType].includes(change.action)) {
    return `${recordType} can be set to ${ALLOWED_ACTIONS[recordType].join(' or ')}, not ${change.action}`;
  }
  if (change.action !== 'keep' && recordType === 'family_early_help' && change.periodYears < 18) {
    return 'Early help records are kept at least until the youngest child is 18';
  }
  return null;
}

/**
 * Records a batch removes at once: one transaction each, one statement per table, whatever the
 * backlog (bounded memory: the ids of one batch, never its rows).
 */
export const RETENTION_BATCH = 1000;
