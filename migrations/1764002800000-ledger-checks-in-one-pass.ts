import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statement check's function. This migration's (\`planned: 'once'\`) runs
 * the per-kind query as a PL/pgSQL statement; migration 1764003000000's
 * (\`'per-statement'\`) runs it through EXECUTE, so it is planned for each
 * statement's own number of lines, and also counts allowance lines whose month
 * is not month \`month_index\` of their designation's term.
 */
export function ledgerCheckFunction(planned: 'once' | 'per-statement'): string {
  const perStatement = planned === 'per-statement';
  // The per-kind totals; the INTO goes before their FROM in PL/pgSQL, after the query text with EXECUTE.
  const totals = `        WITH per_kind AS (
          SELECT n.run_period, n.kind, sum(n.amount_fen) AS amount_fen, count(*) AS lines,
                 count(*) FILTER (WHERE n.designation_id IS NOT NULL AND (d.id IS NULL OR d.talent_id <> n.payee_talent_id))
                   + count(*) FILTER (WHERE n.workshop_id IS NOT NULL AND (w.id IS NULL OR w.employer_id <> n.payee_employer_id)) AS bad_payees,
                 count(*) FILTER (WHERE n.designation_id IS NOT NULL AND n.amount_fen > 0 AND n.kind <> 'opening' AND n.person_net_fen > d.monthly_allowance_fen) AS over_cap,
                 count(*) FILTER (WHERE n.designation_id IS NOT NULL AND n.person_seq = 1 AND n.person_net_fen <> n.amount_fen) AS broken,
                 count(*) FILTER (WHERE n.designation_id IS NOT NULL AND n.person_seq > 1) AS corrections${perStatement ? OFF_TERM_COUNT : ''}
            FROM new_lines n
            LEFT JOIN designations d ON d.id = n.designation_id
            LEFT JOIN workshops w ON w.id = n.workshop_id
           GROUP BY n.run_period, n.kind
        ), recorded AS (
          INSERT INTO report_period_deltas (period, kind, amount_fen, lines) SELECT run_period, kind, amount_fen, lines FROM per_kind
        )
        SELECT count(*) FILTER (WHERE k.kind <> 'opening' AND (p.period IS NULL OR p.status = 'closed')),
               COALESCE(sum(k.bad_payees), 0), COALESCE(sum(k.over_cap), 0), COALESCE(sum(k.broken), 0), COALESCE(sum(k.corrections), 0)${perStatement ? ', COALESCE(sum(k.off_term), 0)' : ''}
`;
  const from = `          FROM per_kind k LEFT JOIN payment_periods p ON p.period = k.run_period`;
  const checked = perStatement
    ? `        EXECUTE $q$\n${totals}${from}\n$q$\n          INTO closed, bad_payees, over_cap, broken, corrections, off_term;\n`
    : `${totals}          INTO closed, bad_payees, over_cap, broken, corrections\n${from};\n`;
  return `      CREATE OR REPLACE FUNCTION payment_lines_check_statement() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        closed bigint;
        bad_payees bigint;
        over_cap bigint;
        broken bigint;
        corrections bigint;${perStatement ? '\n        off_term bigint;' : ''}
        who uuid;
        month text;
      BEGIN
        -- Counted, not tested with EXISTS: one hash join over the statement (see migration 1763900600000),
        -- grouped by run period and kind, which is also what report_period_deltas records (migration 1764001600000).
${checked}        IF closed > 0 THEN
          RAISE EXCEPTION 'lines go only into an open period: the period is closed or was never run' USING ERRCODE = 'restrict_violation';
        END IF;
        IF bad_payees > 0 THEN
          RAISE EXCEPTION 'a line''s payee must be its designation''s talent or its workshop''s employer' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF over_cap > 0 THEN
          SELECT n.payee_talent_id, n.for_period INTO who, month
            FROM new_lines n JOIN designations d ON d.id = n.designation_id
           WHERE n.amount_fen > 0 AND n.kind <> 'opening' AND n.person_net_fen > d.monthly_allowance_fen
           ORDER BY n.for_period, n.payee_talent_id LIMIT 1;
          RAISE EXCEPTION 'talent %, month %: a person''s net allowance for a month may not exceed one allowance', who, month
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_lines_one_allowance', DETAIL = format('talent_id=%s for_period=%s', who, month);
        END IF;
        -- A line after the first continues the line before it; only corrections (few) are looked up.
        IF broken = 0 AND corrections > 0 THEN
          SELECT count(*) INTO broken FROM new_lines n
            LEFT JOIN LATERAL (SELECT p.person_net_fen FROM payment_lines p
                                WHERE p.for_period = n.for_period AND p.payee_talent_id = n.payee_talent_id AND p.person_seq = n.person_seq - 1
                                  AND p.designation_id IS NOT NULL LIMIT 1) p ON true
           WHERE n.designation_id IS NOT NULL AND n.person_seq > 1
             AND (p.person_net_fen IS NULL OR p.person_net_fen + n.amount_fen <> n.person_net_fen);
        END IF;
        IF broken > 0 THEN
          RAISE EXCEPTION 'an allowance line must continue its person-month: person_net_fen is the net before it plus its amount, person_seq the next place'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_lines_person_month';
        END IF;
${perStatement ? OFF_TERM_RAISE : ''}        RETURN NULL;
      END $$`;
}

/**
 * Issue 20: the ledger's statement checks in one pass.
 *
 * A payment run writes 100,000 lines in one statement. Two statement
 * triggers then read its transition table four times: the open-period check,
 * the payee and one-allowance checks (a hash join with designations), the
 * workshop payee check, and the per-kind sums the dashboard reads
 * (report_period_deltas, migration 1764001600000). One trigger now does it in
 * one pass, grouped by run period and kind: the groups are what
 * report_period_deltas records, and the open-period check needs only them.
 * The checks, their order, their error codes and messages are those of
 * migrations 1764000100000 and 1764000900000.
 *
 * Measured and not done: one index for exactly-once and lookups by person
 * (payment_lines_person_month_once leading with the payee, dropping
 * payment_lines_designation_idx). The first periods ran faster, but every
 * run then adds an entry under every person all over the index, so after a
 * checkpoint each run rewrites the whole index into the WAL: 43 MB of WAL for
 * the first period, 135 MB by the 24th (now: about 50 MB throughout).
 *
 * The old trigger functions stay (unused) so that down() can put their
 * triggers back as they were.
 */
/**
 * An allowance line's month is month month_index of its designation's term
 * (1–36 by the table's check), so a designation's lines are found among its
 * person's lines of those 36 months (designation_ledger_lines, migration
 * 1764003000000).
 */
const OFF_TERM_COUNT = `,
                 count(*) FILTER (WHERE n.designation_id IS NOT NULL AND n.month_index <> payment_month_index(d.term_start, to_date(n.for_period, 'YYYY-MM'))) AS off_term`;
const OFF_TERM_RAISE = `        IF off_term > 0 THEN
          RAISE EXCEPTION 'an allowance line''s month must be month month_index of its designation''s term'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_lines_month_in_term';
        END IF;
`;

export class LedgerChecksInOnePass1764002800000 implements MigrationInterface {
  name = 'LedgerChecksInOnePass1764002800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ledgerCheckFunction('once'));
    await q.query(`DROP TRIGGER payment_lines_open_period ON payment_lines`);
    await q.query(`DROP TRIGGER payment_lines_report_deltas ON payment_lines`);
    await q.query(
      `CREATE TRIGGER payment_lines_check_statement AFTER INSERT ON payment_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION payment_lines_check_statement()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER payment_lines_check_statement ON payment_lines`);
    await q.query(`DROP FUNCTION payment_lines_check_statement()`);
    await q.query(`CREATE TRIGGER payment_lines_open_period AFTER INSERT ON payment_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION payment_lines_open_period()`);
    await q.query(`CREATE TRIGGER payment_lines_report_deltas AFTER INSERT ON payment_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION report_period_deltas_add()`);
  }
}
