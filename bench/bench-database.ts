import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from 'pg';
import { withClient } from '../scripts/lib/pg';
import { startEmbeddedServer } from '../src/core/database/embedded-database';

/** The PostgreSQL server the bench creates its databases on. */
export interface BenchServer {
  /** 'embedded PostgreSQL 18.x' or 'DATABASE_URL PostgreSQL 15.x'. */
  description: string;
  urlOf(database: string): string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL's server when set, else an embedded PostgreSQL kept under
 * .data/bench/postgres (fsync on, as `npm start` runs it), so the 100,000
 * designation data set is built once and reused.
 */
export async function benchServer(root: string): Promise<BenchServer> {
  let base: URL;
  let stop = async () => undefined;
  let kind = 'DATABASE_URL';
  if (process.env.DATABASE_URL) {
    base = new URL(process.env.DATABASE_URL);
  } else {
    const dataDir = join(root, '.data', 'bench');
    await mkdir(dataDir, { recursive: true });
    const port = Number(process.env.BENCH_PG_PORT ?? 54338);
    const pg = await startEmbeddedServer({ dataDir: join(dataDir, 'postgres'), port, persistent: true, log: () => undefined });
    base = new URL(pg.superuserUrl);
    stop = async () => {
      await pg.stop();
    };
    kind = 'embedded';
  }
  const urlOf = (database: string) => {
    const url = new URL(base);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const { rows } = await withAdmin({ urlOf }, (client) =>
    client.query(`SELECT current_setting('server_version') AS v, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc`),
  );
  return { description: `${kind} PostgreSQL ${rows[0].v} (fsync ${rows[0].fsync}, synchronous_commit ${rows[0].sc})`, urlOf, stop };
}

/** `fn` on the maintenance database, where CREATE/DROP DATABASE run. */
function withAdmin<T>(server: Pick<BenchServer, 'urlOf'>, fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(server.urlOf('postgres'), fn);
}

export async function databaseExists(server: BenchServer, name: string): Promise<string | null> {
  const { rows } = await withAdmin(server, (client) => client.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [name]));
  return rows.length ? (rows[0].note ?? '') : null;
}

/** Drops `name` (if there) and creates it, as a copy of `template` when given. */
export async function recreateDatabase(server: BenchServer, name: string, template?: string): Promise<void> {
  await withAdmin(server, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`);
  });
}

export async function dropDatabase(server: BenchServer, name: string): Promise<void> {
  await withAdmin(server, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

export async function markDatabase(server: BenchServer, name: string, note: string): Promise<void> {
  await withAdmin(server, (client) => client.query(`COMMENT ON DATABASE ${client.escapeIdentifier(name)} IS ${client.escapeLiteral(note)}`));
}
