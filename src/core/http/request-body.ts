import {
  applyDecorators,
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiConsumes, ApiProperty } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';

/**
 * Request bodies cost little before authentication (SPEC §8). A JSON body is
 * parsed up front, as every route but the uploads takes one, but only up to
 * JSON_BODY_LIMIT_BYTES: 413 as soon as more arrives. Any other body is left
 * unread by the middleware. A route marked @Upload() (@CsvUpload()) reads it after the
 * guards have let the request through (so a stranger's or a finance user's
 * 25 MB upload is refused with 401 or 403 before a byte of it is read); every
 * other route refuses it with 415.
 */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;
export const UPLOAD_BODY_LIMIT_BYTES = 25 * 1024 * 1024;

const UPLOAD = 'upload';

interface UploadSpec {
  /** Media types the route reads, lower case; a text/* one must be UTF-8. */
  readonly mediaTypes: readonly string[];
  readonly limitBytes: number;
}

/**
 * The route takes a file as its body: the handler's @Body() is its bytes as a
 * Buffer, read only after the guards passed, at most `limitBytes`.
 */
export const Upload = (spec: UploadSpec) => applyDecorators(SetMetadata(UPLOAD, spec), ApiConsumes(...spec.mediaTypes));

/** A CSV file (text/csv or text/plain, UTF-8) of at most 25 MB unless told. */
export const CsvUpload = (limitBytes = UPLOAD_BODY_LIMIT_BYTES) => Upload({ mediaTypes: ['text/csv', 'text/plain'], limitBytes });

/**
 * A spreadsheet: CSV (text/csv or text/plain, UTF-8) or an .xlsx workbook, read
 * by readUploadedSheet (src/core/sheet). Anything else is 415.
 */
export const SheetUpload = (limitBytes = UPLOAD_BODY_LIMIT_BYTES) =>
  Upload({ mediaTypes: ['text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], limitBytes });

/** The answer to an import of all rows or none (POST /designations/import, /organizations/import). */
export class ImportedRows {
  @ApiProperty({ description: 'rows written: every row of the file' }) created: number;
}

/** JSON bodies are read up front, up to the small limit; uploads later by RequestBodyInterceptor. */
export function useRequestBodies(app: NestExpressApplication): void {
  app.use(jsonBodies);
  app.useGlobalInterceptors(new RequestBodyInterceptor(app.get(Reflector)));
}

/**
 * Parses an application/json body of at most JSON_BODY_LIMIT_BYTES into
 * request.body and leaves any other body unread. Its own rather than Express's
 * parser: that one, past the limit, still reads the whole body before it answers.
 */
export function jsonBodies(request: Request, _response: Response, next: NextFunction): void {
  if (!hasBody(request) || mediaTypeOf(request) !== 'application/json') return next();
  const charset = charsetOf(request);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return next(new UnsupportedMediaTypeException('body: JSON must be UTF-8 (charset=utf-8)'));
  const encoding = encodingOf(request);
  if (encoding !== 'identity') return next(new UnsupportedMediaTypeException(`body: Content-Encoding ${encoding} is not accepted`));
  readBody(request, JSON_BODY_LIMIT_BYTES).then(
    (bytes) => {
      try {
        request.body = parseJson(bytes);
      } catch {
        return next(new BadRequestException('body: malformed JSON'));
      }
      next();
    },
    (error: unknown) => next(error),
  );
}

/** An object or an array, as Express's strict parser takes; an empty body is an empty object. */
function parseJson(bytes: Buffer): unknown {
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
  return JSON.parse(text) as unknown;
}

/** Runs after the guards: reads an upload for the route that takes one, refuses any other unread body. */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const upload = this.reflector.get<UploadSpec | undefined>(UPLOAD, context.getHandler());
    if (upload === undefined) {
      if (hasUnreadBody(request)) throw new UnsupportedMediaTypeException(`body: Content-Type must be application/json (got ${mediaTypeOf(request) || 'none'})`);
      return next.handle();
    }
    if (!hasBody(request)) return next.handle();
    const mediaType = mediaTypeOf(request);
    if (!hasUnreadBody(request) || !upload.mediaTypes.includes(mediaType)) {
      throw new UnsupportedMediaTypeException(`body: this route takes a file sent as ${upload.mediaTypes[0]} (got ${mediaType || 'no Content-Type'})`);
    }
    const charset = charsetOf(request);
    if (mediaType.startsWith('text/') && charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new UnsupportedMediaTypeException('body: the file must be UTF-8 (charset=utf-8; in Excel, save it as "CSV UTF-8")');
    }
    const encoding = encodingOf(request);
    if (encoding !== 'identity') throw new UnsupportedMediaTypeException(`body: Content-Encoding ${encoding} is not accepted for uploads`);
    return from(readBody(request, upload.limitBytes)).pipe(
      switchMap((bytes) => {
        request.body = bytes;
        return next.handle();
      }),
    );
  }
}

/** Content-Length above zero or a chunked body: what the client says it sends. */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** A body no parser took: the JSON parser sets request.body whenever it reads one. */
function hasUnreadBody(request: Request): boolean {
  return hasBody(request) && request.body === undefined;
}

function mediaTypeOf(request: Request): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function encodingOf(request: Request): string {
  return (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
}

function charsetOf(request: Request): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '');
  return match ? match[1].toLowerCase() : undefined;
}

function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;
}

function tooLarge(limitBytes: number): HttpException {
  return new HttpException(`body: larger than ${describeBytes(limitBytes)}, the limit for this route`, HttpStatus.PAYLOAD_TOO_LARGE);
}

/**
 * The body's bytes, refused with 413 from its declared length before reading,
 * or as soon as more than `limitBytes` arrived; what follows is left to Node,
 * which discards it.
 */
function readBody(request: Request, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limitBytes) return Promise.reject(tooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | undefined) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        chunks.length = 0;
        settle(tooLarge(limitBytes));
      } else chunks.push(chunk);
    };
    const onEnd = () => settle(undefined);
    const onError = () => settle(new BadRequestException('body: the upload was interrupted'));
    const onClose = () => settle(new BadRequestException('body: the upload was interrupted'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
