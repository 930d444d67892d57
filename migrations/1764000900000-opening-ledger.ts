import { MigrationInterface, QueryRunner } from 'typeorm';

/** The run_period of every opening line: no period, so no roster or period summary (all keyed by run_period) ever holds one. */
export const OPENING_RUN_PERIOD = 'opening';

const PERIOD_CHECK = `WHERE p.period IS NULL OR p.status = 'closed') > 0 THEN`;
const PERIOD_CHECK_BUT_OPENING = `WHERE n.kind <> 'opening' AND (p.period IS NULL OR p.status = 'closed')) > 0 THEN`;

/**
 * Issue 14, SPEC §3.7: the opening ledger. What was paid outside the service
 * goes into the ledger as lines of kind `opening`, so every reconciliation
 * counts them as paid.
 *
 * Their run_period is the fixed value 'opening' rather than a period: rosters,
 * period summaries and listings select a period's lines by run_period, so none
 * of them ever shows an opening line, and no payment_periods row (which would
 * be a period run) is needed. The value sorts after every 'YYYY-MM', so a
 * run's window (lines of runs since the window opened: run_period >= its
 * start) always reads them, and the older-lines branch (run_period < start)
 * never reads them twice. The ledger trigger's open-period rule therefore
 * skips opening lines; its one-allowance cap already does (migration
 * 1764000100000): an opening line may record an overpayment, which the next
 * run claws back.
 */
export class OpeningLedger1764000900000 implements MigrationInterface {
  name = 'OpeningLedger1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_lines DROP CONSTRAINT payment_lines_kind_check`);
    await q.query(`ALTER TABLE payment_lines ADD CONSTRAINT payment_lines_kind_check CHECK (kind IN ('regular','arrears','clawback','grant','opening'))`);
    await q.query(`ALTER TABLE payment_lines ADD CONSTRAINT payment_lines_opening_period CHECK ((kind = 'opening') = (run_period = '${OPENING_RUN_PERIOD}'))`);
    await replaceInTrigger(q, PERIOD_CHECK, PERIOD_CHECK_BUT_OPENING);
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceInTrigger(q, PERIOD_CHECK_BUT_OPENING, PERIOD_CHECK);
    await q.query(`ALTER TABLE payment_lines DROP CONSTRAINT payment_lines_opening_period`);
    await q.query(`ALTER TABLE payment_lines DROP CONSTRAINT payment_lines_kind_check`);
    await q.query(`ALTER TABLE payment_lines ADD CONSTRAINT payment_lines_kind_check CHECK (kind IN ('regular','arrears','clawback','grant'))`);
  }
}

/** Edits the one clause of the ledger's statement trigger, leaving the rest as the latest migration wrote it. */
async function replaceInTrigger(q: QueryRunner, from: string, to: string): Promise<void> {
  const [{ def }] = (await q.query(`SELECT pg_get_functiondef('payment_lines_open_period'::regproc) AS def`)) as Array<{ def: string }>;
  if (!def.includes(from)) throw new Error('payment_lines_open_period: the open-period clause to change was not found');
  await q.query(def.replace(from, to));
}
