import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, SPEC §3.4: the district office corrects a recorded result with a
 * reason. The task keeps the corrected result; the latest correction's who,
 * when and why are kept beside it (every correction, with the result before
 * it, is in the audit log).
 */
export class AssessmentCorrections1764001100000 implements MigrationInterface {
  name = 'AssessmentCorrections1764001100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessment_tasks ADD COLUMN corrected_at timestamptz, ADD COLUMN corrected_by uuid REFERENCES users(id), ADD COLUMN correction_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessment_tasks DROP COLUMN corrected_at, DROP COLUMN corrected_by, DROP COLUMN correction_reason`);
  }
}
