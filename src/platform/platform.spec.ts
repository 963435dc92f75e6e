import { HttpStatus } from '@nestjs/common';
import { parseArgs } from '../cli';
import { canonicalJson, requestFingerprint } from './idempotency/idempotency';
import { assertVersion, parseIfMatch } from './http/versioning';
import { decodeCursor, encodeCursor, toPage } from './pagination/pagination';
import { flattenValidationErrors, ProblemException } from './problem/problem';
import { retryDelaySeconds } from './queue/outbox-relay';

function statusOf(work: () => unknown): number | undefined {
  try {
    work();
  } catch (error) {
    return (error as ProblemException).getStatus();
  }
  return undefined;
}

describe('idempotency fingerprint', () => {
  it('ignores key order but not values, method or path', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const fingerprint = requestFingerprint('POST', '/marfs', { a: 1, b: 2 });
    expect(requestFingerprint('POST', '/marfs', { b: 2, a: 1 })).toBe(fingerprint);
    expect(requestFingerprint('POST', '/marfs', { a: 1, b: 3 })).not.toBe(fingerprint);
    expect(requestFingerprint('POST', '/families', { a: 1, b: 2 })).not.toBe(fingerprint);
  });
});

describe('If-Match', () => {
  it('accepts strong, weak and bare versions', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('7')).toBe(7);
  });

  it('is 428 when missing, 400 when malformed and 412 when stale', () => {
    expect(statusOf(() => parseIfMatch(undefined))).toBe(HttpStatus.PRECONDITION_REQUIRED);
    expect(statusOf(() => parseIfMatch('"abc"'))).toBe(HttpStatus.BAD_REQUEST);
    expect(statusOf(() => assertVersion(2, 1, 'family'))).toBe(HttpStatus.PRECONDITION_FAILED);
    expect(statusOf(() => assertVersion(2, 2, 'family'))).toBeUndefined();
  });
});

describe('cursor pagination', () => {
  it('round-trips keyset values and rejects anything it did not issue', () => {
    expect(decodeCursor(encodeCursor(['Tipton', 'a1']), 2)).toEqual(['Tipton', 'a1']);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
    expect(statusOf(() => decodeCursor('not-base64-json', 2))).toBe(400);
    expect(statusOf(() => decodeCursor(encodeCursor(['only-one']), 2))).toBe(400);
  });

  it('uses the extra row only to tell whether a next page exists', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (row) => [row.id])).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor(['b']) });
    expect(toPage(rows, 3, (row) => [row.id]).nextCursor).toBeNull();
  });
});

describe('validation errors', () => {
  it('flattens nested errors into dotted field paths', () => {
    const errors = flattenValidationErrors([
      {
        property: 'children',
        children: [{ property: '0', children: [{ property: 'nhsNumber', constraints: { nhs: 'bad' } }] }],
      },
      { property: 'narrative', constraints: { isString: 'narrative must be a string' } },
    ]);
    expect(errors).toEqual([
      { field: 'children.0.nhsNumber', message: 'bad' },
      { field: 'narrative', message: 'narrative must be a string' },
    ]);
  });
});

describe('outbox retry backoff', () => {
  it('doubles per attempt up to ten minutes', () => {
    expect([1, 2, 3].map(retryDelaySeconds)).toEqual([2, 4, 8]);
    expect(retryDelaySeconds(50)).toBe(600);
  });
});

describe('cli argument parsing', () => {
  it('reads the command, --flag value, --flag=value and bare flags', () => {
    expect(parseArgs(['users:create', '--email', 'a@b.example', '--roles=practitioner,manager', '--dry'])).toEqual({
      command: 'users:create',
      flags: { email: 'a@b.example', roles: 'practitioner,manager', dry: true },
      positional: [],
    });
  });
});
