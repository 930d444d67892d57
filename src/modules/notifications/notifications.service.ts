import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../../core/http/pagination';
import { MailOutbox, noAddressError, Recipients } from '../../core/mail/mail-outbox.service';
import { AddressProblem, NotificationStatus, NotificationView } from './notification.views';


interface NotificationRow {
  id: string;
  purpose: string;
  to_addresses: string[];
  recipient: Exclude<Recipients, { addresses: string[] }> | null;
  subject: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** The row with what the list needs to say who the mail is for and what is missing. */
interface ListedRow extends NotificationRow {
  org_id: string | null;
  org_name: string | null;
  /** Addresses the recipient has now: the organisation's contacts, or the role's users with an e-mail. */
  addresses_now: number;
}

function view(r: NotificationRow, listed?: ListedRow): NotificationView {
  return {
    id: r.id,
    purpose: r.purpose,
    to: r.to_addresses,
    recipient: r.recipient && { ...r.recipient, ...(listed?.org_id ? { organizationId: listed.org_id, organizationName: listed.org_name } : {}) },
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastError: r.last_error,
    addressProblem: listed ? addressProblem(listed) : null,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
  };
}

function addressProblem(r: ListedRow): AddressProblem | null {
  if (r.status !== 'failed' || r.to_addresses.length > 0) return null;
  const rec = r.recipient;
  const base = { organizationId: r.org_id, organizationName: r.org_name, organizationKind: null, role: null, fixed: r.addresses_now > 0 };
  if (rec === null) return { ...base, code: 'UNKNOWN_RECIPIENT', fixed: false };
  if ('role' in rec) return { ...base, code: 'ROLE_WITHOUT_EMAIL', role: rec.role };
  const kind = 'organizationKind' in rec ? rec.organizationKind : null;
  if (r.org_id === null) return { ...base, code: 'NO_ORGANIZATION_OF_KIND', organizationKind: kind, fixed: false };
  return { ...base, code: 'ORGANIZATION_WITHOUT_CONTACT', organizationKind: kind };
}

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outbox: MailOutbox,
  ) {}

  async list(query: PageQuery & { status?: NotificationStatus }): Promise<Page<NotificationView>> {
    const limit = pageSize(query);
    const [afterAt, afterId] = decodeCursor(query.cursor, 2) ?? [];
    // The recipient organisation (by id, or the one of its kind) and how many addresses it has now.
    const rows: ListedRow[] = await this.db.query(
      `SELECT n.*, o.id AS org_id, o.name AS org_name,
              CASE WHEN n.recipient ? 'role' THEN (SELECT count(*) FROM users u WHERE u.role = n.recipient->>'role' AND u.email IS NOT NULL)
                   ELSE coalesce(cardinality(o.contact_emails), 0) END::int AS addresses_now
         FROM notifications n
         LEFT JOIN LATERAL (SELECT id, name, contact_emails FROM organizations
                             WHERE id::text = n.recipient->>'organizationId' OR kind = n.recipient->>'organizationKind'
                             ORDER BY created_at, id LIMIT 1) o ON true
        WHERE ($1::text IS NULL OR n.status = $1)
          AND ($2::timestamptz IS NULL OR (n.created_at, n.id) < ($2, $3::uuid))
        ORDER BY n.created_at DESC, n.id DESC LIMIT $4`,
      [query.status ?? null, afterAt ?? null, afterId ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], (r) => view(r, r));
  }

  /**
   * A failed (or waiting) mail goes back to the front of the queue with a fresh
   * set of attempts, to its recipients as they are now (SPEC §3.7): a mail that
   * still has nobody to go to is 422 and stays as it was.
   */
  async retry(id: string): Promise<NotificationView> {
    return this.db.transaction(async (manager) => {
      const [before]: NotificationRow[] = await manager.query(`SELECT * FROM notifications WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw new NotFoundError('notification', id);
      if (before.status === 'sent') throw new ConflictError('NOTIFICATION_SENT', 'the notification was already sent');
      const addresses = before.recipient ? await this.outbox.addressesOf(manager, before.recipient) : before.to_addresses;
      if (addresses.length === 0) {
        throw new RuleViolationError('NOTIFICATION_UNADDRESSABLE', `${before.recipient ? noAddressError(before.recipient) : 'the mail has no address'}: add one (e.g. the organisation's contactEmails with PATCH /organizations/{id}), then retry`);
      }
      const [[after]]: [NotificationRow[]] = await manager.query(
        `UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = NULL, to_addresses = $3 WHERE id = $1 RETURNING *`,
        [id, this.clock.now(), addresses],
      );
      await this.audit.record(manager, {
        action: 'notification.retried',
        entityType: 'notification',
        entityId: id,
        before: { status: before.status, attempts: before.attempts, to: before.to_addresses },
        after: { status: after.status, attempts: after.attempts, to: after.to_addresses },
      });
      return view(after);
    });
  }
}
