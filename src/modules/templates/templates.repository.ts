import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const BATCH = 2_000;

/** What the opening-ledger templates are pre-filled with (SPEC §3.7). */
@Injectable()
export class TemplatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Every month each active or completed designation should have been paid, by
   * its term: from termStart to the end of the term or the last month finished
   * before `today`, whichever is first; keyed batches in (designation, month) order.
   */
  async *allowanceMonths(today: string): AsyncGenerator<Array<{ id_number_enc: string; for_period: string; amount_fen: string; name: string }>> {
    let after: [string, string] = ['00000000-0000-0000-0000-000000000000', '0000-00'];
    for (;;) {
      const rows: Array<{ designation_id: string; id_number_enc: string; for_period: string; amount_fen: string; name: string }> = await this.db.query(
        `SELECT d.id AS designation_id, t.id_number_enc, t.name, to_char(m, 'YYYY-MM') AS for_period, d.monthly_allowance_fen::text AS amount_fen
           FROM designations d
           JOIN talents t ON t.id = d.talent_id
           CROSS JOIN LATERAL generate_series(d.term_start, LEAST(d.term_end, date_trunc('month', $1::date) - interval '1 day'), interval '1 month') m
          WHERE d.status IN ('active', 'completed')
            AND (d.id, to_char(m, 'YYYY-MM')) > ($2::uuid, $3::text)
          ORDER BY d.id, m
          LIMIT ${BATCH}`,
        [today, after[0], after[1]],
      );
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      after = [last.designation_id, last.for_period];
      if (rows.length < BATCH) return;
    }
  }

  /** Grant instalments of chief technician workshops whose month has finished before `today`. */
  async grantInstalments(today: string): Promise<Array<{ credit_code: string; workshop_name: string; instalment: number; amount_fen: string }>> {
    return this.db.query(
      `SELECT e.credit_code, w.name AS workshop_name, i AS instalment,
              (CASE WHEN i < 3 THEN w.grant_total_fen / 3 ELSE w.grant_total_fen - 2 * (w.grant_total_fen / 3) END)::text AS amount_fen
         FROM workshops w
         JOIN organizations e ON e.id = w.employer_id
         CROSS JOIN generate_series(1, 3) i
        WHERE w.kind = 'chief_technician'
          AND (date_trunc('month', w.named_on) + make_interval(months => 1 + 12 * (i - 1)))::date < date_trunc('month', $1::date)
        ORDER BY e.credit_code, w.name, i`,
      [today],
    );
  }
}
