import type { BadInputContext } from './context';

/** Episode and caseload lists (src/episodes/) and manager sign-off (src/sign-off/). */
export function worklistAndSignOffCases({ t, practitioner, records, refused }: BadInputContext): void {
  describe('episode and caseload lists, sign-off', () => {
    it.each([
      ['leadOrganisationId=nope', 'leadOrganisationId'],
      ['leadProfessional=you', 'leadProfessional'],
      ['level=Not%20A%20Level', 'level'],
      ['status=pending', 'status'],
      ['openedFrom=2026-02-30', 'openedFrom'],
      ['openedTo=yesterday', 'openedTo'],
      ['closedFrom=2026-13-01', 'closedFrom'],
      ['closedTo=1', 'closedTo'],
      ['overdueReview=maybe', 'overdueReview'],
      ['sort=oldest', 'sort'],
      ['open=true&status=closed', 'status'],
      [`cursor=${Buffer.from('["not-a-date","x"]').toString('base64url')}`, 'cursor'],
    ])('the episode and caseload list refuses %s', async (query, field) => {
      await refused(() => t.as(practitioner).get(`/episodes?${query}`), 400, field);
    });

    it.each([
      ['{"decision":"maybe"}', 'decision'],
      ['{"decision":"approved","comment":""}', 'comment'],
      ['{"decision":"approved","on":"2026-02-30"}', 'on'],
    ])('sign-off refuses %s', async (body, field) => {
      const manager = await t.user(['manager'], records.organisationId);
      const unknown = '00000000-0000-4000-8000-000000000000';
      await refused(
        () => t.as(manager).post(`/assessments/${unknown}/sign-off`).set('Content-Type', 'application/json').send(body),
        400,
        field,
      );
    });
  });
}
