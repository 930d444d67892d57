import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/config';
import { RequestContext } from '../context/request-context';

/** Anything that could carry personal data or a credential is cut from every log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'idNumber',
  'phone',
  'token',
  '*.idNumber',
  '*.phone',
  '*.token',
  '*.*.idNumber',
  '*.*.phone',
  '*.*.token',
];

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: withFormat(config, {
            level: config.logLevel,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
            // The URL can carry an ID number in a query string; log the route path only.
            serializers: {
              req: (req: { id?: string; method?: string; url?: string }) => ({
                id: req.id,
                method: req.method,
                path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
              }),
              // The status is what a reader needs; the response headers (a kilobyte of security
              // headers on every line) cost time per request and say nothing new.
              res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
            },
            mixin: () => {
              const context = RequestContext.current();
              return context ? { requestId: context.requestId, actor: RequestContext.actor() } : {};
            },
          }),
          // Health probes come every few seconds and say nothing worth keeping.
          exclude: [{ method: RequestMethod.ALL, path: 'health' }],
        }),
      ],
    };
  }
}

/**
 * At a terminal the same entries print as readable lines, written in the
 * process (no transport thread) so they interleave with the start-up messages
 * in order; redaction happens before either format.
 */
function withFormat<T extends object>(config: AppConfig, options: T): T | [T, NodeJS.WritableStream] {
  if (config.logFormat === 'json') return options;
  return [options, pretty({ sync: true, colorize: Boolean(process.stdout.isTTY), translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname' })];
}
