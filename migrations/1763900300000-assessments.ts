import { MigrationInterface, QueryRunner } from 'typeorm';

export class Assessments1763900300000 implements MigrationInterface {
  name = 'Assessments1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        designation_id uuid NOT NULL REFERENCES designations(id),
        kind text NOT NULL CHECK (kind IN ('mid_term','end_term')),
        organizer_id uuid NOT NULL REFERENCES organizations(id),
        opens_on date NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','overdue','done','cancelled')),
        grade text CHECK (grade IN ('excellent','qualified','basically_qualified','unqualified')),
        score numeric(5,2) CHECK (score BETWEEN 0 AND 100),
        comments text,
        assessed_on date,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz(3),
        cancelled_reason text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        -- SPEC §3.4: one task per designation and kind, ever.
        CONSTRAINT assessment_tasks_once UNIQUE (designation_id, kind),
        CONSTRAINT assessment_tasks_result CHECK ((status = 'done') = (grade IS NOT NULL AND assessed_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX assessment_tasks_organizer_idx ON assessment_tasks (organizer_id, created_at, id)`);
    await q.query(`CREATE INDEX assessment_tasks_list_idx ON assessment_tasks (created_at, id)`);
    await q.query(`CREATE INDEX assessment_tasks_live_idx ON assessment_tasks (due_on) WHERE status IN ('open','overdue')`);

    // A suspension closes the designation's open tasks at once, whatever suspended it.
    await q.query(`
      CREATE FUNCTION assessment_tasks_cancel_on_suspension() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH cancelled AS (
          UPDATE assessment_tasks SET status = 'cancelled', cancelled_reason = '命名已中止（自 ' || NEW.suspended_from || ' 起）'
           WHERE designation_id = NEW.id AND status IN ('open','overdue')
          RETURNING id, kind
        )
        INSERT INTO designation_events (designation_id, on_date, kind, summary, data)
        SELECT NEW.id, NEW.suspended_from, 'assessment_cancelled',
               CASE kind WHEN 'mid_term' THEN '届中考核' ELSE '届满考核' END || '任务取消：命名自 ' || NEW.suspended_from || ' 起中止',
               jsonb_build_object('assessmentId', id, 'assessmentKind', kind)
          FROM cancelled;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER designations_cancel_assessments AFTER UPDATE OF status ON designations
      FOR EACH ROW WHEN (NEW.status = 'suspended' AND OLD.status IS DISTINCT FROM 'suspended')
      EXECUTE FUNCTION assessment_tasks_cancel_on_suspension()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER designations_cancel_assessments ON designations`);
    await q.query(`DROP FUNCTION assessment_tasks_cancel_on_suspension()`);
    await q.query(`DROP TABLE assessment_tasks`);
  }
}
