import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { MailOutbox, noAddressError, Recipients } from '../../core/mail/mail-outbox.service';
import { MailTransport } from '../../core/mail/mail-transport';

interface ClaimedRow {
  id: string;
  to_addresses: string[];
  recipient: Recipients | null;
  subject: string;
  text_body: string;
  html_body: string | null;
  attempts: number;
}

export interface RelayResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** A claimed row stays invisible to other relays for this long, so two relays never send it together. */
const LEASE_SECONDS = 120;

@Injectable()
export class NotificationRelayService {
  private readonly logger = new Logger('Mail');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transport: MailTransport,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends what is due until nothing is left; each failure waits base × 2^attempts before the next try. */
  async relay(): Promise<RelayResult> {
    const total: RelayResult = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return total;
      for (const row of batch) total[await this.deliver(row)]++;
    }
  }

  private async claim(): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    const [rows] = await this.db.query(
      `UPDATE notifications SET lease_until = $1::timestamptz + make_interval(secs => $3)
        WHERE id IN (SELECT id FROM notifications
                      WHERE status = 'pending' AND next_attempt_at <= $1
                        AND (lease_until IS NULL OR lease_until < $1)
                      ORDER BY next_attempt_at LIMIT $2
                      FOR UPDATE SKIP LOCKED)
        RETURNING id, to_addresses, recipient, subject, text_body, html_body, attempts`,
      [now, this.config.mail.batchSize, LEASE_SECONDS],
    );
    return rows as ClaimedRow[];
  }

  private async deliver(row: ClaimedRow): Promise<keyof RelayResult> {
    // Each attempt goes to the recipients as they are now: a corrected contact address counts from the next try.
    const to = row.recipient ? await this.outbox.addressesOf(this.db.manager, row.recipient) : row.to_addresses;
    if (to.length === 0) return this.recordUnaddressable(row);
    try {
      await this.transport.send({ id: row.id, to, subject: row.subject, text: row.text_body, html: row.html_body });
    } catch (error) {
      return this.recordFailure(row, error instanceof Error ? error.message : String(error));
    }
    await this.db.query(
      `UPDATE notifications SET status = 'sent', sent_at = $2, attempts = attempts + 1, lease_until = NULL, last_error = NULL, to_addresses = $3 WHERE id = $1`,
      [row.id, this.clock.now(), to],
    );
    return 'sent';
  }

  /** Nobody to send to: trying again cannot help until someone adds an address, so it fails now and waits for a retry. */
  private async recordUnaddressable(row: ClaimedRow): Promise<'failed'> {
    await this.db.query(
      `UPDATE notifications SET status = 'failed', attempts = attempts + 1, lease_until = NULL, last_error = $2, to_addresses = '{}' WHERE id = $1`,
      [row.id, row.recipient ? noAddressError(row.recipient) : 'no e-mail address given'],
    );
    this.logger.warn({ notificationId: row.id }, 'mail has no address');
    return 'failed';
  }

  private async recordFailure(row: ClaimedRow, message: string): Promise<'retrying' | 'failed'> {
    const attempts = row.attempts + 1;
    const giveUp = attempts >= this.config.mail.maxAttempts;
    const delaySeconds = this.config.mail.retryBaseSeconds * 2 ** (attempts - 1);
    await this.db.query(
      `UPDATE notifications
          SET attempts = $2, last_error = $3, lease_until = NULL,
              status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END,
              next_attempt_at = $5::timestamptz + make_interval(secs => $6)
        WHERE id = $1`,
      [row.id, attempts, message.slice(0, 1000), giveUp, this.clock.now(), delaySeconds],
    );
    this.logger.warn({ notificationId: row.id, attempts, giveUp }, 'mail not sent');
    return giveUp ? 'failed' : 'retrying';
  }
}
