import type { Response } from 'supertest';
import { createFamily } from '../helpers/case-factory';
import { setupTestApp } from '../helpers/setup';
import { nullCases } from './bad-input-cases/people-and-reference-data';
import { textEncodingCases } from './bad-input-cases/text-encoding';
import { bodyShapeCases } from './bad-input-cases/body-shape';
import { measuresCases } from './bad-input-cases/measures';
import { familyHelpCases } from './bad-input-cases/family-help';
import { childInNeedCases } from './bad-input-cases/child-in-need';
import { documentsCases } from './bad-input-cases/documents';
import { worklistAndSignOffCases } from './bad-input-cases/worklist-and-sign-off';
import { personMergesCases } from './bad-input-cases/person-merges';
import { privacyCases } from './bad-input-cases/privacy';
import { supportingFamiliesCases } from './bad-input-cases/supporting-families';
import { assessmentsCases } from './bad-input-cases/assessments';
import { tableSnapshot } from './table-snapshot';

/**
 * The reported first-day cases of bad input that reached the database (a 500 and a stack in the
 * log), on real records so that nothing but the input itself can refuse them. Each must be a
 * 400 or 415 problem+json naming what is wrong, with every table exactly as it was.
 *
 * The cases live in bad-input-cases/, a file per feature or topic, each a function of the shared
 * context (bad-input-cases/context.ts) that declares its describe blocks. A new feature's cases go
 * in a new file there (bad-input-cases/<feature>.ts), called below; add to an existing file only
 * cases of its own feature, so that features added in parallel do not edit the same lines.
 */
describe('bad input on real records', () => {
  const records = { familyId: '', motherId: '', memberId: '', organisationId: '' };

  const { t, admin, auditor, mash, practitioner } = setupTestApp({
    admin: ['admin'],
    auditor: ['auditor'],
    mash: ['mash'],
    practitioner: ['practitioner'],
  });
  beforeAll(async () => {
    records.organisationId = practitioner.organisationId;
    const { familyId, motherId } = await createFamily(t, practitioner);
    const members = await t.as(practitioner).get(`/families/${familyId}/members`).expect(200);
    records.memberId = (members.body.items as { id: string; personId: string }[]).find(
      (m) => m.personId === motherId,
    )!.id;
    Object.assign(records, { familyId, motherId });
  });

  function expectProblem(response: Response, status: number, field?: string): void {
    const summary = `${response.status} ${response.text.slice(0, 300)}`;
    expect({ status: response.status, summary }).toEqual({ status, summary });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status });
    if (field) expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  }

  /** Sends the request and checks it is refused with nothing written anywhere. */
  async function refused(send: () => Promise<Response>, status: number, field?: string): Promise<void> {
    const before = await tableSnapshot(t.sql);
    expectProblem(await send(), status, field);
    expect(await tableSnapshot(t.sql)).toEqual(before);
  }

  const version = async (table: string, id: string) =>
    String((await t.sql.query(`SELECT version FROM ${table} WHERE id = $1`, [id])).rows[0].version);

  const context = { t, admin, auditor, mash, practitioner, records, refused, expectProblem, version };
  nullCases(context);
  textEncodingCases(context);
  bodyShapeCases(context);
  measuresCases(context);
  familyHelpCases(context);
  privacyCases(context);
  childInNeedCases(context);
  documentsCases(context);
  worklistAndSignOffCases(context);
  personMergesCases(context);
  supportingFamiliesCases(context);
  assessmentsCases(context);
});
