import type { INestApplication } from '@nestjs/common';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/core/config/config';
import { createTestDatabase, TestDatabase } from './test-database';
import { TestClock } from './test-clock';

export const ADMIN_TOKEN = 'sjct_test_admin_token_0123456789abcdef';
/** The first admin's console password (username admin). */
export const ADMIN_PASSWORD = 'test-admin-password';
export const TEST_PII_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  clock: TestClock;
  db: DataSource;
  database: TestDatabase;
  /** supertest bound to the app, with the admin token unless another is given. */
  http(token?: string | null): {
    get(path: string): request.Test;
    post(path: string): request.Test;
    put(path: string): request.Test;
    patch(path: string): request.Test;
    delete(path: string): request.Test;
  };
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  clock?: TestClock;
  database?: TestDatabase;
  /** Use BullMQ when the run has REDIS_URL (default true). */
  queue?: boolean;
  /** Start the scheduler: cron ticks and the start-up catch-up (default false). */
  schedule?: boolean;
}

/**
 * The real application, on a database of its own, with a movable clock and
 * no cron ticks unless asked. With REDIS_URL in the environment jobs go through BullMQ
 * under a queue prefix of this app's own.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? new TestClock();
  const dataDir = await mkdtemp(join(tmpdir(), 'sjct-test-data-'));
  const useQueue = options.queue ?? true;
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: useQueue ? process.env.REDIS_URL : undefined,
    QUEUE_PREFIX: `sjct_test_${database.name}`,
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PII_KEY: TEST_PII_KEY,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MAIL_RETRY_BASE_SECONDS: '60',
    // Tests drive the jobs through days ahead of their clock; the spec that checks the 422 turns this off.
    JOBS_ALLOW_FUTURE_AS_OF: 'true',
    ...options.env,
  });
  const app = await createHttpApp({ config, clock, schedule: options.schedule ?? false });
  const server = app.getHttpServer();
  const withToken = (test: request.Test, token: string | null) => (token === null ? test : test.set('Authorization', `Bearer ${token}`));
  return {
    app,
    config,
    clock,
    db: app.get(DataSource),
    database,
    http: (token: string | null = ADMIN_TOKEN) => ({
      get: (path) => withToken(request(server).get(path), token),
      post: (path) => withToken(request(server).post(path), token),
      put: (path) => withToken(request(server).put(path), token),
      patch: (path) => withToken(request(server).patch(path), token),
      delete: (path) => withToken(request(server).delete(path), token),
    }),
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
