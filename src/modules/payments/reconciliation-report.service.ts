import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource, EntityManager } from 'typeorm';
import { firstDayOfPeriod, periodOf } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { PaymentLedgerRepository } from './payment-ledger.repository';
import { PeriodInFutureError } from './payments.errors';

export interface ReconciliationRow {
  designationId: string;
  name: string;
  idNumberMasked: string;
  employer: string;
  cohort: string;
  designatedOn: string;
  /** Months owed by the rules up to asOf, and months with a net amount recorded as paid (opening and service lines). */
  owedMonths: number;
  paidMonths: number;
  owedFen: number;
  paidFen: number;
  /** Owed but recorded below one allowance: the next run pays them as arrears. */
  missing: string[];
  /** Recorded above what is owed: the next run claws the excess back. */
  overpaid: string[];
  /** Held by a pending adjustment: neither paid nor clawed back until it is decided. */
  held: string[];
}

export interface ReconciliationReport {
  asOf: string;
  items: ReconciliationRow[];
}

/**
 * Issue 14 item 7: what finance signs off before the first real run, per
 * designation, the months owed by the rules up to asOf against the months
 * recorded as paid. Owed comes from the payment run's own evaluation
 * (PaymentLedgerRepository.evaluateAllowances over every designation month,
 * as a first run evaluates them), not from a second reading of the rules.
 */
@Injectable()
export class ReconciliationReportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: PaymentLedgerRepository,
    private readonly clock: Clock,
  ) {}

  async report(asOf?: string): Promise<ReconciliationReport> {
    const current = periodOf(this.clock.today());
    const period = asOf ?? current;
    if (period > current) throw new PeriodInFutureError(period, current);
    // Its temporary tables go with the transaction; it writes nothing else.
    const items = await this.db.transaction(async (manager) => {
      await this.ledger.snapshotDirty(manager);
      await this.ledger.evaluateAllowances(manager, { period, periodStart: firstDayOfPeriod(period), windowStart: null });
      return this.rows(manager);
    });
    return { asOf: period, items };
  }

  private async rows(manager: EntityManager): Promise<ReconciliationRow[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT e.designation_id, t.name, t.id_number_masked, o.name AS employer, d.cohort, to_char(d.designated_on, 'YYYY-MM-DD') AS designated_on,
              count(*) FILTER (WHERE e.state = 'owed')::int AS owed_months,
              count(*) FILTER (WHERE e.paid <> 0)::int AS paid_months,
              COALESCE(sum(e.allowance) FILTER (WHERE e.state = 'owed'), 0)::text AS owed_fen,
              COALESCE(sum(e.paid), 0)::text AS paid_fen,
              COALESCE(array_agg(e.for_period ORDER BY e.for_period) FILTER (WHERE e.state = 'owed' AND e.paid < e.allowance), '{}') AS missing,
              COALESCE(array_agg(e.for_period ORDER BY e.for_period)
                FILTER (WHERE e.state <> 'held' AND e.paid > CASE WHEN e.state = 'owed' THEN e.allowance ELSE 0 END), '{}') AS overpaid,
              COALESCE(array_agg(e.for_period ORDER BY e.for_period) FILTER (WHERE e.state = 'held'), '{}') AS held
         FROM run_eval e
         JOIN designations d ON d.id = e.designation_id
         JOIN talents t ON t.id = d.talent_id
         JOIN organizations o ON o.id = t.employer_id
        GROUP BY e.designation_id, t.name, t.id_number_masked, o.name, d.cohort, d.designated_on
        ORDER BY o.name, t.name, d.designated_on, e.designation_id`,
    );
    return rows.map((r) => ({
      designationId: r.designation_id as string,
      name: r.name as string,
      idNumberMasked: r.id_number_masked as string,
      employer: r.employer as string,
      cohort: r.cohort as string,
      designatedOn: r.designated_on as string,
      owedMonths: r.owed_months as number,
      paidMonths: r.paid_months as number,
      owedFen: Number(r.owed_fen),
      paidFen: Number(r.paid_fen),
      missing: r.missing as string[],
      overpaid: r.overpaid as string[],
      held: r.held as string[],
    }));
  }

  /** 核对表: one row per designation, Chinese headers, the rows with a difference filled. */
  async xlsx(report: ReconciliationReport): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('核对');
    sheet.addRow([`首席技师津贴期初核对表（截至 ${report.asOf}）`]).font = { bold: true, size: 14 };
    const header = sheet.addRow(['姓名', '身份证号', '工作单位', '批次', '命名认定日期', '应发月数', '已发月数', '应发金额（元）', '已发金额（元）', '差异']);
    header.font = { bold: true };
    for (const r of report.items) {
      const row = sheet.addRow([r.name, r.idNumberMasked, r.employer, r.cohort, r.designatedOn, r.owedMonths, r.paidMonths, r.owedFen / 100, r.paidFen / 100, differenceText(r)]);
      row.getCell(8).numFmt = row.getCell(9).numFmt = '#,##0.00';
      if (r.missing.length > 0 || r.overpaid.length > 0) row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    }
    sheet.columns.forEach((c, i) => (c.width = [10, 22, 28, 8, 14, 10, 10, 16, 16, 48][i]));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

export function differenceText(r: ReconciliationRow): string {
  const parts: string[] = [];
  if (r.missing.length > 0) parts.push(`少发：${r.missing.join('、')}`);
  if (r.overpaid.length > 0) parts.push(`多发：${r.overpaid.join('、')}`);
  if (r.held.length > 0) parts.push(`暂缓：${r.held.join('、')}`);
  return parts.join('；');
}
