import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { PROBLEM_BASE } from './platform/problem/problem';
import type { ProblemType } from './platform/problem/problem-type';

/**
 * Every error leaves this API as application/problem+json (RFC 9457), from pipes, guards and
 * services alike, so the standard 4xx answers are documented once here rather than on each of
 * ~100 handlers: client generators then type the error bodies, and no operation forgets one.
 * A response a handler documents itself (409, 412, 415 …) keeps its own description and gets the
 * Problem body.
 */

export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details; domain refusals may add extension members',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://early-help.example/problems/validation' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'dateOfBirth must be a valid ISO 8601 date string' },
    instance: { type: 'string', description: 'The request path' },
    requestId: { type: 'string', description: 'The X-Request-Id of the failed request' },
    errors: {
      type: 'array',
      description: 'The fields at fault (validation and domain rule refusals)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'children.0.nhsNumber' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The standard problem answers an operation can give, from what the document says about it. */
function standardProblems(path: string, method: string, operation: OperationObject): Record<string, string> {
  const problems: Record<string, string> = {
    400: 'The request is malformed: a body that is not JSON or not UTF-8, or a parameter or field that fails validation (each named in `errors`)',
  };
  const isProtected = operation.security === undefined || operation.security.length > 0;
  if (isProtected) {
    problems[401] = 'No valid bearer token (missing, expired, badly signed, or its user is disabled)';
    problems[403] = "The caller's role or organisation may not do this";
  }
  if (path.includes('{')) problems[404] = 'No such record, or none the caller may see';
  if (WRITES.has(method)) {
    problems[422] =
      'The request breaks a rule of the record (the field at fault in `errors`), or reuses an Idempotency-Key with another body';
  }
  // Throttling is per user and skipped only on the public health checks.
  if (isProtected) problems[429] = 'Too many requests from this user: retry after the Retry-After header';
  return problems;
}

const problemContent = () => ({
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
});

/** Adds the Problem schema and the standard 4xx responses to every operation, in place. */
export function addProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, ResponseObject>;
      for (const [status, description] of Object.entries(standardProblems(path, method, operation))) {
        responses[status] ??= { description };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (/^4\d\d$/.test(status) && !response.content) response.content = problemContent();
      }
      operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return document;
}

/**
 * Lists the problem types the platform (platform.problems.ts) and the features (`<feature>.problems.ts`)
 * register in the document's
 * description, one row each: a client can match on `type` without reading the code.
 */
export function addProblemTypes(document: OpenAPIObject, types: readonly ProblemType[]): OpenAPIObject {
  const rows = [...types]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((type) => `| \`${PROBLEM_BASE}${type.slug}\` | ${type.status} | ${type.title} |`);
  if (rows.length === 0) return document;
  document.info.description = [
    document.info.description ?? '',
    '',
    "Problem types this API answers with (the platform's: validation and the standard answers; then each feature's):",
    '',
    '| type | status | title |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
  return document;
}
