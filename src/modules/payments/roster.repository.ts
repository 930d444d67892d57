import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';

/** Rows a query reads. Small enough that a batch is read, written and dropped before the garbage collector promotes it. */
const BATCH = 500;

/** A talent payee, their employer and its street as they were when the line was written (SPEC §3.2: rosters are what was paid). */
export interface PayeeAsWritten {
  name: string;
  /** Encrypted: the exporter decrypts it for the roster, the one place full ID numbers leave the service. */
  idNumberEnc: string;
  employer: string;
  street: string | null;
}

/** An employer paid for a workshop, its street, the workshop and its lead as they were when the line was written. */
export interface WorkshopAsWritten {
  employer: string;
  creditCode: string;
  street: string | null;
  workshop: string;
  lead: string;
  level: string;
}

interface LineFields {
  forPeriod: string;
  monthIndex: number;
  kind: string;
  amountFen: number;
  note: string;
}

export type AllowanceLineRow = PayeeAsWritten & LineFields & { cohort: string };
export type GrantLineRow = WorkshopAsWritten & LineFields;

/** 汇总 of allowances: one payee, each month netted first. */
export interface AllowancePayeeRow extends PayeeAsWritten {
  regularMonths: number;
  arrearsMonths: number;
  clawbackMonths: number;
  clawbackFen: number;
  netFen: number;
}

/** 汇总 of grants: one employer and workshop, each instalment netted first. */
export interface GrantWorkshopRow extends WorkshopAsWritten {
  /** The instalments (1–3) whose net is not zero. */
  instalments: number[];
  grantFen: number;
  clawbackFen: number;
  netFen: number;
}

/**
 * One moment of the ledger that a roster is read at, 明细, 汇总, title and file
 * name alike: a run of the period may commit while a roster is being written,
 * and finance signs a file whose sheets agree with each other and with the run
 * number it names. A REPEATABLE READ transaction on a connection of its own
 * reads the lines; the 汇总's connection imports its snapshot.
 */
export interface RosterSnapshot {
  /** The period's run number and time as of that moment (0 and null: never run). */
  run: { runNumber: number; lastRunAt: string | null };
  /** pg_export_snapshot() of `runner`'s transaction. */
  id: string;
  runner: QueryRunner;
}

/**
 * The rows of a period's rosters, in batches, amounts in fen, all at one
 * RosterSnapshot. The lines come a page at a time by id on the snapshot's
 * connection, the next page queried while the caller writes the current one;
 * the per-payee totals come from one aggregate query read through a cursor, on
 * a connection of its own. Either way 100,000 lines never sit in memory at once.
 */
@Injectable()
export class RosterRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Opens a roster's snapshot; closeSnapshot() gives its connection back. */
  async openSnapshot(period: string): Promise<RosterSnapshot> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const [{ id }]: Array<{ id: string }> = await runner.query(`SELECT pg_export_snapshot() AS id`);
      const [row]: Array<{ runs: number; last_run_at: Date | null }> = await runner.query(`SELECT runs, last_run_at FROM payment_periods WHERE period = $1`, [period]);
      return { id, runner, run: { runNumber: row?.runs ?? 0, lastRunAt: row?.last_run_at?.toISOString() ?? null } };
    } catch (error) {
      await this.closeSnapshot({ runner });
      throw error;
    }
  }

  async closeSnapshot({ runner }: Pick<RosterSnapshot, 'runner'>): Promise<void> {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }

  allowanceLines(at: RosterSnapshot, period: string): AsyncIterable<AllowanceLineRow[]> {
    return this.pages(
      at,
      `SELECT l.id, ${PAYEE.columns}, d.cohort, ${LINE_COLUMNS}
         FROM ${page('l.designation_id IS NOT NULL')} JOIN designations d ON d.id = l.designation_id
         ${PAYEE.joins}
        ORDER BY l.id`,
      period,
      allowanceLine,
    );
  }

  grantLines(at: RosterSnapshot, period: string): AsyncIterable<GrantLineRow[]> {
    return this.pages(
      at,
      `SELECT l.id, ${WORKSHOP.columns}, ${LINE_COLUMNS}
         FROM ${page('l.workshop_id IS NOT NULL')}
         ${WORKSHOP.joins}
        ORDER BY l.id`,
      period,
      grantLine,
    );
  }

  /** Per payee, each month netted first (a month paid and recovered in the same period counts as neither), named as on the payee's latest line of the period. */
  allowancePayees(at: RosterSnapshot, period: string): AsyncIterable<AllowancePayeeRow[]> {
    return this.cursor(
      at,
      `WITH months AS (
         SELECT payee_talent_id, for_period, sum(amount_fen) AS net, max(id) AS last_id
           FROM payment_lines WHERE run_period = $1 AND designation_id IS NOT NULL GROUP BY payee_talent_id, for_period
       ), payees AS (
         SELECT payee_talent_id,
                count(*) FILTER (WHERE net > 0 AND for_period = $1)::int AS regular_months,
                count(*) FILTER (WHERE net > 0 AND for_period < $1)::int AS arrears_months,
                count(*) FILTER (WHERE net < 0)::int AS clawback_months,
                COALESCE(sum(net) FILTER (WHERE net < 0), 0)::text AS clawback_fen,
                sum(net)::text AS net_fen, max(last_id) AS last_id
           FROM months GROUP BY payee_talent_id
       )
       ${namedAsLastLine('payees', PAYEE, 'employer, name, g.payee_talent_id')}`,
      period,
      // One literal, not a spread of payee(): see allowanceLine.
      (r) => ({
        name: String(r.name),
        idNumberEnc: String(r.id_number_enc),
        employer: String(r.employer),
        street: (r.street as string | null) ?? null,
        regularMonths: Number(r.regular_months),
        arrearsMonths: Number(r.arrears_months),
        clawbackMonths: Number(r.clawback_months),
        clawbackFen: Number(r.clawback_fen),
        netFen: Number(r.net_fen),
      }),
    );
  }

  /** Per employer and workshop, each instalment netted first; named as on the latest line of the period. */
  grantWorkshops(at: RosterSnapshot, period: string): AsyncIterable<GrantWorkshopRow[]> {
    return this.cursor(
      at,
      `WITH inst AS (
         SELECT workshop_id, payee_employer_id, month_index, sum(amount_fen) AS net, max(id) AS last_id
           FROM payment_lines WHERE run_period = $1 AND workshop_id IS NOT NULL GROUP BY workshop_id, payee_employer_id, month_index
       ), ws AS (
         SELECT workshop_id, payee_employer_id,
                array_agg(month_index ORDER BY month_index) FILTER (WHERE net <> 0) AS instalments,
                COALESCE(sum(net) FILTER (WHERE net > 0), 0)::text AS grant_fen,
                COALESCE(sum(net) FILTER (WHERE net < 0), 0)::text AS clawback_fen,
                sum(net)::text AS net_fen, max(last_id) AS last_id
           FROM inst GROUP BY workshop_id, payee_employer_id
       )
       ${namedAsLastLine('ws', WORKSHOP, 'employer, workshop, g.workshop_id')}`,
      period,
      (r) => ({
        ...workshop(r),
        instalments: ((r.instalments as unknown[] | null) ?? []).map(Number),
        grantFen: Number(r.grant_fen),
        clawbackFen: Number(r.clawback_fen),
        netFen: Number(r.net_fen),
      }),
    );
  }

  /** The lines in pages by id ($1 period, $2 after this line id, $3 page size) in the snapshot's transaction, the next page read ahead. */
  private async *pages<T>(at: RosterSnapshot, sql: string, period: string, map: (row: Record<string, unknown>) => T): AsyncGenerator<T[]> {
    const fetch = (afterId: string): Promise<Array<Record<string, unknown>>> => at.runner.query(sql, [period, afterId, BATCH]);
    let next: Promise<Array<Record<string, unknown>>> | undefined = fetch('0');
    try {
      while (next) {
        const rows: Array<Record<string, unknown>> = await next;
        next = rows.length === BATCH ? fetch(String(rows[rows.length - 1].id)) : undefined;
        yield rows.map(map);
      }
    } finally {
      // A client gone mid-export leaves the prefetched page unread.
      next?.catch(() => undefined);
    }
  }

  /** One query ($1 period) read through a cursor at the roster's snapshot, on a connection of its own, a batch at a time. */
  private async *cursor<T>(at: RosterSnapshot, sql: string, period: string, map: (row: Record<string, unknown>) => T): AsyncGenerator<T[]> {
    // pg_export_snapshot()'s form; SET TRANSACTION SNAPSHOT takes no parameter.
    if (!/^[0-9A-F]+(-[0-9A-F]+)+$/.test(at.id)) throw new Error('not a snapshot id');
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`SET TRANSACTION SNAPSHOT '${at.id}'`);
      await runner.query(`DECLARE roster_summary NO SCROLL CURSOR FOR ${sql}`, [period]);
      for (;;) {
        const rows: Array<Record<string, unknown>> = await runner.query(`FETCH ${BATCH} FROM roster_summary`);
        yield rows.map(map);
        if (rows.length < BATCH) break;
      }
      await runner.commitTransaction();
    } finally {
      // Also when the caller stops reading (the client has gone): the connection goes back without the transaction.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}

/**
 * Each group (`last_id` its latest line of the period) with what names it, as on that line. The line is
 * looked up in a subquery of its own per group (OFFSET 0 keeps the planner from flattening it), by the
 * primary key's period and id: one index search a group. Looked up by id alone, the primary key (which
 * leads with the period) was searched once per period in the ledger (PG 18's skip scan: 7 searches a payee,
 * 1.9 of a 4.4 s 汇总 in EXPLAIN ANALYZE). Not as a join on period and id: an export started right after a
 * run, before autovacuum had analysed the new lines, got a join plan that had not finished after 5
 * minutes (issue 20's bench); the subquery has one plan whatever the statistics say.
 */
function namedAsLastLine(groups: string, named: { columns: string; joins: string }, orderBy: string): string {
  return `SELECT g.*, ${named.columns} FROM ${groups} g
          CROSS JOIN LATERAL (SELECT l.payee_talent_id, l.workshop_id, l.payee_employer_id, l.created_at FROM payment_lines l WHERE l.run_period = $1 AND l.id = g.last_id OFFSET 0) l
          ${named.joins} ORDER BY ${orderBy}`;
}

const LINE_COLUMNS = `l.for_period, l.month_index, l.kind, l.amount_fen::text AS amount_fen, l.note`;


/*
 * A line of the roster as one object literal, not spreads of payee() and line(): issue 20's allocation
 * profile of a 100,000-line csv export had the spreads allocating a third of the export's 3.5 GB, most of
 * it promoted to the old generation while the batch was written, which set the service's peak RSS.
 */
function allowanceLine(r: Record<string, unknown>): AllowanceLineRow {
  return {
    name: String(r.name),
    idNumberEnc: String(r.id_number_enc),
    employer: String(r.employer),
    street: (r.street as string | null) ?? null,
    cohort: String(r.cohort),
    forPeriod: String(r.for_period),
    monthIndex: Number(r.month_index),
    kind: String(r.kind),
    amountFen: Number(r.amount_fen),
    note: String(r.note),
  };
}

/** Grant lines are a few per workshop, so the workshop's fields are spread in (only allowance lines come by the 100,000). */
function grantLine(r: Record<string, unknown>): GrantLineRow {
  return {
    ...workshop(r),
    forPeriod: String(r.for_period),
    monthIndex: Number(r.month_index),
    kind: String(r.kind),
    amountFen: Number(r.amount_fen),
    note: String(r.note),
  };
}

/** The payee of line `l` (a talent), their employer and its street, as when `l` was written. */
const PAYEE = {
  columns: `COALESCE(tv.name, t.name) AS name, t.id_number_enc, COALESCE(ev.name, e.name) AS employer, COALESCE(sv.name, s.name) AS street`,
  joins: `JOIN talents t ON t.id = l.payee_talent_id
          ${asWritten('tv', 'talent_versions', 'talent_id', 't.id', 'v.name, v.employer_id')}
          JOIN organizations e ON e.id = COALESCE(tv.employer_id, t.employer_id)
          ${asWritten('ev', 'organization_versions', 'organization_id', 'e.id', 'v.name, v.street_id, true AS found')}
          LEFT JOIN organizations s ON s.id = CASE WHEN ev.found THEN ev.street_id ELSE e.street_id END
          ${asWritten('sv', 'organization_versions', 'organization_id', 's.id', 'v.name')}`,
};


/** The workshop of line `l`, its lead, the employer paid and its street, as when `l` was written. */
const WORKSHOP = {
  columns: `COALESCE(ev.name, e.name) AS employer, CASE WHEN ev.found THEN ev.credit_code ELSE e.credit_code END AS credit_code,
            COALESCE(sv.name, s.name) AS street, COALESCE(wv.name, w.name) AS workshop, COALESCE(tv.name, t.name) AS lead, w.level`,
  joins: `JOIN workshops w ON w.id = l.workshop_id
          ${asWritten('wv', 'workshop_versions', 'workshop_id', 'w.id', 'v.name, v.lead_talent_id')}
          JOIN talents t ON t.id = COALESCE(wv.lead_talent_id, w.lead_talent_id)
          ${asWritten('tv', 'talent_versions', 'talent_id', 't.id', 'v.name')}
          JOIN organizations e ON e.id = l.payee_employer_id
          ${asWritten('ev', 'organization_versions', 'organization_id', 'e.id', 'v.name, v.credit_code, v.street_id, true AS found')}
          LEFT JOIN organizations s ON s.id = CASE WHEN ev.found THEN ev.street_id ELSE e.street_id END
          ${asWritten('sv', 'organization_versions', 'organization_id', 's.id', 'v.name')}`,
};

function workshop(r: Record<string, unknown>): WorkshopAsWritten {
  return {
    employer: String(r.employer),
    creditCode: String(r.credit_code),
    street: (r.street as string | null) ?? null,
    workshop: String(r.workshop),
    lead: String(r.lead),
    level: String(r.level),
  };
}

/**
 * The batch's lines, chosen before anything is joined to them: with the joins
 * through the version tables in the same query, the planner joined every
 * remaining line of the period and sorted them for each batch of 500 (an
 * export of 100,000 lines went from 3 s to 100 s).
 */
function page(filter: string): string {
  return `(SELECT * FROM payment_lines l WHERE l.run_period = $1 AND ${filter} AND l.id > $2::bigint ORDER BY l.id LIMIT $3) l`;
}

/**
 * The version of a row that was current when line `l` was written: the first
 * earlier version kept after the line's time (migration 1764000120000), none
 * (so the current row) if the row has not changed since.
 */
function asWritten(alias: string, table: string, key: string, id: string, columns: string): string {
  return `LEFT JOIN LATERAL (SELECT ${columns} FROM ${table} v WHERE v.${key} = ${id} AND v.valid_until > l.created_at ORDER BY v.valid_until, v.id LIMIT 1) ${alias} ON true`;
}
