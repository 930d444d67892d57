import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../core/context/request-context';
import { NotFoundError } from '../../core/errors/domain-error';
import { decodeCursor, encodeCursor, Page, PageQuery, pageSize } from '../../core/http/pagination';
import { DesignationPaymentView, PaymentHistoryRepository, TalentPaymentView } from './payment-history.repository';
import { PaymentRunsRepository } from './payment-runs.repository';
import type { RunSummary } from './payment-run.views';
import { PaymentStaleness } from './payment-staleness';

/** The cursor carries the last period as the number YYYYMM. */
const periodKey = (period: string) => Number(period.replace('-', ''));
const periodOfKey = (key: number) => `${String(key).slice(0, 4)}-${String(key).slice(4)}`;

@Injectable()
export class PaymentHistoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly history: PaymentHistoryRepository,
    private readonly runs: PaymentRunsRepository,
    private readonly staleness: PaymentStaleness,
  ) {}

  /** Periods that have been run, newest first, each with its summary. */
  async periods(query: PageQuery): Promise<Page<RunSummary>> {
    const limit = pageSize(query);
    const [after] = decodeCursor(query.cursor, 1) ?? [];
    const before = typeof after === 'number' && after >= 100000 && after <= 999912 ? periodOfKey(after) : undefined;
    const periods = await this.history.periods(this.db.manager, { before, limit: limit + 1 });
    const page = periods.slice(0, limit);
    const items = await this.db.transaction(async (manager) => {
      const out: RunSummary[] = [];
      for (const period of page) {
        // A period's summary is two aggregate queries; a page holds at most a few years of months.
        const summary = await this.runs.summary(manager, period);
        if (summary) out.push(await this.staleness.of(manager, summary));
      }
      return out;
    });
    return { items, nextCursor: periods.length > limit ? encodeCursor([periodKey(page[page.length - 1])]) : null };
  }

  /** An employer reads only its own people's lines (SPEC §4); another's designation is 404. */
  async designationPayments(designationId: string, principal?: Principal): Promise<Page<DesignationPaymentView>> {
    const [found] = await this.db.query(`SELECT t.employer_id FROM designations d JOIN talents t ON t.id = d.talent_id WHERE d.id = $1`, [designationId]);
    if (!found || (principal?.role === 'employer' && found.employer_id !== principal.organizationId)) throw new NotFoundError('designation', designationId);
    return { items: await this.history.designationLines(this.db.manager, designationId), nextCursor: null };
  }

  /** A person's whole ledger (finance: 查看个人全部发放记录). */
  async talentPayments(talentId: string): Promise<Page<TalentPaymentView>> {
    const found = await this.db.query(`SELECT 1 FROM talents WHERE id = $1`, [talentId]);
    if (found.length === 0) throw new NotFoundError('talent', talentId);
    return { items: await this.history.talentLines(this.db.manager, talentId), nextCursor: null };
  }

  /** A workshop's grant lines (kind grant and its opening lines), oldest run first; an employer only its own workshops'. */
  async workshopPayments(workshopId: string, principal?: Principal): Promise<Page<DesignationPaymentView>> {
    const [found] = await this.db.query(`SELECT employer_id FROM workshops WHERE id = $1`, [workshopId]);
    if (!found || (principal?.role === 'employer' && found.employer_id !== principal.organizationId)) throw new NotFoundError('workshop', workshopId);
    return { items: await this.history.workshopLines(this.db.manager, workshopId), nextCursor: null };
  }
}
