import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeEmbeddedCluster } from '../../src/core/database/embedded-database';
import { ADMIN_TOKEN, TEST_PII_KEY } from './test-app';
import { freePort } from './free-port';

/** The compiled service, as deployed (`npm test` builds it first). */
export const MAIN = join(__dirname, '../../dist/src/main.js');
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

/**
 * Says on stderr why a file is skipped: jest shows no console output of a
 * file whose tests are all skipped, and a skip must not pass silently.
 */
export function announceSkip(file: string, why: string): void {
  process.stderr.write(`\n${file} SKIPPED: ${why}\n`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { freePort };

/** Polls until probe gives something truthy; the message names what it waited for. */
export async function until<T>(what: string | (() => string), seconds: number, probe: () => Promise<T | undefined | null | false>, everyMs = 50): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(everyMs);
  }
}

export interface HttpAnswer {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** One HTTP call with the admin token (or the given one), the body parsed when it is JSON. */
export async function call(base: string, method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (typeof body === 'string') {
    headers['Content-Type'] = 'text/csv';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${base}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let parsed: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text === '' ? undefined : JSON.parse(text);
  return { status: res.status, text, body: parsed, headers: res.headers };
}

export interface ServiceProcess {
  name: string;
  /** http://127.0.0.1:port for api/all roles. */
  url: string | undefined;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<NodeJS.Signals | number | null>;
  /** SIGTERM and wait (SIGKILL after 20 s). */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface ServiceOptions {
  role: 'api' | 'worker' | 'all';
  env: Record<string, string | undefined>;
  /** Wait for /health to answer 200 (api and all roles; default true). */
  waitHealthy?: boolean;
}

/**
 * The compiled service in a process of its own, with the test's PII key and
 * admin token. Nothing of the jest process's DATABASE_URL/REDIS_URL/SMTP_URL
 * leaks in: each setting it uses is given.
 */
export async function startService(name: string, options: ServiceOptions): Promise<ServiceProcess> {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'APP_ROLE', 'QUEUE_PREFIX', 'PORT', 'DATA_DIR', 'LOG_LEVEL', 'PUBLIC_URL']) delete clean[key];
  const port = options.role === 'worker' ? undefined : await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), `sjct-ops-${name}-`));
  const env: NodeJS.ProcessEnv = {
    ...clean,
    PII_KEY: TEST_PII_KEY,
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    APP_ROLE: options.role,
    PGAPPNAME: name,
    ...(port ? { PORT: String(port) } : {}),
  };
  for (const [key, value] of Object.entries(options.env)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  let output = '';
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  const service: ServiceProcess = {
    name,
    url: port ? `http://127.0.0.1:${port}` : undefined,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (running()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => running() && child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
    kill: async () => {
      if (running()) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (port && options.waitHealthy !== false) {
    try {
      await until(() => `${name}'s /health (it said: ${output.slice(-2000)})`, 120, async () => {
        if (!running()) throw new Error(`${name} exited early: ${output.slice(-4000)}`);
        return fetch(`${service.url}/health`).then(
          (r) => r.ok,
          () => false,
        );
      }, 200);
    } catch (error) {
      await service.kill();
      throw error;
    }
  }
  return service;
}

/** A redis-server of the test's own on a free port, without persistence; it can be stopped and started again. */
export class OwnedRedis {
  private child?: ChildProcess;
  private exited?: Promise<unknown>;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnedRedis> {
    if (!REDIS_SERVER) throw new Error('no redis-server binary on this machine');
    const redis = new OwnedRedis(await freePort());
    await redis.resume();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async resume(): Promise<void> {
    let output = '';
    const child = spawn(REDIS_SERVER!, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    await until(() => `redis-server on ${this.port} (it said: ${output})`, 20, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
      return /Ready to accept connections/.test(output);
    });
  }

  /** Gone at once, as a crash or a network cut looks to the service. */
  async halt(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }
}

/** A fresh temporary directory that a root-run PostgreSQL (its own system user) can use. */
export async function sharedTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

/** Tears down in reverse order and never throws: afterAll must restore what the test broke. */
export class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = [];
  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.reverse()) await step().catch(() => undefined);
    this.steps.length = 0;
  }
}

const EMBEDDED_DATABASE = join(__dirname, '../../dist/src/core/database/embedded-database.js');

/**
 * An embedded PostgreSQL of the test's own, run by a small Node process of its
 * own, as the service's main.ts runs it: stop() is a fast
 * shutdown (every session cut, open transactions rolled back), start() brings
 * it back on the same port with the same data.
 */
export class OwnedPostgres {
  private child?: ChildProcess;
  private superuserUrl?: string;
  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<OwnedPostgres> {
    if (!existsSync(EMBEDDED_DATABASE)) throw new Error(`${EMBEDDED_DATABASE} is missing: run \`npm run build\``);
    const pg = new OwnedPostgres(await sharedTempDir('sjct-ops-pg-'), await freePort());
    await pg.start();
    return pg;
  }

  /** The superuser, no database: postgres://postgres:<its generated password>@127.0.0.1:port */
  get base(): string {
    if (!this.superuserUrl) throw new Error('the embedded PostgreSQL has not started yet');
    return this.superuserUrl;
  }

  async start(): Promise<void> {
    const script = `
      const { startEmbeddedServer } = require(${JSON.stringify(EMBEDDED_DATABASE)});
      startEmbeddedServer({ dataDir: ${JSON.stringify(join(this.dataDir, 'data'))}, port: ${this.port}, persistent: true, log: () => undefined })
        .then((db) => {
          process.stdout.write('READY ' + db.superuserUrl + '\\n');
          const stop = () => db.stop().then(() => process.exit(0), () => process.exit(1));
          process.on('SIGTERM', stop);
          process.on('SIGINT', stop);
        }, (error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;
    let output = '';
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    this.child = child;
    await until(() => `the embedded PostgreSQL on ${this.port} (it said: ${output})`, 120, async () => {
      if (child.exitCode !== null) throw new Error(`the embedded PostgreSQL did not start: ${output}`);
      return /READY \S+\n/.test(output);
    });
    this.superuserUrl = /READY (\S+)\n/.exec(output)![1];
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = undefined;
  }

  /** Stops it and removes its data (run as root, the cluster lives elsewhere: see removeEmbeddedCluster). */
  async destroy(): Promise<void> {
    await this.stop();
    await removeEmbeddedCluster(join(this.dataDir, 'data'));
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
