import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { ConflictError, NotFoundError } from '../../core/errors/domain-error';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../../core/http/pagination';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

interface NotificationRow {
  id: string;
  purpose: string;
  to_addresses: string[];
  subject: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface NotificationView {
  id: string;
  purpose: string;
  to: string[];
  subject: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

function view(r: NotificationRow): NotificationView {
  return {
    id: r.id,
    purpose: r.purpose,
    to: r.to_addresses,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
  };
}

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: PageQuery & { status?: NotificationStatus }): Promise<Page<NotificationView>> {
    const limit = pageSize(query);
    const [afterAt, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const rows: NotificationRow[] = await this.db.query(
      `SELECT * FROM notifications
        WHERE ($1::text IS NULL OR status = $1)
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [query.status ?? null, afterAt ?? null, afterId ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], view);
  }

  /** A failed (or waiting) mail goes back to the front of the queue with a fresh set of attempts. */
  async retry(id: string): Promise<NotificationView> {
    return this.db.transaction(async (manager) => {
      const [before]: NotificationRow[] = await manager.query(`SELECT * FROM notifications WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw new NotFoundError('notification', id);
      if (before.status === 'sent') throw new ConflictError('NOTIFICATION_SENT', 'the notification was already sent');
      const [[after]]: [NotificationRow[]] = await manager.query(
        `UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = NULL WHERE id = $1 RETURNING *`,
        [id, this.clock.now()],
      );
      await this.audit.record(manager, {
        action: 'notification.retried',
        entityType: 'notification',
        entityId: id,
        before: { status: before.status, attempts: before.attempts },
        after: { status: after.status, attempts: after.attempts },
      });
      return view(after);
    });
  }
}
