import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §3.6: the 管理变更申请表 (004 附件3) has 人数 and 工作室地址, kept on the
 * workshop. Given when the workshop is named, or by the unit union when it
 * files a request (it fills in the form); unknown for workshops named before.
 */
export class WorkshopSizeAndAddress1764001210000 implements MigrationInterface {
  name = 'WorkshopSizeAndAddress1764001210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workshops
        ADD COLUMN member_count integer CHECK (member_count BETWEEN 1 AND 100000),
        ADD COLUMN address text CHECK (length(address) BETWEEN 1 AND 200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workshops DROP COLUMN address, DROP COLUMN member_count`);
  }
}
