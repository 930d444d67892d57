import { INestApplication, INestApplicationContext, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { requestContextMiddleware } from './core/context/request-context';
import { GuardedValidationPipe } from './core/http/input-guard';
import { validationException } from './core/errors/error-body';
import { ErrorResponse } from './core/errors/error-response';
import { useRequestBodies } from './core/http/request-body';
import { noStore } from './core/http/no-store';
import { webConsole } from './core/http/web-console';

export const API_PREFIX = 'api/v1';

/** Rejects unknown fields and wrong types with a 400 whose messages name each field, and whose `fields` say which constraint failed. */
export function validationPipe(): ValidationPipe {
  return new GuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // The value is kept for the exception factory to tell a missing field from a wrong one; no body or log carries it.
    validationError: { target: false, value: true },
    exceptionFactory: validationException,
  });
}

export async function createHttpApp(options: AppModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.use(requestContextMiddleware);
  app.use(`/${API_PREFIX}`, noStore);
  app.set('query parser', 'simple');
  app.set('trust proxy', options.config.trustProxy);
  app.disable('x-powered-by');
  // Every API response is no-store (noStore above), so an ETag would never be used: Express hashed each body for it,
  // 320 KB for a round's score table (issue 20).
  app.set('etag', false);
  const web = webConsole();
  app.use(
    helmet({
      // The OpenAPI UI at /docs needs its own styles and images; the console's one inline script is its import map, allowed by hash.
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], scriptSrc: ["'self'", web.importMapHash], upgradeInsecureRequests: null },
      },
    }),
  );
  web.mount(app);
  useRequestBodies(app);
  app.useGlobalPipes(validationPipe());
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.enableShutdownHooks();
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  return app;
}

/** The OpenAPI document served at /docs-json; the console's API types (web/src/api-types.ts) are generated from it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('松江区首席技师与工匠创新工作室 lifecycle service')
      .setDescription('Designations, allowances, assessments, adjustments and workshops after naming. Contract: SPEC §5.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
    // Every route's 4xx/5xx has this body; it is named once rather than on each route.
    { extraModels: [ErrorResponse] },
  );
}

/**
 * The routes and their documentation without a database: Nest's preview mode
 * resolves the modules but instantiates no provider, so nothing connects.
 */
export async function previewOpenApiDocument(options: AppModuleOptions): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), { preview: true, logger: false, abortOnError: false, bodyParser: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  const document = openApiDocument(app);
  await app.close();
  return document;
}

export async function createWorkerContext(options: AppModuleOptions): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(options), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
