import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { requestContext } from '../context/request-context';
import { PLATFORM_PROBLEMS, STATUS_PROBLEMS } from './platform.problems';
import { PROBLEM_BASE, ProblemDetails, ProblemException } from './problem';
import type { ProblemType } from './problem-type';

/** Reason phrases of the statuses STATUS_PROBLEMS does not list (answered as `error`). */
const REASONS: Record<number, string> = {
  405: 'Method not allowed',
  415: 'Unsupported media type',
  503: 'Service unavailable',
};

/** Maps PostgreSQL errors caused by the input (not by us) to 4xx; everything else is a 500. */
function fromDatabaseError(error: QueryFailedError): ProblemDetails | undefined {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  switch (code) {
    case '23505':
      return problem(PLATFORM_PROBLEMS.duplicate, 'A record with the same unique value already exists');
    case '23503':
      return problem(PLATFORM_PROBLEMS.unknownReference, 'The request refers to a record that does not exist');
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return problem(PLATFORM_PROBLEMS.badRequest, 'A value in the request is not valid');
    case '23514':
      return problem(PLATFORM_PROBLEMS.constraint, 'A value in the request breaks a rule of the record');
    default:
      return undefined;
  }
}

/** A problem of a catalogued type (PLATFORM_PROBLEMS); `status` only where the type's varies. */
function problem(type: ProblemType, detail: string, status: number = type.status): ProblemDetails {
  return { type: PROBLEM_BASE + type.slug, title: type.title, status, detail };
}

/** Turns a body-parser error (invalid JSON, too large, bad charset) into its 4xx. */
export function fromBodyParserError(error: unknown): ProblemDetails | undefined {
  const parserError = error as { type?: string; status?: number };
  if (typeof parserError?.type !== 'string' || typeof parserError.status !== 'number') return undefined;
  switch (parserError.type) {
    case 'entity.parse.failed':
      return problem(PLATFORM_PROBLEMS.malformedJson, 'The request body is not valid JSON');
    case 'entity.too.large':
      return problem(PLATFORM_PROBLEMS.payloadTooLarge, 'The request body is larger than allowed');
    case 'encoding.invalid':
      return problem(PLATFORM_PROBLEMS.invalidEncoding, 'The request body is not valid UTF-8');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return problem(PLATFORM_PROBLEMS.unsupportedEncoding, 'The request body must be UTF-8 JSON');
    default:
      return parserError.status < 500
        ? problem(PLATFORM_PROBLEMS.badRequest, 'The request body could not be read', parserError.status)
        : undefined;
  }
}

const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
]);

/** The database is restarting or unreachable: the client should retry, not report a bug. */
function isDatabaseUnavailable(exception: unknown): boolean {
  const error = exception as { code?: string; driverError?: { code?: string }; message?: string } | null;
  const code = error?.driverError?.code ?? error?.code;
  return (
    (code !== undefined && UNAVAILABLE_CODES.has(code)) ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error?.message ?? '')
  );
}

export function toProblem(exception: unknown): ProblemDetails {
  if (isDatabaseUnavailable(exception)) {
    return problem(PLATFORM_PROBLEMS.unavailable, 'The database is briefly unavailable; retry shortly');
  }
  if (exception instanceof ProblemException) {
    return {
      type: PROBLEM_BASE + exception.slug,
      title: exception.title,
      status: exception.getStatus(),
      detail: exception.message,
      ...exception.extensions,
      ...(exception.fieldErrors ? { errors: exception.fieldErrors } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    const type = STATUS_PROBLEMS[status];
    if (type) return problem(type, message, status);
    return {
      ...problem(PLATFORM_PROBLEMS.error, message, status),
      title: REASONS[status] ?? PLATFORM_PROBLEMS.error.title,
    };
  }
  if (exception instanceof QueryFailedError) {
    const mapped = fromDatabaseError(exception);
    if (mapped) return mapped;
  }
  const parser = fromBodyParserError(exception);
  if (parser) return parser;
  return problem(PLATFORM_PROBLEMS.internal, 'Something went wrong on our side; it has been logged');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = toProblem(exception);
    body.instance = request.path;
    const requestId = requestContext.current()?.requestId;
    if (requestId) body.requestId = requestId;
    if (body.status === HttpStatus.SERVICE_UNAVAILABLE) {
      response.setHeader('Retry-After', '1');
      this.logger.warn({ requestId }, 'database unavailable');
    } else if (body.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      // Only the error class and stack: messages from drivers can quote the values of a row.
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err: { type: error.name, stack: error.stack }, requestId }, 'unhandled error');
    }
    if (exception instanceof ProblemException && !response.headersSent) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    }
    sendProblem(response, body);
  }
}

export function sendProblem(response: Response, body: ProblemDetails): void {
  if (response.headersSent) return;
  response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/**
 * Express error middleware placed right after the body parser: its errors (invalid JSON, too
 * large, wrong charset) never reach Nest's router, so they are answered here.
 */
export function bodyParserErrorHandler(
  error: unknown,
  request: Request,
  response: Response,
  next: (error?: unknown) => void,
): void {
  const body = fromBodyParserError(error);
  if (!body) return next(error);
  sendProblem(response, { ...body, instance: request.path });
}
