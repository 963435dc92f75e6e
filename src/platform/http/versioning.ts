import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { PLATFORM_PROBLEMS } from '../problem/platform.problems';
import { problemOf } from '../problem/problem-type';

/** Parses `If-Match: "3"` (also `W/"3"` or `3`) into the version the client last read. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw problemOf(
      PLATFORM_PROBLEMS.ifMatchRequired,
      'Send If-Match with the version (ETag) you last read, so a concurrent change is not overwritten',
    );
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    throw problemOf(PLATFORM_PROBLEMS.badIfMatch, 'If-Match must be an ETag such as "3"');
  }
  return Number(match[1]);
}

export function assertVersion(current: number, expected: number, what: string): void {
  if (current !== expected) {
    throw problemOf(
      PLATFORM_PROBLEMS.staleVersion,
      `The ${what} was changed by someone else (now version ${current}, you sent ${expected}); read it again and retry`,
      { currentVersion: current },
    );
  }
}

/** The expected version from `If-Match`; 428 when missing. */
export const IfMatchVersion = createParamDecorator((_: unknown, context: ExecutionContext): number =>
  parseIfMatch(context.switchToHttp().getRequest<Request>().header('if-match')),
);

/** Documents the If-Match header and its failure responses on an update route. */
export const ApiIfMatch = () =>
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: "The record's version (its ETag) as last read" }),
    ApiResponse({ status: 412, description: 'The record changed since that version' }),
    ApiResponse({ status: 428, description: 'If-Match is missing' }),
  );
