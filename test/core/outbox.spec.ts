import { deadPort, startSmtp } from '../support/smtp';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MailOutbox } from '../../src/core/mail/mail-outbox.service';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';




async function enqueue(t: TestApp, dedupeKey?: string): Promise<boolean> {
  const outbox = t.app.get(MailOutbox);
  return t.db.transaction((m) =>
    outbox.enqueue(m, {
      purpose: 'test.hello',
      dedupeKey,
      to: { addresses: ['Office@Example.com'] },
      subject: '【松江区首席技师】测试邮件',
      text: '您好，这是一封测试邮件。',
      html: '<p>您好，这是一封测试邮件。</p>',
    }),
  );
}

async function relay(t: TestApp) {
  const res = await t.http().post('/api/v1/jobs/notifications/run').send({}).expect(200);
  return res.body.result as { sent: number; retrying: number; failed: number };
}

describe('mail outbox and relay', () => {
  it('writes each mail as an .eml file when SMTP_URL is unset, once', async () => {
    const t = await startTestApp();
    try {
      expect(await enqueue(t, 'hello-1')).toBe(true);
      expect(await enqueue(t, 'hello-1')).toBe(false);
      expect(await relay(t)).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(await relay(t)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      const files = await readdir(join(t.config.dataDir, 'outbox'));
      expect(files).toHaveLength(1);
      const eml = await readFile(join(t.config.dataDir, 'outbox', files[0]), 'utf8');
      expect(eml).toMatch(/^To: office@example\.com$/m);
      expect(eml).toMatch(/^Subject: =\?UTF-8\?/m);
      const sent = await t.http().get('/api/v1/notifications?status=sent').expect(200);
      expect(sent.body.items).toHaveLength(1);
      expect(sent.body.items[0]).toMatchObject({ purpose: 'test.hello', status: 'sent', attempts: 1, to: ['office@example.com'] });
    } finally {
      await t.close();
    }
  });

  it('keeps a mail when SMTP is down, retries it later with backoff, and delivers it once SMTP is back', async () => {
    const port = await deadPort();
    const database = await createTestDatabase();
    const t = await startTestApp({ database, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_MAX_ATTEMPTS: '5', MAIL_RETRY_BASE_SECONDS: '60' } });
    try {
      await enqueue(t);
      expect(await relay(t)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      // Not due yet: the first retry waits 60 s.
      expect(await relay(t)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      const [row] = await t.db.query(`SELECT status, attempts, last_error, next_attempt_at FROM notifications`);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
      expect(new Date(row.next_attempt_at).getTime() - t.clock.now().getTime()).toBe(60_000);
      t.clock.advance(61_000);
      expect(await relay(t)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      const [again] = await t.db.query(`SELECT attempts, next_attempt_at FROM notifications`);
      expect(again.attempts).toBe(2);
      expect(new Date(again.next_attempt_at).getTime() - t.clock.now().getTime()).toBe(120_000);
    } finally {
      await t.close();
    }
    // The same database, now with an SMTP server listening: the mail arrives once.
    const smtp = await startSmtp();
    const t2 = await startTestApp({ database, clock: t.clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    try {
      t2.clock.advance(121_000);
      expect(await relay(t2)).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(await relay(t2)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].to).toEqual(['office@example.com']);
      expect(smtp.received[0].raw).toMatch(/Message-ID:\s+<[0-9a-f-]{36}@songjiang-chief-technician>/i);
    } finally {
      await t2.close();
      await database.drop();
      await smtp.close();
    }
  });

  it('marks a mail failed after the last attempt, shows it, and sends it after an admin retry', async () => {
    const port = await deadPort();
    const t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_MAX_ATTEMPTS: '2', MAIL_RETRY_BASE_SECONDS: '1' } });
    try {
      await enqueue(t);
      expect(await relay(t)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      t.clock.advance(2_000);
      expect(await relay(t)).toEqual({ sent: 0, retrying: 0, failed: 1 });
      const failed = await t.http().get('/api/v1/notifications?status=failed').expect(200);
      expect(failed.body.items).toHaveLength(1);
      expect(failed.body.items[0].lastError).toMatch(/ECONNREFUSED/);
      const retried = await t.http().post(`/api/v1/notifications/${failed.body.items[0].id}/retry`).expect(200);
      expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
      const audit = await t.http().get(`/api/v1/audit-events?entityType=notification&entityId=${failed.body.items[0].id}`).expect(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'notification.retried', actor: expect.stringMatching(/^user:/) });
    } finally {
      await t.close();
    }
  });

  it('does not write a mail whose transaction rolled back', async () => {
    const t = await startTestApp();
    try {
      const outbox = t.app.get(MailOutbox);
      await expect(
        t.db.transaction(async (m) => {
          await outbox.enqueue(m, { purpose: 'test.rollback', to: { addresses: ['a@example.com'] }, subject: 's', text: 't' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await t.db.query(`SELECT count(*)::int AS n FROM notifications`)).toEqual([{ n: 0 }]);
    } finally {
      await t.close();
    }
  });

  it('resolves a role to its users’ addresses and an organisation to its contact addresses', async () => {
    const t = await startTestApp();
    try {
      await t.http().post('/api/v1/users').send({ name: '财务甲', role: 'finance', email: 'f1@example.com' }).expect(201);
      await t.http().post('/api/v1/users').send({ name: '财务乙', role: 'finance', email: 'f2@example.com' }).expect(201);
      const street = await t.http().post('/api/v1/organizations').send({ name: '永丰街道', kind: 'street', contactEmails: ['yf@example.com'] }).expect(201);
      const outbox = t.app.get(MailOutbox);
      await t.db.transaction(async (m) => {
        await outbox.enqueue(m, { purpose: 'to.role', to: { role: 'finance' }, subject: 's', text: 't' });
        await outbox.enqueue(m, { purpose: 'to.org', to: { organizationId: street.body.id }, subject: 's', text: 't' });
        await outbox.enqueue(m, { purpose: 'to.nobody', to: { role: 'city_office' }, subject: 's', text: 't' });
      });
      const rows = await t.db.query(`SELECT purpose, to_addresses, status FROM notifications ORDER BY purpose`);
      expect(rows).toEqual([
        { purpose: 'to.nobody', to_addresses: [], status: 'failed' },
        { purpose: 'to.org', to_addresses: ['yf@example.com'], status: 'pending' },
        { purpose: 'to.role', to_addresses: ['f1@example.com', 'f2@example.com'], status: 'pending' },
      ]);
    } finally {
      await t.close();
    }
  });
});
