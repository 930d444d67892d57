import 'reflect-metadata';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { INestApplicationContext } from '@nestjs/common';
import { createHttpApp, createWorkerContext } from './app.factory';
import { AppConfig, ConfigError, loadConfig } from './core/config/config';
import { RunningDatabase, startEmbeddedDatabase } from './core/database/embedded-database';

/**
 * V8 lets the old generation grow to a multiple of what survived the last full
 * collection (up to 4x when the process allocates fast) before it collects it
 * again, and keeps the pages afterwards. A 100,000-line roster export promotes
 * some 150 MB of short-lived rows that way, so the service's peak RSS was
 * 340-390 MB, though what is alive stays near 60 MB (issue 20: the roster's
 * peak must stay under 300 MB). Growing by 100% (twice what survived) keeps
 * the peak at 230-270 MB during an export. 20% (the third pass's choice, ~210
 * MB) collected the old generation so often that the lists' p99 under bursts
 * of requests suffered: issue 20's fifth pass, the same machine in turn, six
 * runs at 100% and nine at 20%: GET /designations p99 30-47 ms against 36-61
 * ms, GET /assessments 34-43 ms against 38-71 ms; the xlsx roster no slower.
 * Set here rather than on the command line because the flag is refused in
 * NODE_OPTIONS and the service is started as `node dist/src/main.js`
 * everywhere (Dockerfile, npm start, the bench); an explicit
 * --heap-growing-percent on the command line wins.
 */
function boundHeapGrowth(): void {
  if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) setFlagsFromString('--heap-growing-percent=100');
}

async function main(): Promise<void> {
  boundHeapGrowth();
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let embedded: RunningDatabase | undefined;
  if (!config.databaseUrl) {
    process.stdout.write(`No DATABASE_URL: starting the embedded PostgreSQL for ${join(config.dataDir, 'postgres')} …\n`);
    // A failure is an EmbeddedDatabaseError: one line with the cause and the fix, printed below.
    embedded = await startEmbeddedDatabase({
      dataDir: join(config.dataDir, 'postgres'),
      port: config.embeddedPgPort,
      database: 'songjiang',
      persistent: true,
      log: () => undefined,
    });
    if (embedded.clusterDir !== join(config.dataDir, 'postgres')) process.stdout.write(`  (run as root, its files are in ${embedded.clusterDir})\n`);
    config = { ...config, databaseUrl: embedded.url };
  }

  let app: INestApplicationContext;
  try {
    if (config.appRole === 'worker') {
      app = await createWorkerContext({ config });
    } else {
      const http = await createHttpApp({ config });
      await http.listen(config.port);
      app = http;
      process.stdout.write(
        `Service ready (${config.appRole}, jobs ${config.redisUrl ? 'on BullMQ' : 'in-process'}, mail ${config.smtpUrl ? 'via SMTP' : `as .eml files in ${join(config.dataDir, 'outbox')}`}):\n` +
          `  API      ${config.publicUrl}/api/v1\n  Docs     ${config.publicUrl}/docs\n  Health   ${config.publicUrl}/health\n`,
      );
    }
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping …\n`);
    await app.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
