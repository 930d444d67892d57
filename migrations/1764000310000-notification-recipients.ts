import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mail keeps whom it was addressed to (a role, an organisation, the office of
 * a kind), not only the addresses found when it was written, so that a retry
 * looks them up again (issue 12 item 6). Mails that failed for want of an
 * address before this column existed get it back from their error text.
 */
export class NotificationRecipients1764000310000 implements MigrationInterface {
  name = 'NotificationRecipients1764000310000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN recipient jsonb`);
    await q.query(`
      UPDATE notifications
         SET recipient = CASE
               WHEN m[1] = 'organisation' THEN jsonb_build_object('organizationId', m[2])
               WHEN m[1] = 'role' THEN jsonb_build_object('role', m[2])
               ELSE jsonb_build_object('organizationKind', m[2]) END
        FROM (SELECT id AS nid, regexp_match(last_error, '^no e-mail address for (organisation|role|organisations of kind) (\\S+)$') AS m
                FROM notifications WHERE status = 'failed' AND cardinality(to_addresses) = 0) found
       WHERE notifications.id = found.nid AND found.m IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP COLUMN recipient`);
  }
}
