/**
 * What a notification e-mail says: a subject naming the kind of event, a link to the record in the
 * frontend and a reference. Never a name, a date of birth, an address or any words from the
 * record: a mailbox is not the case record, and team mailboxes are read by many.
 */
export interface EmailContent {
  subject: string;
  link: string;
  reference: string;
  text: string;
}

/** The kinds that go out by e-mail, and their subjects. */
export const EMAIL_SUBJECTS: Record<string, string> = {
  episode_allocated: 'A family has been allocated to your team',
  taf_action_assigned: 'A TAF action has been assigned',
  taf_review_due: 'A TAF review is due',
  taf_review_overdue: 'A TAF review is overdue',
  marf_decided: 'The MASH has decided a MARF you sent',
  sign_off_requested: 'A sign-off is waiting for you',
  sign_off_returned: 'A sign-off was returned to you',
  draft_expiring: 'A draft of yours expires soon',
};

/** Frontend paths of the records notified. */
const PATHS: Record<string, string> = {
  episode: 'episodes',
  marf: 'marfs',
  taf_plan: 'taf-plans',
  taf_action: 'taf-actions',
  assessment: 'assessments',
  draft: 'drafts',
};

const PREFIXES: Record<string, string> = {
  episode: 'EP',
  marf: 'MARF',
  taf_plan: 'TAF',
  taf_action: 'ACT',
  assessment: 'EHA',
  draft: 'DRAFT',
};

export function emailContent(kind: string, entityType: string, entityId: string, frontendUrl: string): EmailContent {
  const subject = EMAIL_SUBJECTS[kind] ?? 'Something new for you in Early Help';
  const link = `${frontendUrl}/${PATHS[entityType] ?? entityType}/${entityId}`;
  const reference = `${PREFIXES[entityType] ?? 'REF'}-${entityId.slice(0, 8).toUpperCase()}`;
  const text = [
    subject + '.',
    '',
    `Open it in Early Help (you will be asked to sign in): ${link}`,
    `Reference: ${reference}`,
    '',
    'This message holds no case details. Do not reply: this mailbox is not read.',
  ].join('\n');
  return { subject, link, reference, text };
}
