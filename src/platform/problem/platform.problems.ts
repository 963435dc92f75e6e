import { HttpStatus } from '@nestjs/common';

/**
 * The platform's own problem types: validation, the standard answers of HTTP (what Nest's guards,
 * the throttler and the router refuse with), and the refusals of the platform's middleware (the
 * body parser, unsafe input, If-Match, Idempotency-Key, database errors caused by the input).
 * Registered (PROBLEM_TYPES) by PlatformModule and listed in the OpenAPI description like every
 * feature's. Each entry is a ProblemType (problem-type.ts); not imported from there, so that
 * problem.ts can use this catalogue without an import cycle.
 */
export const PLATFORM_PROBLEMS = {
  validation: { slug: 'validation', status: HttpStatus.BAD_REQUEST, title: 'Invalid request' },
  badRequest: { slug: 'bad-request', status: HttpStatus.BAD_REQUEST, title: 'Bad request' },
  malformedJson: { slug: 'malformed-json', status: HttpStatus.BAD_REQUEST, title: 'Malformed JSON' },
  invalidEncoding: { slug: 'invalid-encoding', status: HttpStatus.BAD_REQUEST, title: 'Invalid encoding' },
  invalidUrl: { slug: 'invalid-url', status: HttpStatus.BAD_REQUEST, title: 'Invalid URL' },
  tooDeeplyNested: { slug: 'too-deeply-nested', status: HttpStatus.BAD_REQUEST, title: 'Too deeply nested' },
  badIfMatch: { slug: 'bad-if-match', status: HttpStatus.BAD_REQUEST, title: 'Bad If-Match' },
  unauthorized: { slug: 'unauthorized', status: HttpStatus.UNAUTHORIZED, title: 'Unauthorized' },
  forbidden: { slug: 'forbidden', status: HttpStatus.FORBIDDEN, title: 'Forbidden' },
  notFound: { slug: 'not-found', status: HttpStatus.NOT_FOUND, title: 'Not found' },
  conflict: { slug: 'conflict', status: HttpStatus.CONFLICT, title: 'Conflict' },
  duplicate: { slug: 'duplicate', status: HttpStatus.CONFLICT, title: 'Already exists' },
  staleVersion: { slug: 'stale-version', status: HttpStatus.PRECONDITION_FAILED, title: 'Stale version' },
  payloadTooLarge: { slug: 'payload-too-large', status: HttpStatus.PAYLOAD_TOO_LARGE, title: 'Payload too large' },
  unsupportedEncoding: {
    slug: 'unsupported-encoding',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    title: 'Unsupported encoding',
  },
  unsupportedContentEncoding: {
    slug: 'unsupported-content-encoding',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    title: 'Unsupported media type',
  },
  unprocessable: { slug: 'unprocessable', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unprocessable content' },
  unknownReference: { slug: 'unknown-reference', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown reference' },
  constraint: { slug: 'constraint', status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unprocessable content' },
  idempotencyKeyReused: {
    slug: 'idempotency-key-reused',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    title: 'Idempotency key reused',
  },
  ifMatchRequired: { slug: 'if-match-required', status: HttpStatus.PRECONDITION_REQUIRED, title: 'If-Match required' },
  rateLimited: { slug: 'rate-limited', status: HttpStatus.TOO_MANY_REQUESTS, title: 'Too many requests' },
  internal: { slug: 'internal', status: HttpStatus.INTERNAL_SERVER_ERROR, title: 'Internal server error' },
  unavailable: { slug: 'unavailable', status: HttpStatus.SERVICE_UNAVAILABLE, title: 'Service unavailable' },
  refreshWithIdentityProvider: {
    slug: 'refresh-with-identity-provider',
    status: HttpStatus.CONFLICT,
    title: 'Refresh with the identity provider',
  },
  tokenNotNearExpiry: { slug: 'token-not-near-expiry', status: HttpStatus.CONFLICT, title: 'Token not near expiry' },
  /** Any other HttpException: its own status, titled with the status's reason phrase. */
  error: { slug: 'error', status: HttpStatus.INTERNAL_SERVER_ERROR, title: 'Error' },
} as const satisfies Record<string, { slug: string; status: HttpStatus; title: string }>;

/**
 * The type of an HttpException that is not a ProblemException (Nest's guards, the throttler, the
 * router), by its status. A status not listed here keeps its HTTP reason phrase under `error`.
 */
export const STATUS_PROBLEMS: Readonly<Record<number, (typeof PLATFORM_PROBLEMS)[keyof typeof PLATFORM_PROBLEMS]>> = {
  400: PLATFORM_PROBLEMS.badRequest,
  401: PLATFORM_PROBLEMS.unauthorized,
  403: PLATFORM_PROBLEMS.forbidden,
  404: PLATFORM_PROBLEMS.notFound,
  409: PLATFORM_PROBLEMS.conflict,
  412: PLATFORM_PROBLEMS.staleVersion,
  413: PLATFORM_PROBLEMS.payloadTooLarge,
  422: PLATFORM_PROBLEMS.unprocessable,
  428: PLATFORM_PROBLEMS.ifMatchRequired,
  429: PLATFORM_PROBLEMS.rateLimited,
  500: PLATFORM_PROBLEMS.internal,
};
