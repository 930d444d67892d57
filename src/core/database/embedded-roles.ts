import { randomBytes } from 'node:crypto';
import { chown, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withClient } from './pg-client';
import { EmbeddedDatabaseError } from './embedded-database.errors';
import type { RunAs } from './embedded-files';

export const SUPERUSER = 'postgres';
/** The superuser's password, in the cluster folder, mode 0600. */
export const SUPERUSER_PASSWORD_FILE = 'superuser-password';
/** The role the service connects as: it owns its database and is not a superuser. */
export const APP_ROLE = 'songjiang';

/** What versions before this one gave every embedded cluster. */
const OLD_FIXED_PASSWORD = 'postgres';

export function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The superuser's password from the cluster folder. A cluster made by an older
 * version still has postgres/postgres: it gets a random password now, written
 * to the file first, so a crash in between leaves a password that works next time.
 */
export async function superuserPassword(at: { clusterDir: string; port: number; runAs: RunAs | undefined; log: (m: string) => void }): Promise<string> {
  const file = join(at.clusterDir, SUPERUSER_PASSWORD_FILE);
  let stored = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (stored === '') {
    stored = newPassword();
    await writeFile(file, `${stored}\n`, { mode: 0o600 });
    if (at.runAs) await chown(file, at.runAs.uid, at.runAs.gid);
  }
  if (await signsIn(at.port, stored)) return stored;
  if (await signsIn(at.port, OLD_FIXED_PASSWORD)) {
    await withClient(serverUrl(at.port, OLD_FIXED_PASSWORD, 'postgres'), (c) => c.query(`ALTER ROLE ${SUPERUSER} WITH PASSWORD ${c.escapeLiteral(stored)}`));
    at.log(`the superuser of this older cluster had the fixed password; it now has the one in ${file}`);
    return stored;
  }
  throw new EmbeddedDatabaseError(`the superuser password in ${file} is not this cluster's`, `put the right one back in that file, or move ${at.clusterDir} away to start a new, empty cluster`);
}

/**
 * APP_ROLE with a new random password (so none is stored), owning `database`
 * and everything in its public schema (a database made by an older version
 * belonged to the superuser). Returns the URL the service connects with.
 */
export async function ensureApplicationDatabase(superuserUrl: string, database: string): Promise<string> {
  const password = newPassword();
  await withClient(`${superuserUrl}/postgres`, async (c) => {
    const role = c.escapeIdentifier(APP_ROLE);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${c.escapeLiteral(password)}`;
    const roleFound = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    await c.query(`${roleFound.rowCount === 0 ? 'CREATE' : 'ALTER'} ROLE ${role} WITH ${attributes}`);
    const dbFound = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    const db = c.escapeIdentifier(database);
    await c.query(dbFound.rowCount === 0 ? `CREATE DATABASE ${db} OWNER ${role}` : `ALTER DATABASE ${db} OWNER TO ${role}`);
  });
  await withClient(`${superuserUrl}/${encodeURIComponent(database)}`, (c) => c.query(handOverSchema(c.escapeLiteral(APP_ROLE))));
  const url = new URL(superuserUrl);
  url.username = APP_ROLE;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Gives the public schema and what is in it to the application role. A no-op
 * once done: it only touches objects someone else owns.
 */
function handOverSchema(roleLiteral: string): string {
  return `DO $$
DECLARE
  app CONSTANT text := ${roleLiteral};
  r record;
BEGIN
  EXECUTE format('ALTER SCHEMA public OWNER TO %I', app);
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> app::regrole AND c.relkind IN ('r','p','v','m','f','c')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END, r.name, app);
  END LOOP;
  -- Sequences of serial and identity columns moved with their tables; these are the free-standing ones.
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> app::regrole AND c.relkind = 'S'
  LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.name, app);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
           WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> app::regrole
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.name, app);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
           WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> app::regrole AND t.typtype IN ('e','d','r')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name, app);
  END LOOP;
END $$`;
}

function serverUrl(port: number, password: string, database: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function signsIn(port: number, password: string): Promise<boolean> {
  try {
    await withClient(serverUrl(port, password, 'postgres'), async () => undefined);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') return false; // invalid_password
    throw error;
  }
}
