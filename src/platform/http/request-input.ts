import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../context/request-context';
import { PLATFORM_PROBLEMS } from '../problem/platform.problems';
import { PROBLEM_BASE, FieldError, ProblemDetails } from '../problem/problem';
import type { ProblemType } from '../problem/problem-type';
import { sendProblem } from '../problem/problem.filter';

/**
 * Deepest nesting of arrays and objects a JSON body may have. Our deepest request schema nests
 * four levels; 32 leaves room without letting a client make class-transformer and
 * class-validator recurse thousands of levels.
 */
export const MAX_JSON_DEPTH = 32;

/** At most this many field errors in one answer: enough to fix a request, not an echo of it. */
const MAX_ERRORS = 20;

/** A lone (unpaired) UTF-16 surrogate: with the `u` flag a well-formed pair is one code point. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string is not acceptable text, or undefined. */
function textFault(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the character U+0000';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired surrogate (\\ud800-\\udfff), which is not Unicode text';
  return undefined;
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/** The bytes a percent-encoded URL part stands for; a `%` not followed by two hex digits stays as it is. */
export function percentDecode(raw: string, plusIsSpace: boolean): Buffer {
  const source = Buffer.from(raw, 'utf8');
  const bytes = Buffer.alloc(source.length);
  let length = 0;
  for (let index = 0; index < source.length; index++) {
    const byte = source[index]!;
    const hex = byte === 0x25 ? source.toString('latin1', index + 1, index + 3) : '';
    if (HEX.test(hex)) {
      bytes[length++] = parseInt(hex, 16);
      index += 2;
    } else {
      bytes[length++] = plusIsSpace && byte === 0x2b ? 0x20 : byte;
    }
  }
  return bytes.subarray(0, length);
}

export interface JsonInspection {
  tooDeep: boolean;
  errors: FieldError[];
}

/**
 * Walks a parsed JSON value without recursion (so depth cannot overflow the stack here): finds
 * strings and member names with U+0000 (PostgreSQL cannot store it in text or jsonb) or a lone
 * surrogate (JSON.parse makes one of `"\ud800"`; PostgreSQL would store U+FFFD while we echo the
 * original), and nesting deeper than `maxDepth`.
 */
export function inspectJson(value: unknown, root = '', maxDepth = MAX_JSON_DEPTH): JsonInspection {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  const fieldName = (path: string) => path || '(body)';
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const fault = textFault(item.value);
      if (fault) errors.push({ field: fieldName(item.path), message: `${fieldName(item.path)} ${fault}` });
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth) return { tooDeep: true, errors: [] };
    const at = (key: string) => (item.path ? `${item.path}.${key}` : key);
    if (Array.isArray(item.value)) {
      for (let index = item.value.length - 1; index >= 0; index--) {
        stack.push({ value: item.value[index], path: at(String(index)), depth: item.depth + 1 });
      }
      continue;
    }
    const entries = Object.entries(item.value);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, member] = entries[index]!;
      const fault = textFault(key);
      if (fault) {
        errors.push({ field: fieldName(item.path), message: `a member name in ${fieldName(item.path)} ${fault}` });
        continue;
      }
      stack.push({ value: member, path: at(key), depth: item.depth + 1 });
    }
  }
  return { tooDeep: false, errors };
}

/**
 * Percent-decodes each part of a raw query string to bytes and names the parameters that are not
 * UTF-8 (`%ED%A0%80` is a surrogate, `%FF` no character at all). Left alone, Node's parser turns
 * them into U+FFFD and a search would run on a value the client never sent.
 */
export function queryEncodingErrors(rawQuery: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const name = percentDecode(equals < 0 ? pair : pair.slice(0, equals), true);
    const value = percentDecode(equals < 0 ? '' : pair.slice(equals + 1), true);
    if (!isUtf8(name)) {
      errors.push({ field: '(query)', message: 'a query parameter name is not UTF-8 text' });
    } else if (!isUtf8(value)) {
      const field = name.toString('utf8');
      errors.push({ field, message: `${field} is not UTF-8 text (check its percent-encoding)` });
    }
  }
  return errors.slice(0, MAX_ERRORS);
}

function problem(request: Request, type: ProblemType, detail: string): ProblemDetails {
  const requestId = requestContext.current()?.requestId;
  return {
    type: PROBLEM_BASE + type.slug,
    title: type.title,
    status: type.status,
    detail,
    instance: request.path,
    ...(requestId ? { requestId } : {}),
  };
}

function invalidText(request: Request, errors: FieldError[]): ProblemDetails {
  return {
    ...problem(
      request,
      PLATFORM_PROBLEMS.validation,
      errors.length === 1 ? errors[0]!.message : `${errors.length} fields are invalid`,
    ),
    errors,
  };
}

/**
 * Bodies must be sent as they are (identity). A compressed body is refused before any parser
 * reads it, rather than inflated: inflating multiplies what a client can make us hold in memory
 * past the body limit, and no client of this API needs it (documented in docs/reliability.md).
 */
export function refuseContentEncoding(request: Request, response: Response, next: NextFunction): void {
  const encoding = request.header('content-encoding')?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return next();
  response.setHeader('Accept-Encoding', 'identity');
  sendProblem(
    response,
    problem(
      request,
      PLATFORM_PROBLEMS.unsupportedContentEncoding,
      'Content-Encoding must be identity: send the request body uncompressed',
    ),
  );
}

/**
 * Runs after the body parser, before routing: the URL must be UTF-8 without U+0000, and every
 * query value and every body string and member name must be Unicode text without U+0000, in a
 * body nested at most MAX_JSON_DEPTH deep. One place for every endpoint, before class-transformer
 * and class-validator see the input.
 */
export function refuseUnsafeInput(request: Request, response: Response, next: NextFunction): void {
  const url = request.originalUrl;
  const queryStart = url.indexOf('?');
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
  const decodedPath = percentDecode(rawPath, false);
  if (!isUtf8(decodedPath) || decodedPath.includes(0)) {
    return sendProblem(
      response,
      problem(request, PLATFORM_PROBLEMS.invalidUrl, 'The URL path must be UTF-8 text without U+0000'),
    );
  }
  const queryErrors = queryStart < 0 ? [] : queryEncodingErrors(url.slice(queryStart + 1));
  if (queryErrors.length > 0) return sendProblem(response, invalidText(request, queryErrors));
  const query = inspectJson(request.query);
  if (query.errors.length > 0) return sendProblem(response, invalidText(request, query.errors));
  const body = inspectJson(request.body as unknown);
  if (body.tooDeep) {
    return sendProblem(
      response,
      problem(
        request,
        PLATFORM_PROBLEMS.tooDeeplyNested,
        `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} deep`,
      ),
    );
  }
  if (body.errors.length > 0) return sendProblem(response, invalidText(request, body.errors));
  next();
}
