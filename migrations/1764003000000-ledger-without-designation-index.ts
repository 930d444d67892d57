import { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerCheckFunction } from './1764002800000-ledger-checks-in-one-pass';

/**
 * Issue 20: a payment run's lines no longer go into an index by designation.
 *
 * payment_lines_designation_idx took each of a run's 100,000 lines at a
 * random place (designation ids are random), so after a checkpoint each run
 * wrote most of that index's pages to the WAL again: half of the run's INSERT
 * (0.8 of 1.6 s in the bench, lines of five periods already in the ledger).
 * The person-month index (for_period, payee_talent_id, person_seq), which a
 * run fills at its right edge, finds a designation's lines as well: they are
 * its person's lines of the 36 months of its term (designation_ledger_lines),
 * 36 short descents instead of one, for the few lookups by designation (a
 * history, a re-evaluated designation). What makes that exact is now held by
 * the database: an allowance line's payee is its designation's talent (the
 * statement check, since migration 1763900600000), its month is month
 * month_index of its designation's term (the same check, from here), and a
 * designation's talent and term start never change (nothing changes them;
 * a trigger now refuses it).
 *
 * The same check's per-kind query runs through EXECUTE: PL/pgSQL planned it
 * once per connection, for whichever insert fired the trigger first (usually a
 * run's few grant lines), and a later run's 100,000 lines then followed that
 * plan's index lookups into designations (0.34 s in auto_explain of the bench,
 * 400,000 buffer reads) where a hash join takes a third of it. Planned for the
 * statement at hand it knows the transition table's size.
 */
export class LedgerWithoutDesignationIndex1764003000000 implements MigrationInterface {
  name = 'LedgerWithoutDesignationIndex1764003000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ off }]: Array<{ off: number }> = await q.query(
      `SELECT count(*)::int AS off FROM payment_lines l JOIN designations d ON d.id = l.designation_id
        WHERE l.month_index <> payment_month_index(d.term_start, to_date(l.for_period, 'YYYY-MM')) OR l.payee_talent_id <> d.talent_id`,
    );
    if (off > 0) throw new Error(`${off} allowance line(s) name a month outside their designation's term or another payee: look at them before migrating`);
    await q.query(`
      CREATE FUNCTION designations_keys_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a designation''s talent and term start never change: its payment lines are found by them'
          USING ERRCODE = 'restrict_violation', TABLE = 'designations';
      END $$`);
    await q.query(
      `CREATE TRIGGER designations_keys_fixed BEFORE UPDATE OF talent_id, term_start ON designations FOR EACH ROW
         WHEN (OLD.talent_id IS DISTINCT FROM NEW.talent_id OR OLD.term_start IS DISTINCT FROM NEW.term_start) EXECUTE FUNCTION designations_keys_fixed()`,
    );
    // The months of a term as the ledger writes them; STABLE like to_char. Inlined by the planner.
    await q.query(`
      CREATE FUNCTION term_months(term_start date) RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT ARRAY(SELECT to_char(term_start + make_interval(months => i), 'YYYY-MM') FROM generate_series(0, 35) AS i)
      $$`);
    // A designation's lines through the person-month index; a single SELECT, so inlined into its callers.
    await q.query(`
      CREATE FUNCTION designation_ledger_lines(designation uuid) RETURNS SETOF payment_lines LANGUAGE sql STABLE AS $$
        SELECT l.* FROM designations d
          JOIN payment_lines l ON l.for_period = ANY (term_months(d.term_start)) AND l.payee_talent_id = d.talent_id AND l.designation_id = d.id
         WHERE d.id = designation
      $$`);
    await q.query(ledgerCheckFunction('per-statement'));
    await q.query(`DROP INDEX payment_lines_designation_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX payment_lines_designation_idx ON payment_lines (designation_id) WHERE designation_id IS NOT NULL`);
    await q.query(ledgerCheckFunction('once'));
    await q.query(`DROP FUNCTION designation_ledger_lines(uuid)`);
    await q.query(`DROP FUNCTION term_months(date)`);
    await q.query(`DROP TRIGGER designations_keys_fixed ON designations`);
    await q.query(`DROP FUNCTION designations_keys_fixed()`);
  }
}
