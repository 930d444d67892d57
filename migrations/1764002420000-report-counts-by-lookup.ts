import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: the reports' count of inserted designations joined the statement's
 * new rows to talents by hashing the whole talents table (a sequential scan of
 * every person, however few rows were inserted): 300–430 ms of a 10,000-row
 * import under load, and growing with the register. Each new row's talent is
 * now looked up by primary key (OFFSET 0 keeps the planner from turning the
 * lookup back into the hash join): 100–120 ms in the same runs (EXPLAIN
 * ANALYZE, 3 pairs in turn, embedded PostgreSQL 18, 110,000 talents). The counts
 * written are the same: an insert's counts are all positive, so the former
 * re-grouping and HAVING sum <> 0 changed nothing. Updates and deletes keep the
 * hash join: the status job updates whole cohorts, where hashing is the cheaper plan.
 */
export class ReportCountsByLookup1764002420000 implements MigrationInterface {
  name = 'ReportCountsByLookup1764002420000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION report_designation_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_designation_deltas (employer_id, cohort, status, n)
        SELECT t.employer_id, x.cohort, x.status, count(*)
          FROM new_rows x CROSS JOIN LATERAL (SELECT employer_id FROM talents WHERE id = x.talent_id OFFSET 0) t
         GROUP BY 1, 2, 3;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION report_designation_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_designation_deltas (employer_id, cohort, status, n)
        SELECT employer_id, cohort, status, sum(n) FROM (SELECT t.employer_id, x.cohort, x.status, count(*) FROM new_rows x JOIN talents t ON t.id = x.talent_id GROUP BY 1, 2, 3) AS d(employer_id, cohort, status, n)
         GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
        RETURN NULL;
      END $$`);
  }
}
