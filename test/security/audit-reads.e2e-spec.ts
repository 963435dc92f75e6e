import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildCaseHistory } from '../helpers/case-history';
import { setupTestApp } from '../helpers/setup';
import { TestUser } from '../helpers/test-app';
import { Caller, NOT_PERSON_LEVEL, PERSON_LEVEL_READS, type ReadHistory } from './person-level-reads';

const spec = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as { paths: Record<string, object> };
const gets = Object.entries(spec.paths)
  .filter(([, methods]) => 'get' in methods)
  .map(([path]) => `GET ${path}`);
const reads = Object.entries(PERSON_LEVEL_READS).map(([key, read]) => ({ key, ...read }));

/**
 * The attack: read people's records (one at a time, or a list at a time) and leave no trace.
 * Every person-level GET is called as a caller allowed to make it; each call must write exactly
 * one audit row, tied to the request, naming the record or every id the list returned.
 */
describe('every read of person-level data is audited, once per call', () => {
  let h: ReadHistory;
  let admin: TestUser;
  const callers = {} as Record<Caller, TestUser>;

  const { t } = setupTestApp({});
  beforeAll(async () => {
    const history = await buildCaseHistory(t);
    admin = await t.user(['admin']);
    const accepted = await t.as(admin).post(`/people/${history.childId}/subject-access-exports`).send({}).expect(202);
    for (let tries = 0; tries < 100; tries++) {
      const job = await t.as(admin).get(`/subject-access-exports/${accepted.body.id}`).expect(200);
      if (job.body.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    h = { ...history, subjectAccessExportId: accepted.body.id as string };
    const auditor = await t.user(['auditor']);
    Object.assign(callers, { practitioner: h.practitioner, mash: h.mash, feed: h.feed, admin, auditor });
  });

  it('classifies every GET in the spec as a person-level read or says why it is not', () => {
    const classified = [...Object.keys(PERSON_LEVEL_READS), ...Object.keys(NOT_PERSON_LEVEL)];
    expect(classified.sort()).toEqual([...gets].sort());
    expect(Object.keys(PERSON_LEVEL_READS).filter((key) => key in NOT_PERSON_LEVEL)).toEqual([]);
  });

  it.each(reads)('$key writes one audit row naming what it returned', async (read) => {
    const requestId = `audit-reads-${randomUUID()}`;
    const caller = callers[read.caller];
    const response = await t.as(caller).get(read.url(h)).set('X-Request-Id', requestId);
    expect(response.status).toBe(200);
    const rows = await t.sql.query(
      `SELECT action, actor_user_id, entity_id, outcome, details FROM audit_events WHERE request_id = $1`,
      [requestId],
    );
    expect(rows.rows).toHaveLength(1);
    const [row] = rows.rows;
    expect(row).toMatchObject({ action: read.action ?? 'read', actor_user_id: caller.id, outcome: 'success' });
    if (read.returnedIds) {
      const returned = read.returnedIds(response.body);
      expect(returned.length).toBeGreaterThan(0);
      expect(row.details.ids).toEqual(returned);
      expect(row.details.count).toBe(returned.length);
    } else {
      expect(row.entity_id).toEqual(expect.any(String));
      expect(read.url(h)).toContain(row.entity_id);
    }
  });

  it.each(reads.filter((read) => !read.adminReads))('$key refuses an admin', async (read) => {
    const response = await t.as(admin).get(read.url(h));
    expect([403, 404]).toContain(response.status);
    expect(JSON.stringify(response.body)).not.toContain('Okafor');
  });
});
