import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../scripts/lib/api-client';
import { freePort } from '../scripts/lib/free-port';

export const TOKEN = 'sjct_bench_admin_token_0123456789abcdef';
export const PII_KEY = 'ab'.repeat(32);

/** The service under test in a process of its own, so the load generator never shares its event loop. */
export interface ServiceProcess {
  pid: number;
  base: string;
  headers: Record<string, string>;
  /** The API as the admin. */
  api: ApiClient;
  /** Throws, with the end of its stderr, if the service is no longer running. */
  assertRunning(): void;
  /** Sets VmHWM back to the current RSS (Linux clear_refs 5). */
  resetPeakRss(): Promise<void>;
  /** VmHWM, the peak resident set since the last reset, in MB. */
  peakRssMb(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `node dist/src/main.js` as deployed with APP_ROLE=api (HTTP only: no cron
 * ticks, no start-up catch-up run touching the ledger), logging at info to
 * /dev/null like a production process whose logs are shipped elsewhere.
 */
export async function startService(databaseUrl: string): Promise<ServiceProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'sjct-bench-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'APP_ROLE', 'QUEUE_PREFIX', 'PORT', 'PUBLIC_URL']) delete env[name];
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean), join(__dirname, '../src/main.js')], {
    env: { ...env, DATABASE_URL: databaseUrl, PII_KEY, BOOTSTRAP_ADMIN_TOKEN: TOKEN, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', APP_ROLE: 'api' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-4000)));
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => resolve(void (exit = `exited (${signal ?? code})`))));
  const deadline = performance.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited at start: ${errors}`);
    if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) break;
    if (performance.now() > deadline) throw new Error(`the service did not answer /health within 120 s: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  const api = new ApiClient(`http://127.0.0.1:${port}/api/v1`, TOKEN);
  return {
    pid,
    base: api.apiBase,
    headers: api.headers,
    api,
    assertRunning: () => {
      if (exit) throw new Error(`the service ${exit}; its stderr ends: ${errors.slice(-2000)}`);
    },
    resetPeakRss: () => writeFile(`/proc/${pid}/clear_refs`, '5'),
    peakRssMb: async () => {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
