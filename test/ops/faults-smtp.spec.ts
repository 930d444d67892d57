import { MailOutbox } from '../../src/core/mail/mail-outbox.service';
import { Cleanup } from '../support/ops-processes';
import { FlakySmtp, startFlakySmtp } from '../support/ops-smtp';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { createTestDatabase } from '../support/test-database';

/**
 * Issue 7 item 2, SMTP refusing: an SMTP server that answers but refuses —
 * 421 at the greeting, then 451 after taking the whole message for some
 * recipients — while two relays (two app instances on one database, as two
 * workers are) work through the outbox in small batches. Every mail is
 * retried with the documented backoff (base × 2^(attempt-1)), none is lost,
 * and once the server accepts, each arrives exactly once.
 */

const BASE_SECONDS = 60;
const MAILS = 20;

type RelayResult = { sent: number; retrying: number; failed: number };

describe('faults: SMTP refusing', () => {
  const cleanup = new Cleanup();
  let smtp: FlakySmtp;
  let relays: TestApp[];
  const clocks = [new TestClock('2026-03-02'), new TestClock('2026-03-02')];

  beforeAll(async () => {
    smtp = await startFlakySmtp({ mode: 'refuse-connection' });
    cleanup.add(() => smtp.close());
    const database = await createTestDatabase();
    cleanup.add(() => database.drop());
    relays = [];
    for (const clock of clocks) {
      const t = await startTestApp({
        database,
        clock,
        queue: false,
        env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_RETRY_BASE_SECONDS: String(BASE_SECONDS), MAIL_MAX_ATTEMPTS: '8', MAIL_BATCH_SIZE: '3' },
      });
      cleanup.add(() => t.close());
      relays.push(t);
    }
  });
  afterAll(() => cleanup.run());

  const advance = (seconds: number) => clocks.forEach((c) => c.advance(seconds * 1000));
  /** Both relays at once, as two workers' ticks would be. */
  const relayTogether = async (): Promise<RelayResult> => {
    const results = await Promise.all(relays.map(async (t) => (await t.http().post('/api/v1/jobs/notifications/run').send({}).expect(200)).body.result as RelayResult));
    return results.reduce((a, b) => ({ sent: a.sent + b.sent, retrying: a.retrying + b.retrying, failed: a.failed + b.failed }));
  };
  const state = async () =>
    (
      await relays[0].db.query(
        `SELECT to_addresses[1] AS to, status, attempts, extract(epoch FROM next_attempt_at)::bigint AS next_at, last_error IS NOT NULL AS has_error FROM notifications ORDER BY to_addresses[1]`,
      )
    ).map((r: { next_at: string }) => ({ ...r, next_at: Number(r.next_at) }));

  it('retries refused mails with backoff from two relays, loses none and sends none twice', async () => {
    const outbox = relays[0].app.get(MailOutbox);
    const ids: string[] = [];
    for (let i = 0; i < MAILS; i++) {
      const to = `${i % 2 === 0 ? 'even' : 'odd'}-${String(i).padStart(2, '0')}@songjiang.example`;
      await relays[0].db.transaction((m) => outbox.enqueue(m, { purpose: 'test.fault', dedupeKey: `fault-${i}`, to: { addresses: [to] }, subject: `【松江区首席技师】测试 ${i}`, text: `第 ${i} 封` }));
    }
    for (const r of await relays[0].db.query(`SELECT id FROM notifications ORDER BY id`)) ids.push(r.id);
    const t0 = Math.floor(clocks[0].now().getTime() / 1000);

    // 1. The server refuses every connection: every mail is tried once and waits BASE seconds.
    expect(await relayTogether()).toEqual({ sent: 0, retrying: MAILS, failed: 0 });
    expect(smtp.accepted).toHaveLength(0);
    expect(smtp.refused).toBeGreaterThanOrEqual(MAILS);
    let rows = await state();
    expect(rows.every((r: { status: string; attempts: number; next_at: number; has_error: boolean }) => r.status === 'pending' && r.attempts === 1 && r.next_at === t0 + BASE_SECONDS && r.has_error)).toBe(
      true,
    );
    // Not due yet: nobody tries before the backoff is over.
    advance(BASE_SECONDS - 1);
    expect(await relayTogether()).toEqual({ sent: 0, retrying: 0, failed: 0 });

    // 2. The server answers now, takes each message and refuses it (451) for the odd recipients.
    smtp.behave({ mode: 'refuse-after-data', when: (to) => to.some((a) => a.startsWith('odd-')) });
    advance(1);
    expect(await relayTogether()).toEqual({ sent: MAILS / 2, retrying: MAILS / 2, failed: 0 });
    rows = await state();
    const t1 = t0 + BASE_SECONDS;
    for (const r of rows) {
      if (r.to.startsWith('even-')) expect(r).toMatchObject({ status: 'sent', attempts: 2 });
      else expect(r).toMatchObject({ status: 'pending', attempts: 2, next_at: t1 + 2 * BASE_SECONDS, has_error: true });
    }
    advance(2 * BASE_SECONDS - 1);
    expect(await relayTogether()).toEqual({ sent: 0, retrying: 0, failed: 0 });

    // 3. The server accepts again: the rest go out, once.
    smtp.behave({ mode: 'accept' });
    advance(1);
    expect(await relayTogether()).toEqual({ sent: MAILS / 2, retrying: 0, failed: 0 });
    expect(await relayTogether()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    rows = await state();
    expect(rows.map((r: { status: string; attempts: number; to: string }) => [r.to.slice(0, 4), r.status, r.attempts])).toEqual(
      Array.from({ length: MAILS }, (_v, i) => [i % 2 === 0 ? 'even' : 'odd-', 'sent', i % 2 === 0 ? 2 : 3]).sort(),
    );
    // Each mail reached the server exactly once, under its own stable Message-ID.
    const delivered = smtp.accepted.map((m) => m.messageId!.replace('@songjiang-chief-technician', '')).sort();
    expect(delivered).toEqual([...ids].sort());
    const listed = (await relays[1].http().get('/api/v1/notifications?status=sent&limit=100').expect(200)).body.items;
    expect(listed).toHaveLength(MAILS);
  });
});
