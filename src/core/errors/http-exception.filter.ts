import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { assertNever, DomainError, DomainErrorKind, InvalidInputError } from './domain-error';
import { codeOfStatus, fieldsOfMessage, HTTP_ERROR_CODES } from './error-body';

/** Nest's shape plus `code` (always) and `fields` (invalid input): see error-body.ts. */
interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
  code: string;
  [extra: string]: unknown;
}

function httpStatusOf(kind: DomainErrorKind): HttpStatus {
  switch (kind) {
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'rule_violated':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'invalid_input':
      return HttpStatus.BAD_REQUEST;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    default:
      return assertNever(kind);
  }
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function body(statusCode: number, message: string | string[], extra: Record<string, unknown> = {}): ErrorBody {
  return { statusCode, message, error: REASON[statusCode] ?? 'Error', code: codeOfStatus(statusCode), ...extra };
}

/** A 400 that names its field first gets that field in `fields` when the thrower gave none. */
function withFields(result: ErrorBody): ErrorBody {
  if (result.statusCode !== 400 || Array.isArray(result.fields) || typeof result.message !== 'string') return result;
  const fields = fieldsOfMessage(result.message);
  return fields.length > 0 ? { ...result, fields } : result;
}

/** Database errors a client can cause; anything else is our bug. */
function fromDatabase(error: QueryFailedError): ErrorBody | undefined {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  const constraint = (error.driverError as { constraint?: string } | undefined)?.constraint;
  switch (code) {
    case '23505':
      return body(409, `conflict: a record with the same key already exists (${constraint ?? 'unique'})`, { code: HTTP_ERROR_CODES.DUPLICATE });
    case '23503':
      return body(422, `a referenced record does not exist (${constraint ?? 'foreign key'})`, { code: HTTP_ERROR_CODES.REFERENCE_MISSING });
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return body(400, 'a value has the wrong format', { code: HTTP_ERROR_CODES.VALUE_OUT_OF_RANGE });
    default:
      // Any other data exception (class 22: bad time zone, unstorable character, value out of range…) is the input's fault too.
      return code?.startsWith('22') ? body(400, 'a value has the wrong format or is out of range', { code: HTTP_ERROR_CODES.VALUE_OUT_OF_RANGE }) : undefined;
  }
}

function fromBodyParser(error: unknown): ErrorBody | undefined {
  const e = error as { type?: string; status?: number; statusCode?: number };
  if (typeof e?.type !== 'string') return undefined;
  if (e.type === 'entity.parse.failed') return body(400, 'body: malformed JSON');
  if (e.type === 'entity.too.large') return body(413, 'body: too large');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return body(415, 'body: unsupported encoding');
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return body(status, `body: ${e.type}`);
  return undefined;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const result = withFields(this.toBody(exception));
    if (result.statusCode >= 500) {
      // Only name, message and stack: driver errors carry query parameters, which can hold personal data.
      const e = exception as Error;
      this.logger.error({ err: { name: e?.name, message: e?.message, stack: e?.stack } }, 'unexpected error');
    }
    if (!response.headersSent) response.status(result.statusCode).json(result);
    // A download under way (a roster streamed as it is read) cannot take an error body any more: the connection
    // is cut, so the client sees a broken download rather than one that never ends.
    else if (!response.writableEnded) response.destroy();
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const details = (exception as { details?: unknown }).details;
      const extra: Record<string, unknown> = { code: exception.code };
      if (details !== undefined) extra.errors = details;
      // A rule or conflict about one field names it first too ("leadTalentId: …"); the console shows it beside that field.
      if (!(exception instanceof InvalidInputError)) {
        const fields = fieldsOfMessage(exception.message).map((f) => ({ ...f, constraint: exception.code }));
        if (fields.length > 0) extra.fields = fields;
      }
      return body(httpStatusOf(exception.kind), exception.message, extra);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null) {
        const r = res as Partial<ErrorBody>;
        return { ...r, ...body(status, r.message ?? exception.message, typeof r.code === 'string' ? { code: r.code } : {}) };
      }
      return body(status, String(res));
    }
    if (exception instanceof QueryFailedError) {
      const mapped = fromDatabase(exception);
      if (mapped) return mapped;
    }
    return fromBodyParser(exception) ?? body(500, 'Internal server error');
  }
}
