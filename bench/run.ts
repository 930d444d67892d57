/*
 * `npm run bench`: the performance targets of SPEC §8 and issues 4 and 7, measured against the service
 * running as a child process. Builds (or reuses) a data set of 100,000 active designations, runs every
 * benchmark five times and prints one JSON document: for each figure the median, min and max, and where
 * it applies the ratio to a floor measured in the same run (what the same work costs with nothing but
 * PostgreSQL or the file format in the way).
 */
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import { cpus, totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import type { Client } from 'pg';
import { addDays, addPeriods } from '../src/core/clock/business-date';
import { ApiError } from '../scripts/lib/api-client';
import { toCsv } from '../scripts/lib/csv';
import { fakeCreditCode, fakeIdNumber } from '../scripts/lib/fake-ids';
import { withClient } from '../scripts/lib/pg';
import { INDUSTRIES } from '../src/modules/selection/entities/selection-application.entity';
import { SCORE_ITEMS } from '../src/modules/selection-review/score-sheet';
import { benchServer, BenchServer, databaseExists, dropDatabase, markDatabase, recreateDatabase } from './bench-database';
import { ServiceProcess, startService } from './service-process';

/** `BENCH_RUNS=2` for a quicker look; the figures of the issue are the median of 5. */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PEOPLE = 100_000;
const SEED_DB = 'bench_seed';
const WORK_DB = 'bench_work';
/** Bump when the seed's content changes, so an older data set is rebuilt rather than reused. */
const SEED_VERSION = `sjct-bench seed v1: ${PEOPLE} designations`;
const CREDIT_CODE = fakeCreditCode(0);
/** Five consecutive fresh periods: each run pays every designation its regular month, 100,000 new lines. */
const PERIODS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

interface Stat {
  median: number;
  min: number;
  max: number;
}

function stat(values: number[], digits = 0): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return { median: round(sorted[Math.floor(sorted.length / 2)]), min: round(sorted[0]), max: round(sorted[sorted.length - 1]) };
}

/** Every target of the bench with its verdict, gathered for the summary at the end of the JSON. */
const verdicts: Array<{ figure: string; target: string; met: boolean }> = [];

/**
 * A figure judged against its target over every run, not its median: "< x" is met when the
 * largest of the runs is under x, ">= x" when the smallest is at least x.
 */
function judged(figure: string, s: Stat, target: string, extra = true): Stat & { target: string; met: boolean } {
  const [, op, bound] = /^(<=|<|>=)\s*([\d.]+)$/.exec(target)!;
  const limit = Number(bound);
  const met = extra && (op === '<' ? s.max < limit : op === '<=' ? s.max <= limit : s.min >= limit);
  verdicts.push({ figure, target, met });
  return { ...s, target, met };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

async function call(s: ServiceProcess, method: string, path: string, body?: string, type?: string): Promise<{ status: number; json: unknown }> {
  s.assertRunning();
  const res = await s.api.send(method, path, body, type);
  return { status: res.status, json: res.text ? JSON.parse(res.text) : null };
}

/** The parsed body of a 2xx answer (the bench does not care which). */
async function expectOk(s: ServiceProcess, method: string, path: string, body?: string, type?: string): Promise<unknown> {
  const res = await call(s, method, path, body, type);
  if (res.status >= 300) throw new ApiError(method, path, res.status, JSON.stringify(res.json));
  return res.json;
}

/** n people with unique ID numbers: birth dates walk forward from 1985-01-01, three hundred sequence numbers a day. */
function cohortCsv(n: number, offset: number, cohort: string): string {
  const rows: string[][] = [['name', 'idNumber', 'employerCreditCode', 'cohort', 'designatedOn']];
  for (let i = 0; i < n; i++) {
    const k = offset + i;
    const j = k % 300;
    const idNumber = fakeIdNumber(addDays('1985-01-01', Math.floor(k / 300)), 50 + Math.floor(j / 2), j % 2 === 1 ? 'male' : 'female');
    // Every designation is named on the same day, so all terms cover the periods the payment bench runs.
    rows.push([`技师${k}`, idNumber, CREDIT_CODE, cohort, '2024-12-16']);
  }
  return toCsv(rows);
}

/** 100,000 designations through the import API, their assessment tasks opened by the assessments job; kept as a template. */
async function ensureSeed(server: BenchServer): Promise<'reused' | 'built'> {
  if ((await databaseExists(server, SEED_DB)) === SEED_VERSION) return 'reused';
  log(`building the data set (${PEOPLE} designations) in ${SEED_DB} …`);
  await recreateDatabase(server, SEED_DB);
  const s = await startService(server.urlOf(SEED_DB));
  try {
    const street = (await expectOk(s, 'POST', '/organizations', JSON.stringify({ name: '岳阳街道', kind: 'street' }))) as { id: string };
    await expectOk(s, 'POST', '/organizations', JSON.stringify({ name: '上海松江基准测试有限公司', kind: 'employer', creditCode: CREDIT_CODE, streetId: street.id }));
    for (let batch = 0; batch < PEOPLE / 10_000; batch++) {
      await expectOk(s, 'POST', '/designations/import', cohortCsv(10_000, batch * 10_000, String(2015 + batch)), 'text/csv');
    }
    await expectOk(s, 'POST', '/jobs/assessments/run', JSON.stringify({}));
  } finally {
    await s.stop();
  }
  await withClient(server.urlOf(SEED_DB), (c) => c.query('VACUUM ANALYZE'));
  await markDatabase(server, SEED_DB, SEED_VERSION);
  return 'built';
}

/** The floor of a payment run: the same rows, INSERT … SELECT into a plain table of the ledger's shape, committed. */
async function insertFloorMs(db: Client, period: string): Promise<number> {
  await db.query(`DROP TABLE IF EXISTS bench_floor`);
  await db.query(`CREATE TABLE bench_floor (LIKE payment_lines INCLUDING DEFAULTS INCLUDING IDENTITY)`);
  await db.query('CHECKPOINT');
  const [, ms] = await timed(async () => {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO bench_floor (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen, note)
       SELECT run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen, note FROM payment_lines WHERE run_period = $1`,
      [period],
    );
    await db.query('COMMIT');
  });
  await db.query(`DROP TABLE bench_floor`);
  return ms;
}

/**
 * What writing a run's lines into the ledger costs on its own, without evaluating anything: the
 * period's lines again, moved one month on (a period no run has opened: the lines are new there),
 * into payment_lines itself with its indexes, checks and statement trigger, then rolled back. A
 * run cannot take less than this plus its evaluation, so this over the floor is the least the
 * run's ratio can be with the ledger's structures as they are.
 */
async function ledgerWriteMs(db: Client, period: string): Promise<number> {
  const next = addPeriods(period, 1);
  await db.query('CHECKPOINT');
  await db.query('BEGIN');
  try {
    await db.query(`INSERT INTO payment_periods (period) VALUES ($1)`, [next]);
    const [, ms] = await timed(() =>
      db.query(
        `INSERT INTO payment_lines (run_period, designation_id, payee_talent_id, for_period, kind, amount_fen, month_index, seq, person_seq, person_net_fen, note)
         SELECT $2, designation_id, payee_talent_id, $2, kind, amount_fen, month_index + 1, seq, person_seq, person_net_fen, note
           FROM payment_lines WHERE run_period = $1 ORDER BY for_period, payee_talent_id, person_seq`,
        [period, next],
      ),
    );
    return ms;
  } finally {
    await db.query('ROLLBACK');
    // The rolled-back entries would stand in the next measurement's way in the person-month index.
    await db.query('VACUUM payment_lines');
  }
}

type Counts = Record<'regular' | 'arrears' | 'clawback' | 'grant', number>;
const lineCount = (c: Counts | undefined) => (c ? c.regular + c.arrears + c.clawback + c.grant : 0);

async function runPeriod(s: ServiceProcess, period: string): Promise<{ ms: number; lines: number }> {
  const before = await call(s, 'GET', `/payment-runs/${period}`);
  const [after, ms] = await timed(() => expectOk(s, 'POST', '/payment-runs', JSON.stringify({ period })));
  const counts = (x: unknown) => (x as { counts?: Counts } | null)?.counts;
  return { ms, lines: lineCount(counts(after)) - (before.status === 200 ? lineCount(counts(before.json)) : 0) };
}

async function paymentsBench(s: ServiceProcess, db: Client): Promise<Record<string, unknown>> {
  const first: number[] = [];
  const floor: number[] = [];
  const ratio: number[] = [];
  const rerun: number[] = [];
  for (const period of PERIODS) {
    await db.query('CHECKPOINT');
    const run = await runPeriod(s, period);
    if (run.lines !== PEOPLE) throw new Error(`run ${period} wrote ${run.lines} lines, expected ${PEOPLE}`);
    const again = await runPeriod(s, period);
    if (again.lines !== 0) throw new Error(`re-run of ${period} wrote ${again.lines} lines`);
    const floorMs = await insertFloorMs(db, period);
    log(`payment run ${period}: ${Math.round(run.ms)} ms, re-run ${Math.round(again.ms)} ms, floor ${Math.round(floorMs)} ms`);
    first.push(run.lines / (run.ms / 1000));
    floor.push(run.lines / (floorMs / 1000));
    ratio.push(run.ms / floorMs);
    rerun.push(again.ms);
  }
  // After the runs, so that the rolled-back lines cannot slow any of them: the last period's lines, each time with its own floor.
  const ledgerWrite: number[] = [];
  const last = PERIODS[PERIODS.length - 1];
  for (let i = 0; i < RUNS; i++) {
    const floorMs = await insertFloorMs(db, last);
    const writeMs = await ledgerWriteMs(db, last);
    log(`ledger write of ${last}'s lines: ${Math.round(writeMs)} ms, floor ${Math.round(floorMs)} ms`);
    ledgerWrite.push(writeMs / floorMs);
  }
  return {
    periods: PERIODS,
    linesPerRun: PEOPLE,
    runLinesPerSecond: judged('payment run, lines/s', stat(first), '>= 50000'),
    floorInsertSelectLinesPerSecond: stat(floor),
    runTimeOverFloor: judged('payment run over the bare INSERT … SELECT (issue 20)', stat(ratio, 2), '<= 3'),
    ledgerWriteOverFloor: stat(ledgerWrite, 2),
    rerunSamePeriodMs: judged('re-run of the same period, ms', stat(rerun), '< 1000'),
  };
}

/** Streams a roster from the service to nowhere; the peak RSS is the service process's (VmHWM). */
async function exportRoster(s: ServiceProcess, period: string, format: 'xlsx' | 'csv'): Promise<{ ms: number; bytes: number; peakRssMb: number }> {
  await s.resetPeakRss();
  const [bytes, ms] = await timed(async () => {
    const res = await fetch(`${s.base}/payment-runs/${period}/roster?type=allowance&format=${format}`, { headers: s.headers });
    if (res.status !== 200 || !res.body) throw new Error(`roster ${format}: ${res.status}`);
    let n = 0;
    for await (const chunk of res.body) n += (chunk as Uint8Array).length;
    return n;
  });
  return { ms, bytes, peakRssMb: await s.peakRssMb() };
}

const nowhere = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

/** The roster's floor: the same rows read in one query and written raw (no decryption, labels, styles or number formats). */
async function rosterFloorMs(db: Client, period: string, format: 'xlsx' | 'csv'): Promise<number> {
  const [, ms] = await timed(async () => {
    const { rows } = await db.query({
      text: `SELECT l.id, t.name, t.id_number_enc, e.name AS employer, s.name AS street, d.cohort, l.for_period, l.month_index, l.kind, l.amount_fen, l.note
               FROM payment_lines l JOIN designations d ON d.id = l.designation_id JOIN talents t ON t.id = d.talent_id
               JOIN organizations e ON e.id = t.employer_id LEFT JOIN organizations s ON s.id = e.street_id
              WHERE l.run_period = $1 AND l.designation_id IS NOT NULL ORDER BY l.id`,
      values: [period],
      rowMode: 'array',
    });
    const out = nowhere();
    if (format === 'csv') {
      for (const row of rows as unknown[][]) if (!out.write(row.join(',') + '\r\n')) await new Promise((r) => out.once('drain', r));
      out.end();
      return;
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet(period);
    for (const row of rows as unknown[][]) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  });
  return ms;
}

async function rosterBench(s: ServiceProcess, db: Client, period: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { period, lines: PEOPLE };
  for (const format of ['xlsx', 'csv'] as const) {
    const runs: Array<{ ms: number; bytes: number; peakRssMb: number }> = [];
    const floors: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await exportRoster(s, period, format));
      floors.push(await rosterFloorMs(db, period, format));
      log(`${format} roster: ${Math.round(runs[i].ms)} ms, ${runs[i].peakRssMb} MB peak RSS, floor ${Math.round(floors[i])} ms`);
    }
    result[format] = {
      ms: format === 'xlsx' ? judged('xlsx roster, ms', stat(runs.map((r) => r.ms)), '< 10000') : stat(runs.map((r) => r.ms)),
      // Issue 20: the csv roster under the same memory bound as the xlsx one.
      serviceRssPeakMb: judged(`${format} roster, peak RSS of the service, MB`, stat(runs.map((r) => r.peakRssMb)), '< 300'),
      bytes: runs[0].bytes,
      floorRawRowsMs: stat(floors),
      timeOverFloor: stat(
        runs.map((r, i) => r.ms / floors[i]),
        2,
      ),
    };
  }
  return result;
}

/**
 * autocannon at 100 requests/s: its limiter lets each of the 10 connections send its 10 requests of a
 * second back to back, so the load comes as bursts of 10 concurrent requests, harsher than 100 evenly
 * spaced ones. Its coordinated-omission correction is off: with a rate it back-fills every response with
 * samples 1 ms apart (ceil(1 / rate) taken as milliseconds), which would report the burst as the tail.
 */
async function latencyBench(s: ServiceProcess): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { load: 'autocannon, 100 requests/s for 20 s over 10 connections (bursts of 10 concurrent requests each second)' };
  for (const path of ['/designations', '/assessments']) {
    const runs = await underLoad(s, path, 10, 100);
    result[`GET /api/v1${path}`] = {
      p50Ms: stat(
        runs.map((r) => r.p50),
        1,
      ),
      // Issue 20: both lists under 50 ms at p99 in every run, without errors.
      p99Ms: judged(
        `GET ${path} p99 at 100 requests/s, ms`,
        stat(
          runs.map((r) => r.p99),
          1,
        ),
        '< 50',
        runs.every((r) => r.errors === 0),
      ),
      errors: stat(runs.map((r) => r.errors)),
      requests: stat(runs.map((r) => r.requests)),
    };
  }
  return result;
}

/**
 * Issue 18: the dashboard, on the 100,000 designations and the five periods of 100,000 lines the
 * payment bench ran (all but the newest closed, as finance leaves them). A dashboard is opened by a few people, not polled:
 * the load is 10 requests/s over 2 connections, each run 20 s; the target is p99 < 200 ms.
 */
async function dashboardBench(s: ServiceProcess): Promise<Record<string, unknown>> {
  const path = '/reports/dashboard';
  // As in production, finance has closed the periods it exported: all but the newest (their totals were written on closing).
  const finance = (await expectOk(s, 'POST', '/users', JSON.stringify({ name: 'bench finance', role: 'finance' }))) as { token: string };
  for (const period of PERIODS.slice(0, -1)) {
    await s.api.withToken(finance.token).request('POST', `/payment-runs/${period}/close`, 200);
  }
  await expectOk(s, 'GET', path); // the first request pays for the plans
  const single: number[] = [];
  for (let i = 0; i < 10; i++) single.push((await timed(() => expectOk(s, 'GET', path)))[1]);
  const runs = await underLoad(s, path, 2, 10);
  const p99 = stat(
    runs.map((r) => r.p99),
    1,
  );
  return {
    load: 'autocannon, 10 requests/s for 20 s over 2 connections',
    singleRequestMs: stat(single, 1),
    p50Ms: stat(
      runs.map((r) => r.p50),
      1,
    ),
    p99Ms: judged('dashboard p99, ms', p99, '< 200', runs.every((r) => r.errors === 0)),
    errors: stat(runs.map((r) => r.errors)),
    requests: stat(runs.map((r) => r.requests)),
  };
}

/** 10,000 new designations in one request, five times (new people each time). */
async function importBench(s: ServiceProcess): Promise<Record<string, unknown>> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const csv = cohortCsv(10_000, PEOPLE + i * 10_000, '2024');
    const [, t] = await timed(() => expectOk(s, 'POST', '/designations/import', csv, 'text/csv'));
    log(`import 10k: ${Math.round(t)} ms`);
    ms.push(t);
  }
  return { rows: 10_000, ms: judged('import of 10,000 designations, ms (issue 20)', stat(ms), '< 500'), rowsPerSecond: stat(ms.map((t) => 10_000 / (t / 1000))) };
}

/**
 * `fn` against a service on a fresh copy of the data set of its own, dropped afterwards: for figures
 * whose writes would change the others' data (or that need a state the payment runs have left behind).
 */
async function onFreshCopy<T>(server: BenchServer, name: string, fn: (s: ServiceProcess, db: Client) => Promise<T>): Promise<T> {
  await recreateDatabase(server, name, SEED_DB);
  try {
    const s = await startService(server.urlOf(name));
    try {
      return await withClient(server.urlOf(name), (db) => fn(s, db));
    } finally {
      await s.stop();
    }
  } finally {
    // BENCH_KEEP=1 leaves the copy for a look with EXPLAIN afterwards.
    if (!process.env.BENCH_KEEP) await dropDatabase(server, name);
  }
}

/** Issue 20: the opening ledger (SPEC §3.7) in files of 100,000 months. */
const OPENING_PEOPLE = 5_000;
/** 2025-01 … 2026-08: from the seed's term start (designated 2024-12-16) through the last month paid by spreadsheet. */
const OPENING_MONTHS = Array.from({ length: 20 }, (_, m) => `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);

/** The seed's k-th person's ID number (cohortCsv's formula). */
function seedIdNumber(k: number): string {
  const j = k % 300;
  return fakeIdNumber(addDays('1985-01-01', Math.floor(k / 300)), 50 + Math.floor(j / 2), j % 2 === 1 ? 'male' : 'female');
}

/**
 * The allowance sheet as an office fills the pre-filled template (GET /templates/opening-ledger-allowance):
 * the template's Chinese headings, each person's months in order, one row per month paid by spreadsheet.
 */
function openingCsv(firstPerson: number, people: number, months: readonly string[], amountFen: number): string {
  const rows: Array<Array<string | number>> = [['身份证号', '所属月份', '金额（分）']];
  for (let k = firstPerson; k < firstPerson + people; k++) {
    const idNumber = seedIdNumber(k);
    for (const month of months) rows.push([idNumber, month, amountFen]);
  }
  return toCsv(rows);
}

/**
 * An office that paid part of the programme by spreadsheet and adopts the service: 5,000 people × the 20
 * months each was paid (2025-01 … 2026-08), 100,000 rows in one upload, as the template lays them out.
 * Each run imports other people (the seed's people 0–4,999, 5,000–9,999, …), so every run does the same work;
 * the runs are on a copy of the data set of their own, where no period has run (the opening ledger is what
 * an office imports before its first run, and its lines would change the payment runs' figures).
 */
async function openingLedgerBench(s: ServiceProcess, db: Client): Promise<Record<string, unknown>> {
  const { rows } = await db.query(`SELECT max(monthly_allowance_fen)::int AS fen FROM designations`);
  const amountFen = rows[0].fen as number;
  const total = OPENING_PEOPLE * OPENING_MONTHS.length;
  // A first, small file (the seed's last 100 people) pays for the service's first compile of the path and the fresh copy's cold pages:
  // measured on their own, the first of five imports took half as long again as the others.
  await expectOk(s, 'POST', '/payments/opening-ledger?kind=allowance', openingCsv(PEOPLE - 100, 100, OPENING_MONTHS, amountFen), 'text/csv');
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const csv = openingCsv(i * OPENING_PEOPLE, OPENING_PEOPLE, OPENING_MONTHS, amountFen);
    await db.query('CHECKPOINT');
    const [answer, t] = await timed(() => expectOk(s, 'POST', '/payments/opening-ledger?kind=allowance', csv, 'text/csv'));
    if ((answer as { imported: number }).imported !== total) throw new Error(`opening ledger imported ${JSON.stringify(answer)}, expected ${total}`);
    log(`opening ledger ${total} months: ${Math.round(t)} ms`);
    ms.push(t);
  }
  return {
    rows: total,
    shape: `${OPENING_PEOPLE} people × ${OPENING_MONTHS.length} months (${OPENING_MONTHS[0]} … ${OPENING_MONTHS[OPENING_MONTHS.length - 1]}), csv with the template's headings, other people each run`,
    ms: judged('opening ledger, 100,000 months, ms (SPEC §8: ≥ 20,000 rows/s)', stat(ms), '< 5000'),
    rowsPerSecond: stat(ms.map((t) => total / (t / 1000))),
  };
}

/** Issue 20: a selection round as a district office runs one (SPEC §3.8). */
const APPLICATIONS = 300;
const EXPERTS = 7;
/** Employers nominating two each (EMPLOYER_NOMINATIONS_MAX); the rest are self or expert/association applications filed by the office. */
const NOMINATING_EMPLOYERS = 100;
const OCCUPATIONS = ['数控车工', '钳工', '焊工', '电工', '化学检验员', '汽车维修工', '模具工', '集成电路装调工'];

/** A plausible score of an item: between about half and all of its maximum, fixed by the application, expert and item. */
function scoreOf(application: number, expert: number, item: number, max: number): number {
  const x = (application * 7919 + expert * 104_729 + item * 1_299_709) % 1_000_003;
  return max - (x % (Math.ceil(max / 2) + 1));
}

/** The 申报表 content, as long as real ones (a few hundred characters of 主要业绩). */
function applicationContent(i: number): Record<string, string> {
  return {
    occupation: OCCUPATIONS[i % OCCUPATIONS.length],
    skillLevel: i % 3 === 0 ? 'technician' : 'senior_technician',
    post: '车间技术组长',
    industry: INDUSTRIES[i % INDUSTRIES.length],
    achievements: `主持完成关键工序工艺改进${(i % 9) + 1}项，攻克薄壁件加工变形、精密装配一致性等生产难题，`.repeat(4) + `年均节约成本${(i % 50) + 10}万元。`,
    awards: '上海市技术能手；松江区职工技能竞赛一等奖',
    patents: `实用新型专利${(i % 5) + 1}项`,
    team: `带徒${(i % 12) + 3}名，其中${(i % 4) + 1}名取得技师职业资格`,
    employerSupport: '设立技能大师工作室，提供场地、设备和每年20万元培训经费',
  };
}

/**
 * Builds the round through the API as the office, the street and the experts would: 100 employers
 * nominating two people each and 100 self or expert/association applications (all new people),
 * recommended by the street, found eligible, then a panel of 7 experts whose paper score sheets
 * the office uploads (every sheet entered), and the scoring closed. Returns the round's id.
 */
async function buildRound(s: ServiceProcess, db: Client): Promise<{ roundId: string; closeMs: number }> {
  const { rows } = await db.query(`SELECT id FROM organizations WHERE kind = 'street' ORDER BY created_at LIMIT 1`);
  const streetId = rows[0].id as string;
  const employers: string[] = [];
  for (let e = 0; e < NOMINATING_EMPLOYERS; e++) {
    const org = (await expectOk(s, 'POST', '/organizations', JSON.stringify({ name: `松江申报单位${e}有限公司`, kind: 'employer', creditCode: fakeCreditCode(1 + e), streetId }))) as { id: string };
    employers.push(org.id);
  }
  const street = (await expectOk(s, 'POST', '/users', JSON.stringify({ name: '岳阳街道推荐人', role: 'assessor', organizationId: streetId }))) as { token: string };
  const today = new Date().toISOString().slice(0, 10);
  const round = (await expectOk(
    s,
    'POST',
    '/rounds',
    JSON.stringify({ cohort: String(Number(today.slice(0, 4)) + 1), quota: 25, applicationsOpen: addDays(today, -30), applicationsClose: addDays(today, 30) }),
  )) as { id: string };
  const filed: Array<{ id: string; name: string; occupation: string }> = [];
  for (let i = 0; i < APPLICATIONS; i++) {
    const nominated = i < 2 * NOMINATING_EMPLOYERS;
    const name = `申报人${i}`;
    const person = { name, idNumber: fakeIdNumber(addDays('1975-01-01', i), 60, i % 2 === 1 ? 'male' : 'female'), employerId: employers[nominated ? Math.floor(i / 2) : i % NOMINATING_EMPLOYERS] };
    const content = applicationContent(i);
    const channel = nominated ? 'employer' : i % 2 === 0 ? 'self' : 'expert_or_association';
    const application = (await expectOk(s, 'POST', `/rounds/${round.id}/applications`, JSON.stringify({ channel, person, ...content }))) as { id: string };
    await s.api.withToken(street.token).request('POST', `/applications/${application.id}/recommendation`, 200, { decision: 'recommend', comment: '同意推荐' });
    await s.api.request('POST', `/applications/${application.id}/eligibility`, 200, { decision: 'eligible', reasons: '材料齐全，符合申报条件' });
    filed.push({ id: application.id, name, occupation: content.occupation });
  }
  const experts: string[] = [];
  for (let e = 0; e < EXPERTS; e++) {
    experts.push(((await expectOk(s, 'POST', '/users', JSON.stringify({ name: `评审专家${e + 1}`, role: 'expert', email: `expert${e + 1}@experts.example` }))) as { id: string }).id);
  }
  await s.api.request('PUT', `/rounds/${round.id}/experts`, 200, { expertUserIds: experts });
  for (const [e, expertId] of experts.entries()) {
    const sheet: Array<Array<string | number>> = [['applicationId', 'name', 'employerName', 'occupation', ...SCORE_ITEMS.map((item) => item.key), 'opinion']];
    filed.forEach((a, i) => sheet.push([a.id, a.name, '', a.occupation, ...SCORE_ITEMS.map((item, k) => scoreOf(i, e, k, item.max)), '业绩突出，技能水平高，建议入围']));
    const answer = (await expectOk(s, 'POST', `/rounds/${round.id}/score-sheets/${expertId}`, toCsv(sheet), 'text/csv')) as { imported: number };
    if (answer.imported !== APPLICATIONS) throw new Error(`score sheet of expert ${e + 1}: ${JSON.stringify(answer)}`);
  }
  const [, closeMs] = await timed(() => s.api.request('POST', `/rounds/${round.id}/scoring/close`, 200));
  return { roundId: round.id, closeMs };
}

/**
 * `runs` autocannon runs of `rate` requests/s over `connections` for 20 s each, after one of 10 s that is
 * not measured. The service under test was started minutes before, while a service in production has been
 * up for days: in a profiled run, the first 20 s of load on a path in a fresh process cost 1.6 x the CPU a
 * request of the runs after it (V8 still compiling the path, each pooled connection planning its first
 * statements).
 */
async function underLoad(s: ServiceProcess, path: string, connections: number, rate: number): Promise<Array<{ p50: number; p99: number; errors: number; requests: number }>> {
  const load = (duration: number) => autocannon({ url: `${s.base}${path}`, headers: s.headers, connections, overallRate: rate, duration, ignoreCoordinatedOmission: true });
  s.assertRunning();
  const warm = await load(10);
  log(`GET ${path}: warm-up, p99 ${warm.latency.p99} ms (not counted)`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    s.assertRunning();
    const r = await load(20);
    s.assertRunning();
    runs.push({ p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, requests: r.requests.total });
    log(`GET ${path}: p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.total} requests, ${r.errors + r.timeouts + r.non2xx} errors`);
  }
  return runs;
}

/**
 * The round's score table (GET /rounds/{id}/scores: every application's rank, each expert's total, item
 * means and spread; 300 lines, about 320 KB of JSON), which the office reads while it shortlists, and the
 * round's export (.xlsx of the applications, the 专家评分 sheet and the publicity list). The table is read
 * by the office's few people: the dashboard's load (10 requests/s over 2 connections), held to the list
 * target, p99 < 50 ms, as it is one (unpaged: the ranking needs every line).
 */
async function selectionBench(s: ServiceProcess, db: Client): Promise<Record<string, unknown>> {
  const [{ roundId, closeMs }, buildMs] = await timed(() => buildRound(s, db));
  log(`selection round of ${APPLICATIONS} applications × ${EXPERTS} experts built in ${Math.round(buildMs / 1000)} s; closing the scoring took ${Math.round(closeMs)} ms`);
  const path = `/rounds/${roundId}/scores`;
  const table = (await expectOk(s, 'GET', path)) as { items: Array<{ totals: unknown[] }> };
  if (table.items.length !== APPLICATIONS || table.items.some((l) => l.totals.length !== EXPERTS)) throw new Error(`score table: ${table.items.length} lines`);
  const single: number[] = [];
  for (let i = 0; i < 10; i++) single.push((await timed(() => expectOk(s, 'GET', path)))[1]);
  const runs = await underLoad(s, path, 2, 10);
  const exports: number[] = [];
  let bytes = 0;
  for (let i = -1; i < RUNS; i++) {
    const [n, ms] = await timed(async () => {
      const res = await fetch(`${s.base}/rounds/${roundId}/export`, { headers: s.headers });
      if (res.status !== 200) throw new Error(`round export: ${res.status}`);
      return (await res.arrayBuffer()).byteLength;
    });
    bytes = n;
    if (i >= 0) exports.push(ms); // the first pays for loading exceljs
    log(`round export: ${Math.round(ms)} ms, ${n} bytes`);
  }
  return {
    round: `${APPLICATIONS} applications (${2 * NOMINATING_EMPLOYERS} nominated by ${NOMINATING_EMPLOYERS} employers, the rest self or expert/association), ${EXPERTS} experts, every sheet entered, scoring closed`,
    buildSeconds: Math.round(buildMs / 1000),
    closeScoringMs: Math.round(closeMs),
    scoreTable: {
      load: 'autocannon, 10 requests/s for 20 s over 2 connections',
      singleRequestMs: stat(single, 1),
      p50Ms: stat(
        runs.map((r) => r.p50),
        1,
      ),
      p99Ms: judged(
        'score table p99, ms',
        stat(
          runs.map((r) => r.p99),
          1,
        ),
        '< 50',
        runs.every((r) => r.errors === 0),
      ),
      errors: stat(runs.map((r) => r.errors)),
    },
    // A download the office starts by hand a few times a round, not a list it pages through: single requests, held to what a
    // click can take without a progress indicator (the rosters' < 10 s is for 100,000 lines).
    export: { ms: judged('round export (.xlsx, 300 applications), ms', stat(exports), '< 2000'), bytes },
  };
}

/**
 * `BENCH_ONLY=import npm run bench`: only the named figures, on a fresh copy of the data set (seconds
 * instead of minutes). A comma-separated list of payments, roster, latency, dashboard, import, opening, selection, e.g.
 * `BENCH_ONLY=latency` or `BENCH_ONLY=roster,latency`. Unset: every figure, as before.
 */
const FIGURES = ['payments', 'roster', 'latency', 'dashboard', 'import', 'opening', 'selection'] as const;
type Figure = (typeof FIGURES)[number];
const only = process.env.BENCH_ONLY?.split(',').map((f) => f.trim()).filter(Boolean);
for (const f of only ?? []) if (!(FIGURES as readonly string[]).includes(f)) throw new Error(`BENCH_ONLY: unknown figure ${f} (one of ${FIGURES.join(', ')})`);
const wanted = (figure: Figure) => !only || only.includes(figure);

async function main(): Promise<void> {
  const started = performance.now();
  const server = await benchServer(join(__dirname, '../..'));
  const results: Record<string, unknown> = {
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, database: server.description },
    runsPerFigure: RUNS,
  };
  try {
    const seed = await ensureSeed(server);
    await recreateDatabase(server, WORK_DB, SEED_DB);
    results.dataSet = { activeDesignations: PEOPLE, seed };
    const s = await startService(server.urlOf(WORK_DB));
    try {
      await withClient(server.urlOf(WORK_DB), async (db) => {
        if (wanted('payments')) {
          log('payment runs …');
          results.paymentRun = await paymentsBench(s, db);
        } else if (wanted('roster') || wanted('dashboard')) {
          // The roster exports the newest period and the dashboard closes the others: pay them first, each in turn
          // (paying only the newest would pay the four before it as arrears: a roster of 500,000 lines, not 100,000).
          log(`payment runs of ${PERIODS.join(', ')} (not measured) …`);
          for (const period of PERIODS) await runPeriod(s, period);
        }
        if (wanted('roster')) {
          log('rosters …');
          results.roster = await rosterBench(s, db, PERIODS[PERIODS.length - 1]);
        }
      });
      if (wanted('latency')) {
        log('API latency …');
        results.latency = await latencyBench(s);
      }
      if (wanted('dashboard')) {
        log('dashboard …');
        results.dashboard = await dashboardBench(s);
      }
      if (wanted('import')) {
        log('import …');
        results.import10k = await importBench(s);
      }
    } finally {
      await s.stop();
    }
    if (wanted('opening')) {
      log('opening ledger …');
      results.openingLedger = await onFreshCopy(server, 'bench_opening', openingLedgerBench);
    }
    if (wanted('selection')) {
      log('selection round …');
      results.selectionRound = await onFreshCopy(server, 'bench_selection', selectionBench);
    }
  } finally {
    await server.stop();
  }
  results.targets = verdicts;
  results.allTargetsMet = verdicts.every((v) => v.met);
  results.benchSeconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
