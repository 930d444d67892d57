import { mkdtemp, readFile, rm, stat, unlink, chmod } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import {
  APP_ROLE,
  EmbeddedDatabaseError,
  removeEmbeddedCluster,
  RunningDatabase,
  startEmbeddedDatabase,
  SUPERUSER_PASSWORD_FILE,
} from '../../src/core/database/embedded-database';
import { withClient } from '../../scripts/lib/pg';
import { freePort } from '../support/free-port';

const quiet = () => undefined;

async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  return withClient(url, async (client) => (await client.query(sql)).rows as T[]);
}

/** The error code PostgreSQL answers with, or 'ok'. */
async function outcome(url: string, sql: string): Promise<string> {
  return query(url, sql).then(
    () => 'ok',
    (error: { code?: string; message: string }) => error.code ?? error.message,
  );
}

const asOldVersion = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

/**
 * SPEC §8: the embedded PostgreSQL has a random superuser password kept with
 * its data, and the service connects as a role that is not a superuser.
 * Issue 13.2: any local process used postgres/postgres to read everything and
 * run an OS command. The folder is mktemp's (0700), as issue 13.3 tried.
 */
describe('the embedded PostgreSQL', () => {
  let folder: string;
  let dataDir: string;
  let port: number;
  let db: RunningDatabase | undefined;
  const start = async () => (db = await startEmbeddedDatabase({ dataDir, port, database: 'songjiang', persistent: true, log: quiet }));
  /** Starting must fail with an EmbeddedDatabaseError told in one line (the operator reads it at start-up); its message. */
  const startFailureMessage = async (): Promise<string> => {
    const error = await start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmbeddedDatabaseError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sjct-embedded-'));
    dataDir = join(folder, '.data', 'postgres');
    port = await freePort();
    await start();
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
    await removeEmbeddedCluster(dataDir);
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses the old fixed postgres/postgres and keeps a random superuser password in the cluster, mode 0600', async () => {
    expect(await outcome(asOldVersion(port), 'SELECT 1')).toBe('28P01');
    const file = join(db!.clusterDir, SUPERUSER_PASSWORD_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const password = (await readFile(file, 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(db!.superuserUrl).toContain(encodeURIComponent(password));
  });

  it('connects the service as a role that is not a superuser and cannot run OS commands or bypass triggers', async () => {
    const url = db!.url;
    expect(new URL(url).username).toBe(APP_ROLE);
    const [me] = await query<{ rolsuper: boolean; rolcreaterole: boolean; rolbypassrls: boolean; owner: string }>(
      url,
      `SELECT rolsuper, rolcreaterole, rolbypassrls, (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS owner
         FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false, rolbypassrls: false, owner: APP_ROLE });
    expect(await outcome(url, `COPY (SELECT 1) TO PROGRAM 'id'`)).toBe('42501');
    expect(await outcome(url, `COPY (SELECT 1) TO '/tmp/sjct-copy-out'`)).toBe('42501');
    expect(await outcome(url, `SELECT pg_read_file('/etc/passwd')`)).toBe('42501');
    // A superuser could switch the append-only ledger's triggers off for its session; this role cannot.
    expect(await outcome(url, `SET session_replication_role = replica`)).toBe('42501');
    expect(await outcome(url, `ALTER ROLE ${APP_ROLE} SUPERUSER`)).toBe('42501');
  });

  it('runs every migration as that role, which then owns the schema', async () => {
    const ds = new DataSource({ type: 'postgres', url: db!.url, migrations: MIGRATIONS, logging: false });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
    const foreign = await query(db!.url, `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND pg_get_userbyid(relowner) <> current_user`);
    expect(foreign).toEqual([]);
    expect(await outcome(db!.url, `DELETE FROM payment_lines`)).toBe('23001'); // the ledger's own trigger still holds
  }, 120_000);

  it('starts again with the stored password', async () => {
    const before = await readFile(join(db!.clusterDir, SUPERUSER_PASSWORD_FILE), 'utf8');
    await db!.stop();
    await start();
    expect(await readFile(join(db!.clusterDir, SUPERUSER_PASSWORD_FILE), 'utf8')).toBe(before);
    expect(await outcome(db!.url, 'SELECT count(*) FROM payment_lines')).toBe('ok');
  }, 120_000);

  it('gives a cluster made by an older version (postgres/postgres, all owned by the superuser) a password and hands its data to the role', async () => {
    // What versions before this one left: the fixed password, no password file, the database and tables the superuser's.
    await query(`${db!.superuserUrl}/songjiang`, `CREATE TABLE old_data (id int); ALTER TABLE payment_lines OWNER TO postgres; CREATE SEQUENCE old_seq`);
    await query(`${db!.superuserUrl}/postgres`, `ALTER DATABASE songjiang OWNER TO postgres`);
    await query(`${db!.superuserUrl}/postgres`, `ALTER ROLE postgres PASSWORD 'postgres'`);
    await unlink(join(db!.clusterDir, SUPERUSER_PASSWORD_FILE));
    await db!.stop();

    await start();
    expect(await outcome(asOldVersion(port), 'SELECT 1')).toBe('28P01');
    expect((await stat(join(db!.clusterDir, SUPERUSER_PASSWORD_FILE))).mode & 0o777).toBe(0o600);
    const owners = await query(db!.url, `SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname IN ('old_data', 'old_seq', 'payment_lines') ORDER BY relname`);
    expect(owners).toEqual([
      { relname: 'old_data', owner: APP_ROLE },
      { relname: 'old_seq', owner: APP_ROLE },
      { relname: 'payment_lines', owner: APP_ROLE },
    ]);
    expect(await outcome(db!.url, 'INSERT INTO old_data VALUES (1)')).toBe('ok');
  }, 120_000);

  it('says in one line that the port is taken, and what to do', async () => {
    await db!.stop();
    db = undefined;
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, '127.0.0.1', () => resolve(s));
    });
    try {
      const message = await startFailureMessage();
      expect(message).toContain(`port ${port}`);
      expect(message).toContain('EMBEDDED_PG_PORT');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 120_000);

  it('says in one line that its data folder cannot be used, and what to do', async () => {
    await chmod(dataDir, 0o777); // PostgreSQL refuses a data folder others can write to
    try {
      const message = await startFailureMessage();
      expect(message).toMatch(/data folder .* \(.*permissions.*\)\. Fix: make .* mode 0700/);
    } finally {
      await chmod(dataDir, 0o700);
    }
  }, 120_000);
});
