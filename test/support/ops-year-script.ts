import { ok } from './http';
import { fakeCreditCode, fakeIdNumber, fakePhone } from './ids';
import type { HttpAnswer } from './ops-processes';

/**
 * A whole programme year (2025) driven through the public API only, as the
 * district office, finance and the schedule would: the day's jobs run with
 * asOf for every day, and designations, adjustments, titles, a workshop,
 * assessment results and a period close happen on the way. Every process
 * shape (one in-process app, or several api and worker processes) runs the
 * same script, so what it leaves behind can be compared line for line.
 */

export type Caller = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, token?: string) => Promise<HttpAnswer>;

export const YEAR_START = '2025-01-01';
export const YEAR_END = '2025-12-31';

interface Person {
  name: string;
  birthDate: string;
  gender: 'male' | 'female';
  employer: 'e1' | 'e2';
  /** Designated before the year starts (set up on day 0), or on that day of the year. */
  designatedOn: string;
}

/** Everyone in the script: three with a term ending, a mid-term or a retirement inside 2025, two designated during it. */
export const PEOPLE: Person[] = [
  { name: '甲技师', birthDate: '1978-04-02', gender: 'male', employer: 'e1', designatedOn: '2022-11-15' }, // end of term 2025-11-30
  { name: '乙技师', birthDate: '1980-05-10', gender: 'male', employer: 'e1', designatedOn: '2024-03-10' }, // moves out (approved, clawed back)
  { name: '丙技师', birthDate: '1982-07-21', gender: 'female', employer: 'e2', designatedOn: '2024-05-15' }, // mid-term left overdue, escalated
  { name: '丁技师', birthDate: '1979-01-30', gender: 'male', employer: 'e2', designatedOn: '2023-12-01' }, // mid-term qualified; leads a workshop
  { name: '戊技师', birthDate: '1965-05-18', gender: 'male', employer: 'e1', designatedOn: '2024-01-20' }, // retires in 2025
  { name: '己技师', birthDate: '1985-09-09', gender: 'male', employer: 'e2', designatedOn: '2025-03-10' },
  { name: '庚技师', birthDate: '1988-12-12', gender: 'female', employer: 'e1', designatedOn: '2025-07-05' },
  { name: '辛技师', birthDate: '1983-03-03', gender: 'male', employer: 'e1', designatedOn: '2023-06-15' }, // a higher title from May
];

export function idNumberOf(index: number): string {
  const p = PEOPLE[index];
  return fakeIdNumber(p.birthDate, 50 + index, p.gender);
}

export function phoneOf(index: number): string {
  return fakePhone(index);
}

export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
}

export interface ScriptStats {
  jobRuns: number;
  apiCalls: number;
}

export async function runYearScript(call: Caller): Promise<ScriptStats> {
  const stats: ScriptStats = { jobRuns: 0, apiCalls: 0 };
  const api = async (method: 'GET' | 'POST', path: string, body: unknown, expected: number, token?: string) => {
    stats.apiCalls++;
    return ok(await call(method, path, body, token), expected, `${method} ${path}`);
  };
  const ids = new Map<string, string>();

  // Day 0: the offices, streets, employers, a finance user and the people designated before 2025.
  await api('POST', '/api/v1/organizations', { name: '松江区首席技师工作协调小组办公室', kind: 'district_office', contactEmails: ['office@songjiang.example'] }, 201);
  const s1 = await api('POST', '/api/v1/organizations', { name: '永丰街道', kind: 'street', contactEmails: ['yongfeng@songjiang.example'] }, 201);
  const s2 = await api('POST', '/api/v1/organizations', { name: '岳阳街道', kind: 'street', contactEmails: ['yueyang@songjiang.example'] }, 201);
  const e1 = await api('POST', '/api/v1/organizations', { name: '上海松江精密机械有限公司', kind: 'employer', creditCode: fakeCreditCode('MA1J3B0X4'), streetId: s1.id }, 201);
  const e2 = await api('POST', '/api/v1/organizations', { name: '上海松江智能装备有限公司', kind: 'employer', creditCode: fakeCreditCode('MA1J3B0X5'), streetId: s2.id }, 201);
  const finance = await api('POST', '/api/v1/users', { name: '人社财务', role: 'finance', email: 'finance@songjiang.example' }, 201);
  const employers = { e1: e1.id as string, e2: e2.id as string };

  const designate = async (index: number) => {
    const p = PEOPLE[index];
    const talent = await api(
      'POST',
      '/api/v1/talents',
      { name: p.name, idNumber: idNumberOf(index), phone: phoneOf(index), employerId: employers[p.employer] },
      201,
    );
    ids.set(`talent:${p.name}`, talent.id);
    const d = await api('POST', '/api/v1/designations', { talentId: talent.id, cohort: p.designatedOn.slice(0, 4), designatedOn: p.designatedOn }, 201);
    ids.set(p.name, d.id);
  };
  for (let i = 0; i < PEOPLE.length; i++) if (PEOPLE[i].designatedOn < YEAR_START) await designate(i);

  const pendingOf = async (name: string, reason: string) => {
    const page = await api('GET', `/api/v1/adjustments?designationId=${ids.get(name)}&status=pending`, undefined, 200);
    const found = (page.items as Array<{ id: string; reason: string }>).filter((a) => a.reason === reason);
    if (found.length !== 1) throw new Error(`expected one pending ${reason} adjustment for ${name}, found ${JSON.stringify(page.items)}`);
    return found[0].id;
  };
  const taskOf = async (name: string, kind: string) => {
    const page = await api('GET', `/api/v1/assessments?designationId=${ids.get(name)}&kind=${kind}`, undefined, 200);
    if (page.items.length !== 1) throw new Error(`expected one ${kind} task for ${name}, found ${JSON.stringify(page.items)}`);
    return page.items[0].id as string;
  };
  const decide = async (id: string, decision: 'approve' | 'reject') => api('POST', `/api/v1/adjustments/${id}/decision`, { decision }, 200);

  /** What happens in business hours, after the night's jobs. */
  const events: Record<string, () => Promise<unknown>> = {
    '2025-02-15': async () =>
      api('POST', `/api/v1/designations/${ids.get('丙技师')}/adjustments`, { reason: 'position_changed', effectiveOn: '2025-03-01', note: '岗位调整待核' }, 201),
    '2025-03-10': () => designate(5),
    '2025-04-01': () =>
      api(
        'POST',
        '/api/v1/workshops',
        { kind: 'chief_technician', name: '丁技师首席技师工作室', employerId: employers.e2, leadTalentId: ids.get('talent:丁技师'), level: 'municipal', namedOn: '2025-04-01' },
        201,
      ),
    '2025-04-10': async () => decide(await pendingOf('丙技师', 'position_changed'), 'reject'),
    '2025-04-20': () => api('POST', `/api/v1/talents/${ids.get('talent:辛技师')}/titles`, { title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2025-05-01' }, 201),
    '2025-06-10': async () => api('POST', `/api/v1/assessments/${await taskOf('丁技师', 'mid_term')}/result`, { grade: 'qualified', assessedOn: '2025-06-10', score: 88.5 }, 200),
    '2025-06-20': () => api('POST', `/api/v1/designations/${ids.get('乙技师')}/adjustments`, { reason: 'moved_out_of_district', effectiveOn: '2025-05-01' }, 201),
    '2025-07-05': () => designate(6),
    '2025-07-15': async () => decide(await pendingOf('乙技师', 'moved_out_of_district'), 'approve'),
    '2025-09-01': async () => decide(await pendingOf('戊技师', 'retired'), 'approve'),
    '2025-11-10': async () => api('POST', `/api/v1/assessments/${await taskOf('甲技师', 'end_term')}/result`, { grade: 'unqualified', assessedOn: '2025-11-10' }, 200),
    '2025-12-05': () => api('POST', '/api/v1/payment-runs/2025-11/close', {}, 200, finance.token),
  };

  const job = async (name: string, asOf: string) => {
    stats.jobRuns++;
    return api('POST', `/api/v1/jobs/${name}/run`, { asOf }, 200);
  };
  for (const day of daysOf(YEAR_START, YEAR_END)) {
    await job('lifecycle', day);
    await job('assessments', day);
    if (day.endsWith('-01')) await job('payments', day);
    await events[day]?.();
    await job('notifications', day);
  }
  return stats;
}

// --- what the year leaves behind, without what differs between databases ---

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

async function rows(db: Queryable, sql: string): Promise<Array<Record<string, unknown>>> {
  const result = (await db.query(sql)) as Array<Record<string, unknown>> | { rows: Array<Record<string, unknown>> };
  return Array.isArray(result) ? result : result.rows;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface YearOutcome {
  ledger: string[];
  reports: string[];
  tasks: string[];
  adjustments: string[];
  designations: string[];
  notifications: string[];
  /** Notification ids (for matching the mails received). */
  notificationIds: string[];
}

/**
 * Each table as sorted lines: generated ids become what they name
 * (`designation:甲技师`), timestamps are left out (they say when, not what).
 */
export async function yearOutcome(db: Queryable): Promise<YearOutcome> {
  const labels = new Map<string, string>();
  for (const r of await rows(
    db,
    `SELECT id::text AS id, 'talent:' || name AS label FROM talents
     UNION ALL SELECT d.id::text, 'designation:' || t.name FROM designations d JOIN talents t ON t.id = d.talent_id
     UNION ALL SELECT id::text, 'org:' || name FROM organizations
     UNION ALL SELECT id::text, 'workshop:' || name FROM workshops
     UNION ALL SELECT id::text, 'user:' || name FROM users
     UNION ALL SELECT a.id::text, 'adjustment:' || t.name || ':' || a.reason || ':' || a.effective_on FROM adjustments a JOIN designations d ON d.id = a.designation_id JOIN talents t ON t.id = d.talent_id
     UNION ALL SELECT k.id::text, 'task:' || t.name || ':' || k.kind FROM assessment_tasks k JOIN designations d ON d.id = k.designation_id JOIN talents t ON t.id = d.talent_id`,
  )) {
    labels.set(String(r.id), String(r.label));
  }
  const line = (row: Record<string, unknown>, drop: string[] = []) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(row)
          .filter(([key, value]) => key !== 'id' && !drop.includes(key) && !(value instanceof Date))
          .map(([key, value]) => [key, typeof value === 'string' ? value.replace(UUID, (id) => labels.get(id.toLowerCase()) ?? '<unknown id>') : value]),
      ),
    );
  const table = async (sql: string, drop: string[] = []) => (await rows(db, sql)).map((r) => line(r, drop)).sort();
  return {
    ledger: await table(`SELECT designation_id::text, workshop_id::text, payee_talent_id::text, for_period, kind, amount_fen::text, month_index, run_period, seq, note FROM payment_lines`),
    reports: await table(`SELECT designation_id::text, workshop_id::text, for_period, kind, month_index, note, run_period FROM payment_run_reports`),
    tasks: await table(`SELECT id::text AS task, designation_id::text, kind, organizer_id::text, opens_on::text, due_on::text, status, grade, score::text, comments, assessed_on::text, cancelled_reason FROM assessment_tasks`),
    adjustments: await table(`SELECT id::text AS adjustment, reason, effective_on::text, note, source, status, decision_comment FROM adjustments`),
    designations: await table(`SELECT id::text AS designation, status, term_start::text, term_end::text, suspended_from::text, completed_on::text FROM designations`),
    notifications: await table(`SELECT purpose, dedupe_key, to_addresses, subject, text_body, html_body, status, attempts, last_error FROM notifications`),
    notificationIds: (await rows(db, `SELECT id::text AS id FROM notifications ORDER BY id`)).map((r) => String(r.id)),
  };
}
