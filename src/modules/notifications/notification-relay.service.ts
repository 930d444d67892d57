import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { MailTransport } from '../../core/mail/mail-transport';

interface ClaimedRow {
  id: string;
  to_addresses: string[];
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
        RETURNING id, to_addresses, subject, text_body, html_body, attempts`,
      [now, this.config.mail.batchSize, LEASE_SECONDS],
    );
    return rows as ClaimedRow[];
  }

  private async deliver(row: ClaimedRow): Promise<keyof RelayResult> {
    try {
      await this.transport.send({ id: row.id, to: row.to_addresses, subject: row.subject, text: row.text_body, html: row.html_body });
    } catch (error) {
      return this.recordFailure(row, error instanceof Error ? error.message : String(error));
    }
    await this.db.query(
      `UPDATE notifications SET status = 'sent', sent_at = $2, attempts = attempts + 1, lease_until = NULL, last_error = NULL WHERE id = $1`,
      [row.id, this.clock.now()],
    );
    return 'sent';
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
