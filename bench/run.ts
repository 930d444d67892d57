/* Benchmarks for the targets in SPEC §8 and the issues' performance sections. Prints one JSON object. */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpApp } from '../src/app.factory';
import { addDays } from '../src/core/clock/business-date';
import { loadConfig } from '../src/core/config/config';
import { RunningDatabase, startEmbeddedDatabase } from '../src/core/database/embedded-database';
import { makeCreditCode } from '../src/modules/organizations/credit-code';
import { makeIdNumber } from '../src/modules/talents/id-number';

const TOKEN = 'sjct_bench_admin_token_0123456789abcdef';
const PII_KEY = 'ab'.repeat(32);

interface Ctx {
  base: string;
  auth: Record<string, string>;
}

async function api(ctx: Ctx, method: string, path: string, body?: string, type = 'application/json'): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${ctx.base}${path}`, { method, headers: { ...ctx.auth, 'Content-Type': type }, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** n people, unique ID numbers: birth dates walk forward from 1985-01-01, three sequence numbers a day. */
function cohortCsv(n: number, offset: number, creditCode: string, cohort: string): string {
  const lines = ['name,idNumber,employerCreditCode,cohort,designatedOn'];
  for (let i = 0; i < n; i++) {
    const k = offset + i;
    const birth = addDays('1985-01-01', Math.floor(k / 300));
    // Every cohort is named on the same day, so all 100,000 terms cover the periods the payment bench runs.
    lines.push(`技师${k},${makeIdNumber('310117', birth, String(k % 300 + 100).padStart(3, '0'))},${creditCode},${cohort},2024-12-16`);
  }
  return lines.join('\n');
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

async function listLatencies(ctx: Ctx, path: string, requests: number, perSecond: number): Promise<{ p50: number; p99: number; max: number }> {
  const latencies: number[] = [];
  const gap = 1000 / perSecond;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    const due = started + i * gap;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      (async () => {
        const t0 = performance.now();
        const res = await fetch(`${ctx.base}${path}`, { headers: ctx.auth });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(latencies[latencies.length - 1]) };
}

async function paymentRun(ctx: Ctx, period: string): Promise<{ ms: number; lines: number }> {
  const before = ((await api(ctx, 'GET', `/payment-runs/${period}`)).json as { counts?: Record<string, number> } | null)?.counts;
  const [res, ms] = await timed(() => api(ctx, 'POST', '/payment-runs', JSON.stringify({ period })));
  if (res.status !== 200) throw new Error(`payment run ${period} failed: ${JSON.stringify(res.json).slice(0, 300)}`);
  const counts = (res.json as { counts: Record<string, number> }).counts;
  const total = (c: Record<string, number> | undefined) => (c ? c.regular + c.arrears + c.clawback + c.grant : 0);
  return { ms: Math.round(ms), lines: total(counts) - total(before) };
}

/** Streams the roster to nowhere, sampling this process's RSS (the exporting service runs in it). */
async function rosterBench(ctx: Ctx, period: string): Promise<Record<string, number>> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const [bytes, ms] = await timed(async () => {
    const res = await fetch(`${ctx.base}/payment-runs/${period}/roster?type=allowance&format=xlsx`, { headers: ctx.auth });
    if (res.status !== 200 || !res.body) throw new Error(`roster failed: ${res.status}`);
    let n = 0;
    for await (const chunk of res.body) n += (chunk as Uint8Array).length;
    return n;
  });
  clearInterval(sampler);
  const mb = (x: number) => Math.round(x / 1024 / 1024);
  return { ms: Math.round(ms), bytes, rssBaselineMb: mb(baseline), rssPeakMb: mb(peak), rssGrowthMb: mb(peak - baseline) };
}

async function paymentsBench(ctx: Ctx): Promise<Record<string, unknown>> {
  const first = await paymentRun(ctx, '2025-01');
  const rerun = await paymentRun(ctx, '2025-01');
  const next = await paymentRun(ctx, '2025-02');
  const roster = await rosterBench(ctx, '2025-02');
  const perSecond = (r: { ms: number; lines: number }) => Math.round(r.lines / (r.ms / 1000));
  return {
    activeDesignations: 100_000,
    firstRun: { ...first, linesPerSecond: perSecond(first), target: '>= 50000 lines/s' },
    rerunSamePeriod: { ...rerun, target: '< 1000 ms' },
    nextPeriod: { ...next, linesPerSecond: perSecond(next) },
    xlsxRoster100k: { ...roster, target: '< 10000 ms, < 300 MB peak RSS' },
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sjct-bench-'));
  await chmod(dataDir, 0o755); // run as root, postgres runs as its own user and must reach its data

  let embedded: RunningDatabase | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir: join(dataDir, 'pg'), port: 54000 + Math.floor(Math.random() * 900), database: 'bench', persistent: false, log: () => undefined });
    databaseUrl = embedded.url;
  }
  let app: INestApplication | undefined;
  const results: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, database: embedded ? 'embedded' : 'DATABASE_URL' };
  try {
    const config = loadConfig({ DATABASE_URL: databaseUrl, PII_KEY, BOOTSTRAP_ADMIN_TOKEN: TOKEN, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await createHttpApp({ config, schedule: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const ctx: Ctx = { base: `http://127.0.0.1:${port}/api/v1`, auth: { Authorization: `Bearer ${TOKEN}` } };
    const street = (await api(ctx, 'POST', '/organizations', JSON.stringify({ name: '岳阳街道', kind: 'street' }))).json as { id: string };
    const creditCode = makeCreditCode('91310117MA1BENCH0'.replace('BENCH', '00000'));
    await api(ctx, 'POST', '/organizations', JSON.stringify({ name: '上海松江基准测试有限公司', kind: 'employer', creditCode, streetId: street.id }));

    const [first, importMs] = await timed(() => api(ctx, 'POST', '/designations/import', cohortCsv(10_000, 0, creditCode, '2024'), 'text/csv'));
    if (first.status !== 201) throw new Error(`import failed: ${JSON.stringify(first.json).slice(0, 500)}`);
    results.import10k = { rows: 10_000, ms: Math.round(importMs), rowsPerSecond: Math.round(10_000 / (importMs / 1000)) };

    for (let batch = 1; batch < 10; batch++) {
      const res = await api(ctx, 'POST', '/designations/import', cohortCsv(10_000, batch * 10_000, creditCode, String(2014 + batch)), 'text/csv');
      if (res.status !== 201) throw new Error(`seed import failed: ${JSON.stringify(res.json).slice(0, 500)}`);
    }
    const firstPage = await listLatencies(ctx, '/designations?limit=50', 1000, 100);
    let cursor: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const res = (await api(ctx, 'GET', `/designations?limit=90${cursor ? `&cursor=${cursor}` : ''}`)).json as { nextCursor: string | null };
      cursor = res.nextCursor;
    }
    const deepPage = await listLatencies(ctx, `/designations?limit=50&cursor=${cursor}`, 500, 100);
    const filtered = await listLatencies(ctx, '/designations?limit=50&status=active&cohort=2020', 500, 100);
    results.listDesignations = { rows: 100_000, rate: '100 req/s', firstPageMs: firstPage, deepCursorPageMs: deepPage, filteredMs: filtered, target: 'p99 < 50 ms' };
    results.payments = await paymentsBench(ctx);
  } finally {
    await app?.close();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
