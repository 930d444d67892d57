import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import type { Role } from '../context/request-context';

export type Recipients =
  | { role: Role }
  | { organizationId: string }
  /** The one organisation of a kind, e.g. the district office (one per kind by a unique index). */
  | { organizationKind: string }
  | { addresses: string[] };

export interface MailMessage {
  /** What the mail is for, e.g. 'assessment.opened'. */
  purpose: string;
  /** Same key, same mail: a second enqueue with it is a no-op (exactly-once by constraint). */
  dedupeKey?: string;
  to: Recipients;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Writes a mail into the notifications table through the caller's transaction:
 * the mail exists if and only if the change that caused it committed.
 */
@Injectable()
export class MailOutbox {
  constructor(private readonly clock: Clock) {}

  async enqueue(manager: EntityManager, message: MailMessage): Promise<boolean> {
    const addresses = await this.addressesOf(manager, message.to);
    const rows: unknown[] = await manager.query(
      `INSERT INTO notifications (purpose, dedupe_key, to_addresses, subject, text_body, html_body, status, last_error, next_attempt_at, recipient)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [
        message.purpose,
        message.dedupeKey ?? null,
        addresses,
        message.subject,
        message.text,
        message.html ?? null,
        addresses.length > 0 ? 'pending' : 'failed',
        addresses.length > 0 ? null : noAddressError(message.to),
        this.clock.now(),
        'addresses' in message.to ? null : JSON.stringify(message.to),
      ],
    );
    return rows.length > 0;
  }

  /**
   * The addresses of the recipients now: at enqueue, and again at every retry
   * (an organisation's contacts may have been corrected meanwhile).
   */
  async addressesOf(manager: EntityManager, to: Recipients): Promise<string[]> {
    if ('addresses' in to) return unique(to.addresses);
    if ('role' in to) {
      const rows: Array<{ email: string }> = await manager.query(`SELECT email FROM users WHERE role = $1 AND email IS NOT NULL ORDER BY email`, [to.role]);
      return unique(rows.map((r) => r.email));
    }
    // By kind: the one organisation of it (the oldest, should a unique index ever be missing).
    const [where, value] = 'organizationId' in to ? ['id = $1::uuid', to.organizationId] : ['kind = $1', to.organizationKind];
    const rows: Array<{ contact_emails: string[] }> = await manager.query(`SELECT contact_emails FROM organizations WHERE ${where} ORDER BY created_at, id LIMIT 1`, [value]);
    return unique(rows.flatMap((r) => r.contact_emails));
  }
}

/** The error text a mail without addresses keeps (the notifications list explains it per recipient). */
export function noAddressError(to: Recipients): string {
  return `no e-mail address for ${describe(to)}`;
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => a.length > 0))];
}

function describe(to: Recipients): string {
  if ('role' in to) return `role ${to.role}`;
  if ('organizationId' in to) return `organisation ${to.organizationId}`;
  if ('organizationKind' in to) return `organisations of kind ${to.organizationKind}`;
  return 'the given addresses';
}
