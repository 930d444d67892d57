import { MigrationInterface, QueryRunner } from 'typeorm';

const STAGES_PART_1 = `'submitted','recommended','declined','eligible','ineligible','scoring','shortlisted','publicised','named'`;

/**
 * Issue 17, SPEC §3.8 steps 4–7: the experts of a round, their 附件3 sheets,
 * the shortlist's reason, the publicity's days, objections and naming.
 *
 * Each sheet item is a column with its maximum as a CHECK, so no code path
 * (the form, the paper import) can store an out-of-range score. An upheld
 * objection moves the application to the stage `removed`.
 */
export class ExpertReview1764001510000 implements MigrationInterface {
  name = 'ExpertReview1764001510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE selection_applications DROP CONSTRAINT selection_applications_stage_check`);
    await q.query(`ALTER TABLE selection_applications ADD CONSTRAINT selection_applications_stage_check CHECK (stage IN (${STAGES_PART_1},'removed'))`);
    await q.query(`ALTER TABLE selection_applications ADD COLUMN designation_id uuid REFERENCES designations(id)`);

    await q.query(`ALTER TABLE selection_rounds ADD COLUMN scoring_closed_at timestamptz(3)`);
    await q.query(`ALTER TABLE selection_rounds ADD COLUMN shortlist_reason text`);
    await q.query(`ALTER TABLE selection_rounds ADD COLUMN shortlisted_at timestamptz(3)`);
    await q.query(`ALTER TABLE selection_rounds ADD COLUMN publicity_starts_on date`);
    await q.query(`ALTER TABLE selection_rounds ADD COLUMN publicity_ends_on date`);
    await q.query(`ALTER TABLE selection_rounds ADD COLUMN designated_on date`);
    await q.query(`ALTER TABLE selection_rounds ADD COLUMN named_at timestamptz(3)`);
    await q.query(`ALTER TABLE selection_rounds ADD CONSTRAINT selection_rounds_publicity_days CHECK (publicity_ends_on >= publicity_starts_on)`);

    await q.query(`
      CREATE TABLE selection_round_experts (
        round_id uuid NOT NULL REFERENCES selection_rounds(id),
        expert_id uuid NOT NULL REFERENCES users(id),
        -- The office's order, for the score table's columns.
        position int NOT NULL,
        assigned_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (round_id, expert_id)
      )`);
    await q.query(`CREATE INDEX selection_round_experts_expert_idx ON selection_round_experts (expert_id)`);

    await q.query(`
      CREATE TABLE selection_scores (
        application_id uuid NOT NULL REFERENCES selection_applications(id),
        expert_id uuid NOT NULL REFERENCES users(id),
        a1 smallint NOT NULL CHECK (a1 BETWEEN 0 AND 5),
        a2 smallint NOT NULL CHECK (a2 BETWEEN 0 AND 5),
        a3 smallint NOT NULL CHECK (a3 BETWEEN 0 AND 10),
        b1 smallint NOT NULL CHECK (b1 BETWEEN 0 AND 10),
        b2 smallint NOT NULL CHECK (b2 BETWEEN 0 AND 10),
        b3 smallint NOT NULL CHECK (b3 BETWEEN 0 AND 10),
        c1 smallint NOT NULL CHECK (c1 BETWEEN 0 AND 10),
        c2 smallint NOT NULL CHECK (c2 BETWEEN 0 AND 10),
        d smallint NOT NULL CHECK (d BETWEEN 0 AND 5),
        e smallint NOT NULL CHECK (e BETWEEN 0 AND 5),
        f smallint NOT NULL CHECK (f BETWEEN 0 AND 10),
        g smallint NOT NULL CHECK (g BETWEEN 0 AND 5),
        h smallint NOT NULL CHECK (h BETWEEN 0 AND 5),
        total smallint GENERATED ALWAYS AS (a1 + a2 + a3 + b1 + b2 + b3 + c1 + c2 + d + e + f + g + h) STORED,
        opinion text NOT NULL CHECK (length(opinion) BETWEEN 1 AND 2000),
        source text NOT NULL CHECK (source IN ('form','paper')),
        scored_at timestamptz(3) NOT NULL,
        PRIMARY KEY (application_id, expert_id)
      )`);
    await q.query(`CREATE INDEX selection_scores_expert_idx ON selection_scores (expert_id)`);

    await q.query(`
      CREATE TABLE selection_objections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES selection_applications(id),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
        upheld boolean NOT NULL,
        recorded_on date NOT NULL,
        recorded_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX selection_objections_application_idx ON selection_objections (application_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE selection_objections, selection_scores, selection_round_experts`);
    for (const c of ['scoring_closed_at', 'shortlist_reason', 'shortlisted_at', 'publicity_starts_on', 'publicity_ends_on', 'designated_on', 'named_at']) {
      await q.query(`ALTER TABLE selection_rounds DROP COLUMN ${c} CASCADE`);
    }
    await q.query(`ALTER TABLE selection_applications DROP COLUMN designation_id`);
    await q.query(`UPDATE selection_applications SET stage = 'shortlisted' WHERE stage = 'removed'`);
    await q.query(`ALTER TABLE selection_applications DROP CONSTRAINT selection_applications_stage_check`);
    await q.query(`ALTER TABLE selection_applications ADD CONSTRAINT selection_applications_stage_check CHECK (stage IN (${STAGES_PART_1}))`);
  }
}
