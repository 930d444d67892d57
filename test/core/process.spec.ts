import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCreditCode } from '../../src/modules/organizations/credit-code';
import { makeIdNumber } from '../../src/modules/talents/id-number';

const MAIN = join(__dirname, '../../dist/src/main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.REDIS_URL;
  delete clean.SMTP_URL;
  const child = spawn(process.execPath, [MAIN], { env: { ...clean, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

async function waitForHealth(port: number, seconds: number, output: () => string): Promise<unknown> {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no healthy answer on port ${port} within ${seconds} s; the process said:\n${output()}`);
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
    dataDir = await mkdtemp(join(tmpdir(), 'sjct-process-'));
    // mkdtemp makes it 0700; run as root, postgres runs as its own user and must reach its data below.
    await chmod(dataDir, 0o755);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('starts, keeps its data across a SIGINT and a restart, and leaves no PostgreSQL behind', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir };

    const first = start(env);
    expect(await waitForHealth(port, 90, first.output)).toEqual({ status: 'ok', db: 'up', queue: 'inline' });
    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
    expect(first.output()).toContain(token);
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
    expect(first.output().split(token).length - 1).toBe(1); // printed once, at the first start, outside the JSON log
    first.child.kill('SIGINT');
    expect(await exited(first.child)).toBe(0);
    expect(postgresRunningFor(dataDir)).toBe(false);

    const second = start(env);
    try {
      await waitForHealth(port, 90, second.output);
      expect(second.output()).not.toContain(token);
      const again = await fetch(`http://127.0.0.1:${port}/api/v1/organizations/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(again.status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
    expect(postgresRunningFor(dataDir)).toBe(false);
  }, 240_000);
});
