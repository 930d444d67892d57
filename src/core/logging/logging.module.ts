import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
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
          pinoHttp: {
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
          },
          // Health probes come every few seconds and say nothing worth keeping.
          exclude: [{ method: RequestMethod.ALL, path: 'health' }],
        }),
      ],
    };
  }
}
