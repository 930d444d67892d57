import { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1763900200000 implements MigrationInterface {
  name = 'Payments1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_periods (
        period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        runs integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_run_at timestamptz(3),
        closed_at timestamptz(3),
        closed_by uuid REFERENCES users(id)
      )`);

    // The ledger: append-only. A correction is a new line, never an edit.
    await q.query(`
      CREATE TABLE payment_lines (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- The period, the designation and the payees are checked once per statement by the trigger
        -- below: row-level foreign keys on 100,000 lines cost more than the reconciliation itself.
        run_period text NOT NULL,
        designation_id uuid,
        workshop_id uuid REFERENCES workshops(id),
        payee_talent_id uuid,
        payee_employer_id uuid,
        for_period text NOT NULL CHECK (for_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND for_period <= run_period),
        kind text NOT NULL CHECK (kind IN ('regular','arrears','clawback','grant')),
        amount_fen bigint NOT NULL CHECK (amount_fen <> 0),
        month_index smallint NOT NULL,
        seq smallint NOT NULL,
        note text NOT NULL DEFAULT '',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT payment_lines_one_subject CHECK ((designation_id IS NULL) <> (workshop_id IS NULL)),
        CONSTRAINT payment_lines_payee CHECK ((designation_id IS NULL OR payee_talent_id IS NOT NULL) AND (workshop_id IS NULL OR payee_employer_id IS NOT NULL)),
        CONSTRAINT payment_lines_kind_sign CHECK ((kind = 'clawback') = (amount_fen < 0)),
        CONSTRAINT payment_lines_month_index CHECK (month_index BETWEEN 1 AND 36)
      )`);
    // Exactly-once by constraint: the nth line for a month of a designation (or an instalment
    // of a workshop) in a run period exists once, however many processes run the period.
    await q.query(`CREATE UNIQUE INDEX payment_lines_allowance_once ON payment_lines (designation_id, for_period, run_period, seq) WHERE designation_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX payment_lines_grant_once ON payment_lines (workshop_id, month_index, run_period, seq) WHERE workshop_id IS NOT NULL`);
    await q.query(`CREATE INDEX payment_lines_run_idx ON payment_lines (run_period, id)`);

    // Held and superseded months: what a run reports but does not pay; rewritten by each run of an open period.
    await q.query(`
      CREATE TABLE payment_run_reports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_period text NOT NULL REFERENCES payment_periods(period),
        designation_id uuid REFERENCES designations(id),
        workshop_id uuid REFERENCES workshops(id),
        for_period text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('held','superseded')),
        month_index smallint NOT NULL,
        note text NOT NULL DEFAULT ''
      )`);
    await q.query(`CREATE INDEX payment_run_reports_run_idx ON payment_run_reports (run_period, kind, id)`);

    // What changed since the last run: designations whose past months must be looked at again.
    await q.query(`CREATE SEQUENCE payment_dirty_seq`);
    await q.query(`CREATE TABLE payment_dirty (designation_id uuid PRIMARY KEY REFERENCES designations(id), mark bigint NOT NULL)`);
    await q.query(`
      CREATE FUNCTION payment_mark_dirty(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO payment_dirty (designation_id, mark)
        SELECT DISTINCT unnest(ids), nextval('payment_dirty_seq')
        ON CONFLICT (designation_id) DO UPDATE SET mark = EXCLUDED.mark
      $$`);
    await q.query(`
      CREATE FUNCTION payment_dirty_from_adjustment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM payment_mark_dirty(ARRAY[COALESCE(NEW.designation_id, OLD.designation_id)]);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER adjustments_payment_dirty AFTER INSERT OR UPDATE OR DELETE ON adjustments FOR EACH ROW EXECUTE FUNCTION payment_dirty_from_adjustment()`);
    await q.query(`
      CREATE FUNCTION payment_dirty_from_title() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM payment_mark_dirty(ARRAY(SELECT id FROM designations WHERE talent_id = COALESCE(NEW.talent_id, OLD.talent_id)));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER talent_titles_payment_dirty AFTER INSERT OR UPDATE OR DELETE ON talent_titles FOR EACH ROW EXECUTE FUNCTION payment_dirty_from_title()`);
    await q.query(`
      CREATE FUNCTION payment_dirty_from_designation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.monthly_allowance_fen <> OLD.monthly_allowance_fen OR NEW.term_start <> OLD.term_start THEN
          PERFORM payment_mark_dirty(ARRAY[NEW.id]);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER designations_payment_dirty AFTER INSERT OR UPDATE ON designations FOR EACH ROW EXECUTE FUNCTION payment_dirty_from_designation()`);

    // A closed period's lines never change (SPEC §3.2); no line ever changes: corrections are new lines.
    await q.query(`
      CREATE FUNCTION payment_lines_no_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payment lines are append-only' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER payment_lines_no_edit BEFORE UPDATE OR DELETE OR TRUNCATE ON payment_lines FOR EACH STATEMENT EXECUTE FUNCTION payment_lines_no_edit()`);
    await q.query(`
      CREATE FUNCTION payment_lines_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_lines n LEFT JOIN payment_periods p ON p.period = n.run_period WHERE p.period IS NULL OR p.status = 'closed') THEN
          RAISE EXCEPTION 'lines go only into an open period: the period is closed or was never run' USING ERRCODE = 'restrict_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM new_lines n LEFT JOIN designations d ON d.id = n.designation_id
                    WHERE n.designation_id IS NOT NULL AND (d.id IS NULL OR d.talent_id <> n.payee_talent_id))
           OR EXISTS (SELECT 1 FROM new_lines n LEFT JOIN workshops w ON w.id = n.workshop_id
                       WHERE n.workshop_id IS NOT NULL AND (w.id IS NULL OR w.employer_id <> n.payee_employer_id)) THEN
          RAISE EXCEPTION 'a line''s payee must be its designation''s talent or its workshop''s employer' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER payment_lines_open_period AFTER INSERT ON payment_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION payment_lines_open_period()`);
    // Designations are history the ledger points at: never deleted.
    await q.query(`
      CREATE FUNCTION designations_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'designations are never deleted' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER designations_no_delete BEFORE DELETE ON designations FOR EACH STATEMENT EXECUTE FUNCTION designations_no_delete()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER designations_no_delete ON designations`);
    await q.query(`DROP FUNCTION designations_no_delete()`);
    await q.query(`DROP TRIGGER designations_payment_dirty ON designations`);
    await q.query(`DROP TRIGGER talent_titles_payment_dirty ON talent_titles`);
    await q.query(`DROP TRIGGER adjustments_payment_dirty ON adjustments`);
    await q.query(`DROP TABLE payment_run_reports, payment_lines, payment_periods, payment_dirty`);
    await q.query(`DROP FUNCTION payment_lines_no_edit(), payment_lines_open_period(), payment_dirty_from_designation(), payment_dirty_from_title(), payment_dirty_from_adjustment(), payment_mark_dirty(uuid[])`);
    await q.query(`DROP SEQUENCE payment_dirty_seq`);
  }
}
