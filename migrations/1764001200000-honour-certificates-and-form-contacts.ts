import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 items 4 and 9.
 * - An honour keeps its certificate number (证书编号): the offices record 上海工匠
 *   from the certificate, and two awards of one title are told apart by it.
 * - A change request keeps the contact person and phone the filing union gives
 *   for the 管理变更申请表 (004 附件3). The phone is personal data: encrypted,
 *   with its mask beside it for roles that may not read it (SPEC §8).
 */
export class HonourCertificatesAndFormContacts1764001200000 implements MigrationInterface {
  name = 'HonourCertificatesAndFormContacts1764001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE honours ADD COLUMN certificate_number text CHECK (length(certificate_number) BETWEEN 1 AND 100)`);
    await q.query(`
      ALTER TABLE change_requests
        ADD COLUMN contact_name text CHECK (length(contact_name) BETWEEN 1 AND 50),
        ADD COLUMN contact_phone_enc text,
        ADD COLUMN contact_phone_masked text,
        ADD CONSTRAINT change_requests_contact_phone_sealed CHECK ((contact_phone_enc IS NULL) = (contact_phone_masked IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE change_requests DROP CONSTRAINT change_requests_contact_phone_sealed, DROP COLUMN contact_phone_masked, DROP COLUMN contact_phone_enc, DROP COLUMN contact_name`);
    await q.query(`ALTER TABLE honours DROP COLUMN certificate_number`);
  }
}
