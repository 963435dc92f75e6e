/*
 * What a partner frontend writes against the client generated from openapi/openapi.json by
 * openapi-typescript. test/openapi/openapi-client.spec.ts generates `./api` next to a copy of this
 * file and type-checks it; it is not part of the project's own type-check (there is no ./api here).
 */
import type { components, operations, paths } from './api';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type ProblemJson<T> = T extends { content: { 'application/problem+json': infer Body } } ? Body : never;

type Family = Json<paths['/families/{id}']['get']['responses']['200']>;
type FamilyPath = paths['/families/{id}']['get']['parameters']['path'];
type NewPerson = paths['/people']['post']['requestBody'] extends
  { content: { 'application/json': infer B } } | undefined
  ? B
  : never;
type ImportKinds = components['schemas']['ImportView']['kinds'];
type Problem = components['schemas']['Problem'];

export function familyLabel(family: Family): string {
  const version: number = family.version;
  return `${family.name} (version ${version})`;
}

export const path: FamilyPath = { id: '8d7f3f5e-2f0b-4b8e-9a57-0d6d8e1b7c11' };

export function importedPeople(kinds: ImportKinds): number {
  return Object.values(kinds).reduce((sum, counts) => sum + counts.created + counts.matched, 0);
}

export function fieldsAtFault(problem: ProblemJson<operations['People_create']['responses']['400']>): string[] {
  const same: Problem = problem;
  return (same.errors ?? []).map((error) => `${error.field}: ${error.message}`);
}

export function forbidden(problem: ProblemJson<paths['/marfs']['post']['responses']['403']>): number {
  return problem.status;
}

export function unauthorised(problem: ProblemJson<paths['/audit-events']['get']['responses']['401']>): string {
  return problem.title;
}

export function personBody(body: NewPerson): string {
  return body.lastName;
}

export type Health = operations['Health_live']['responses']['200'];
