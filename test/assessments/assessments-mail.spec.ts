import { deadPort, Received, startSmtp } from '../support/smtp';
import { creditCode, Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { TestClock } from '../support/test-clock';

/**
 * Issue 5 "e-mails": Chinese, plain and HTML, the programme in the subject,
 * sent through the outbox relay to a real SMTP server; when SMTP is down the
 * relay retries with backoff and, once it is back, every mail arrives once.
 */





// --- just enough MIME to read what the relay sent -------------------------

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

function qpBytes(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (underscoreIsSpace && s[i] === '_') bytes.push(0x20);
    else bytes.push(...Buffer.from(s[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words; adjacent words are joined as bytes, so a character split between them survives. */
function decodeHeader(value: string): string {
  const parts: Array<string | Buffer> = [];
  const re = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    if (!(parts.length > 0 && Buffer.isBuffer(parts[parts.length - 1]) && /^\s*$/.test(between))) parts.push(between);
    const bytes = m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64') : qpBytes(m[3], true);
    const prev = parts[parts.length - 1];
    if (Buffer.isBuffer(prev)) parts[parts.length - 1] = Buffer.concat([prev, bytes]);
    else parts.push(bytes);
    last = re.lastIndex;
  }
  parts.push(value.slice(last));
  return parts.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : p)).join('');
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return qpBytes(body, false).toString('utf8');
  return body;
}

interface Mail {
  to: string[];
  subject: string;
  messageId: string;
  parts: Map<string, string>;
}

function parseMail(r: Received): Mail {
  const { headers, body } = splitHead(r.raw);
  const parts = new Map<string, string>();
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHead(chunk.replace(/^\r?\n/, ''));
      parts.set((part.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase(), decodeBody(part.headers, part.body));
    }
  } else {
    parts.set(type.split(';')[0].trim().toLowerCase(), decodeBody(headers, body));
  }
  return { to: r.to, subject: decodeHeader(headers.get('subject') ?? ''), messageId: headers.get('message-id') ?? '', parts };
}

// ---------------------------------------------------------------------------

const OFFICE = 'office@songjiang.example';
const STREET = 'maogang@example.com';

async function relay(t: TestApp): Promise<{ sent: number; retrying: number; failed: number }> {
  return (await t.http().post('/api/v1/jobs/notifications/run').send({}).expect(200)).body.result;
}

async function assessments(t: TestApp, asOf: string) {
  return (await t.http().post('/api/v1/jobs/assessments/run').send({ asOf }).expect(200)).body.result;
}

/** A world with one mid-term that is opened, reminded, escalated and found unqualified: four mails. */
async function world(t: TestApp): Promise<{ name: string; employerName: string; designationId: string }> {
  const given = new Given(t);
  await given.districtOffice([OFFICE]);
  const street = await given.organization({ name: '泖港镇', kind: 'street', contactEmails: [STREET] });
  const employer = await given.organization({ name: '上海泖港<精密>机械有限公司', kind: 'employer', creditCode: creditCode(), streetId: street.id });
  const talent = await given.talent({ employerId: employer.id, name: '张三' });
  const d = await given.designation({ talentId: talent.id, termStart: '2024-07-01' });
  return { name: '张三', employerName: String(employer.name), designationId: d.id };
}

async function recordUnqualified(t: TestApp, designationId: string): Promise<void> {
  const [task] = (await t.http().get(`/api/v1/assessments?designationId=${designationId}`).expect(200)).body.items;
  await t.http().post(`/api/v1/assessments/${task.id}/result`).send({ grade: 'unqualified', assessedOn: '2026-01-15' }).expect(200);
}

function countBy(mails: Mail[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of mails) for (const to of m.to) counts[`${to} ${m.subject}`] = (counts[`${to} ${m.subject}`] ?? 0) + 1;
  return counts;
}

describe('assessments: e-mails through the outbox relay and a real SMTP server', () => {
  it('sends Chinese mails with text and HTML parts, the programme and the person in the subject', async () => {
    const smtp = await startSmtp();
    // The clock stands on the day the result is recorded, after every job date.
    const t = await startTestApp({ clock: new TestClock('2026-01-16'), env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    try {
      const w = await world(t);
      await assessments(t, '2025-12-01');
      await assessments(t, '2025-12-24');
      await assessments(t, '2026-01-14');
      await recordUnqualified(t, w.designationId);
      expect(await relay(t)).toEqual({ sent: 4, retrying: 0, failed: 0 });
      expect(await relay(t)).toEqual({ sent: 0, retrying: 0, failed: 0 });

      const mails = smtp.received.map(parseMail);
      expect(mails).toHaveLength(4);
      const [task] = (await t.http().get(`/api/v1/assessments?designationId=${w.designationId}`).expect(200)).body.items;
      const bySubject = (prefix: string) => {
        const found = mails.filter((m) => m.subject.startsWith(prefix));
        expect([prefix, found.length]).toEqual([prefix, 1]);
        return found[0];
      };
      const opened = bySubject('【松江区首席技师】届中考核待办：');
      expect(opened.subject).toBe(`【松江区首席技师】届中考核待办：张三（${w.employerName}），截止 2025-12-31`);
      expect(opened.to).toEqual([STREET]);
      const reminder = bySubject('【松江区首席技师】届中考核即将截止：');
      expect(reminder.subject).toBe(`【松江区首席技师】届中考核即将截止：张三（${w.employerName}），截止 2025-12-31`);
      expect(reminder.to).toEqual([STREET]);
      const escalation = bySubject('【松江区首席技师】届中考核逾期 14 天：');
      expect(escalation.subject).toBe(`【松江区首席技师】届中考核逾期 14 天：张三（${w.employerName}）（组织单位：泖港镇）`);
      expect(escalation.to).toEqual([OFFICE]);
      const adjustment = bySubject('【松江区首席技师】动态调整待审核：');
      expect(adjustment.subject).toContain('张三');
      expect(adjustment.to).toEqual([OFFICE]);

      for (const m of mails) {
        expect(m.messageId).toMatch(/^<[0-9a-f-]{36}@songjiang-chief-technician>$/);
        const text = m.parts.get('text/plain');
        const html = m.parts.get('text/html');
        expect([m.subject, typeof text, typeof html]).toEqual([m.subject, 'string', 'string']);
        expect(text).toContain('张三');
        expect(html).toContain('张三');
        expect(html).toContain('<p>');
      }
      for (const m of [opened, reminder, escalation]) {
        expect(m.parts.get('text/plain')).toContain(`/api/v1/assessments/${task.id}`);
        expect(m.parts.get('text/plain')).toContain('2025-12-31');
        expect(m.parts.get('text/plain')).toContain(w.employerName);
        // The employer's name is escaped in HTML, never markup.
        expect(m.parts.get('text/html')).toContain('上海泖港&lt;精密&gt;机械有限公司');
        expect(m.parts.get('text/html')).not.toContain('<精密>');
      }
      expect(opened.parts.get('text/plain')).toMatch(/泖港镇：\r?\n\r?\n请组织首席技师届中考核/);
      expect(adjustment.parts.get('text/plain')).toContain('2026-01-15');
    } finally {
      await t.close();
      await smtp.close();
    }
  });

  it('keeps the mails while SMTP is down during the job, retries with backoff, and delivers each exactly once when it is back', async () => {
    const port = await deadPort();
    const database: TestDatabase = await createTestDatabase();
    const clock = new TestClock('2026-01-16');
    const down = await startTestApp({ database, clock, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_MAX_ATTEMPTS: '6', MAIL_RETRY_BASE_SECONDS: '60' } });
    let w: Awaited<ReturnType<typeof world>>;
    try {
      w = await world(down);
      await assessments(down, '2025-12-01');
      expect(await relay(down)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      await assessments(down, '2025-12-24');
      await assessments(down, '2026-01-01');
      await assessments(down, '2026-01-14');
      await recordUnqualified(down, w.designationId);
      // The opened mail waits 60 s; the three new ones are tried now.
      expect(await relay(down)).toEqual({ sent: 0, retrying: 3, failed: 0 });
      expect(await relay(down)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      clock.advance(61_000);
      expect(await relay(down)).toEqual({ sent: 0, retrying: 4, failed: 0 });
      const rows: Array<{ purpose: string; status: string; attempts: number; last_error: string }> = await down.db.query(
        `SELECT purpose, status, attempts, last_error FROM notifications ORDER BY created_at, id`,
      );
      expect(rows.map((r) => [r.purpose, r.status, r.attempts])).toEqual([
        ['assessment.opened', 'pending', 2],
        ['assessment.reminder', 'pending', 2],
        ['assessment.escalation', 'pending', 2],
        ['adjustment.proposed', 'pending', 2],
      ]);
      for (const r of rows) expect(r.last_error).toMatch(/ECONNREFUSED/);
      const pending = await down.http().get('/api/v1/notifications?status=pending').expect(200);
      expect(pending.body.items).toHaveLength(4);
      // Running the job again while SMTP is down adds nothing.
      for (const day of ['2025-12-01', '2025-12-24', '2026-01-14', '2026-01-15']) await assessments(down, day);
      expect(await down.db.query(`SELECT count(*)::int AS n FROM notifications`)).toEqual([{ n: 4 }]);
    } finally {
      await down.close();
    }

    // The same database, SMTP now answering.
    const smtp = await startSmtp();
    const up = await startTestApp({ database, clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    try {
      expect(await relay(up)).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
      expect(smtp.received).toHaveLength(0);
      clock.advance(10 * 60_000);
      expect(await relay(up)).toEqual({ sent: 4, retrying: 0, failed: 0 });
      expect(await relay(up)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      for (const day of ['2025-12-01', '2025-12-24', '2026-01-01', '2026-01-14', '2026-01-15']) await assessments(up, day);
      clock.advance(60 * 60_000);
      expect(await relay(up)).toEqual({ sent: 0, retrying: 0, failed: 0 });

      const mails = smtp.received.map(parseMail);
      expect(countBy(mails)).toEqual({
        [`${STREET} 【松江区首席技师】届中考核待办：张三（${w!.employerName}），截止 2025-12-31`]: 1,
        [`${STREET} 【松江区首席技师】届中考核即将截止：张三（${w!.employerName}），截止 2025-12-31`]: 1,
        [`${OFFICE} 【松江区首席技师】届中考核逾期 14 天：张三（${w!.employerName}）（组织单位：泖港镇）`]: 1,
        [`${OFFICE} ${mails.find((m) => m.subject.includes('动态调整待审核'))!.subject}`]: 1,
      });
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
      const sent = await up.http().get('/api/v1/notifications?status=sent').expect(200);
      expect(sent.body.items).toHaveLength(4);
      expect((await up.http().get('/api/v1/notifications?status=pending').expect(200)).body.items).toEqual([]);
    } finally {
      await up.close();
      await database.drop();
      await smtp.close();
    }
  });

  it('shows a mail that ran out of attempts as failed, and sends it after an admin retry', async () => {
    const port = await deadPort();
    const database = await createTestDatabase();
    const clock = new TestClock('2025-12-01');
    const down = await startTestApp({ database, clock, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_MAX_ATTEMPTS: '2', MAIL_RETRY_BASE_SECONDS: '1' } });
    let id: string;
    try {
      await world(down);
      await assessments(down, '2025-12-01');
      expect(await relay(down)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      clock.advance(2_000);
      expect(await relay(down)).toEqual({ sent: 0, retrying: 0, failed: 1 });
      const failed = await down.http().get('/api/v1/notifications?status=failed').expect(200);
      expect(failed.body.items).toEqual([expect.objectContaining({ purpose: 'assessment.opened', to: [STREET], status: 'failed', attempts: 2, lastError: expect.stringMatching(/ECONNREFUSED/) })]);
      expect(failed.body.items[0].subject).toMatch(/^【松江区首席技师】届中考核待办：张三/);
      id = failed.body.items[0].id;
      // The job running again does not duplicate the failed mail.
      await assessments(down, '2025-12-01');
      expect(await down.db.query(`SELECT count(*)::int AS n FROM notifications`)).toEqual([{ n: 1 }]);
    } finally {
      await down.close();
    }
    const smtp = await startSmtp();
    const up = await startTestApp({ database, clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    try {
      expect(await relay(up)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      await up.http().post(`/api/v1/notifications/${id!}/retry`).expect(200);
      expect(await relay(up)).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(await relay(up)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      const received = smtp.received.map(parseMail);
      expect(received.map((m) => m.to)).toEqual([[STREET]]);
      expect(received[0].subject).toMatch(/^【松江区首席技师】届中考核待办：张三（/);
    } finally {
      await up.close();
      await database.drop();
      await smtp.close();
    }
  });
});
