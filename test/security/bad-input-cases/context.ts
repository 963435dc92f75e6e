import type { Response } from 'supertest';
import type { TestApp, TestUser } from '../../helpers/test-app';

/** What every file of bad-input cases gets from the suite (bad-input-cases.e2e-spec.ts). */
export interface BadInputContext {
  t: TestApp;
  admin: TestUser;
  auditor: TestUser;
  mash: TestUser;
  practitioner: TestUser;
  /** Real records the suite makes in its beforeAll (the practitioner's): read them inside tests. */
  records: { familyId: string; motherId: string; memberId: string; organisationId: string };
  /** Sends the request and checks it is refused (problem+json, status, field) with nothing written anywhere. */
  refused: (send: () => Promise<Response>, status: number, field?: string) => Promise<void>;
  /** Checks a response is a problem+json of the status, naming the field if given. */
  expectProblem: (response: Response, status: number, field?: string) => void;
  /** A row's version, for If-Match. */
  version: (table: string, id: string) => Promise<string>;
}
