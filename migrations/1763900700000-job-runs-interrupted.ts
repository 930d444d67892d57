import { MigrationInterface, QueryRunner } from 'typeorm';

/** A run whose process died records nothing; a later run of the same key marks it `interrupted`. */
export class JobRunsInterrupted1763900700000 implements MigrationInterface {
  name = 'JobRunsInterrupted1763900700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job_runs DROP CONSTRAINT job_runs_status_check`);
    await q.query(`ALTER TABLE job_runs ADD CONSTRAINT job_runs_status_check CHECK (status IN ('running','succeeded','failed','interrupted'))`);
    await q.query(`CREATE INDEX job_runs_key_running_idx ON job_runs (name, run_key) WHERE status = 'running'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX job_runs_key_running_idx`);
    await q.query(`UPDATE job_runs SET status = 'failed' WHERE status = 'interrupted'`);
    await q.query(`ALTER TABLE job_runs DROP CONSTRAINT job_runs_status_check`);
    await q.query(`ALTER TABLE job_runs ADD CONSTRAINT job_runs_status_check CHECK (status IN ('running','succeeded','failed'))`);
  }
}
