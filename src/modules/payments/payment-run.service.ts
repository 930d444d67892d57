import { mailBody } from '../../core/mail/mail-body';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { addPeriods, firstDayOfPeriod, periodOf } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import type { Principal } from '../../core/context/request-context';
import { MailOutbox } from '../../core/mail/mail-outbox.service';
import { decodeCursor, Page, toPage } from '../../core/http/pagination';
import { PaymentLedgerRepository, RunWindow } from './payment-ledger.repository';
import { LineView, ListKind, RunPreview, RunSummary } from './payment-run.views';
import { PaymentRunsRepository } from './payment-runs.repository';
import { AllowanceAboveOneError, PeriodClosedError, PeriodInFutureError, PeriodNotRunError, PeriodStaleError, PeriodSupersededError } from './payments.errors';
import { PaymentStaleness } from './payment-staleness';
import { yuan } from './money';
import { ONE_ALLOWANCE_CONSTRAINT } from './payment-ledger.repository';

@Injectable()
export class PaymentRunService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: PaymentLedgerRepository,
    private readonly runs: PaymentRunsRepository,
    private readonly audit: AuditService,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly staleness: PaymentStaleness,
  ) {}

  /**
   * SPEC §3.2: reconciles owed against paid for every designation and workshop
   * up to the period, in one transaction. Idempotent: a second run of the same
   * period adds only what changed since the first.
   */
  async run(period: string): Promise<RunSummary> {
    return this.refusingOverpayment(period, () => this.db.transaction((manager) => this.reconcile(manager, period)));
  }

  /**
   * SPEC §3.7 试算: the very run, in a transaction rolled back at its end, so
   * the summary and lines are exactly what a run would write now and nothing
   * of it stays (period row, lines, reports, dirty marks, audit, mail: all
   * rolled back; only identity counters may have moved). It waits for, and
   * holds off, real runs like a run does. `lines` are every line and
   * held/superseded month the run would write, in the shape of
   * GET /payment-runs/{period}/lines items, not paged.
   */
  async preview(period: string): Promise<RunPreview> {
    return this.refusingOverpayment(period, async () => {
      try {
        await this.db.transaction(async (manager) => {
          const summary = await this.reconcile(manager, period);
          throw new RolledBack({ summary, lines: await this.linesWrittenNow(manager, period) });
        });
      } catch (error) {
        if (error instanceof RolledBack) return error.preview;
        throw error;
      }
      throw new Error('unreachable: a preview always rolls back');
    });
  }

  private async refusingOverpayment<T>(period: string, work: () => Promise<T>): Promise<T> {
    const current = periodOf(this.clock.today());
    if (period > current) throw new PeriodInFutureError(period, current);
    try {
      return await work();
    } catch (error) {
      const month = overpaidMonth(error);
      if (month) throw new AllowanceAboveOneError(month.talentId, month.forPeriod, month.talentId ? await this.ledger.designationsOf(this.db.manager, month.talentId) : []);
      throw error;
    }
  }

  private async linesWrittenNow(manager: EntityManager, period: string): Promise<LineView[]> {
    const all: LineView[] = [];
    let after: [number, string] | undefined;
    for (;;) {
      const rows = await this.runs.lines(manager, period, { after, limit: PREVIEW_PAGE, writtenNow: true });
      all.push(...rows.map(({ source: _source, ...line }) => line));
      if (rows.length < PREVIEW_PAGE) return all;
      after = [rows[rows.length - 1].source, rows[rows.length - 1].id];
    }
  }

  private async reconcile(manager: EntityManager, period: string): Promise<RunSummary> {
    await this.ledger.lockRuns(manager);
    const latest = await this.runs.latestPeriod(manager);
    if (latest !== null && latest > period) throw new PeriodSupersededError(period, latest);
    await this.runs.openPeriod(manager, period);
    const row = await this.runs.findPeriod(manager, period, true);
    if (row!.status === 'closed') throw new PeriodClosedError(period);
    const window = await this.windowFor(manager, period);
    await this.ledger.snapshotDirty(manager);
    await this.ledger.evaluateAllowances(manager, window);
    const titleYuan = await this.ledger.titleYuan(manager);
    await this.ledger.insertAllowanceLines(manager, window, titleYuan);
    await this.ledger.writeAllowanceReports(manager, window, titleYuan);
    await this.ledger.reconcileGrants(manager, window);
    await this.ledger.clearDirty(manager);
    const runNumber = await this.runs.markRun(manager, period, this.clock.now());
    const summary = (await this.runs.summary(manager, period))!;
    await this.audit.record(manager, { action: 'payment_run.completed', entityType: 'payment_run', entityId: period, after: { run: runNumber, ...summary } });
    await this.mailFinance(manager, summary, runNumber);
    return summary;
  }

  latestPeriod(): Promise<string | null> {
    return this.runs.latestPeriod(this.db.manager);
  }

  /** True when the period, or a later one, has been run. */
  async hasRun(period: string): Promise<boolean> {
    const latest = await this.runs.latestPeriod(this.db.manager);
    return latest !== null && latest >= period;
  }

  async summary(period: string): Promise<RunSummary> {
    return this.db.transaction(async (manager) => {
      const summary = await this.runs.summary(manager, period);
      if (!summary) throw new PeriodNotRunError(period);
      return this.staleness.of(manager, summary);
    });
  }

  /** The summary as stored, without asking whether it is stale (listings and exports that only need to know it exists). */
  private async storedSummary(period: string): Promise<RunSummary> {
    const summary = await this.runs.summary(this.db.manager, period);
    if (!summary) throw new PeriodNotRunError(period);
    return summary;
  }

  async lines(period: string, query: { kind?: ListKind; q?: string; cursor?: string; limit: number }): Promise<Page<LineView>> {
    await this.storedSummary(period);
    const after = decodeCursor(query.cursor, 2) as [number, string] | undefined;
    // A search narrows to the payees it finds (through their indexes) before the period's lines are read.
    const payees = query.q === undefined ? undefined : await this.runs.payeesMatching(this.db.manager, query.q);
    if (payees && payees.designationIds.length + payees.workshopIds.length === 0) return { items: [], nextCursor: null };
    const rows = await this.runs.lines(this.db.manager, period, { kind: query.kind, payees, after, limit: query.limit + 1 });
    return toPage(rows, query.limit, (r) => [r.source, r.id], ({ source: _source, ...line }) => line);
  }

  async close(period: string, principal: Principal): Promise<RunSummary> {
    return this.db.transaction(async (manager) => {
      await this.ledger.lockRuns(manager);
      const row = await this.runs.findPeriod(manager, period, true);
      if (!row) throw new PeriodNotRunError(period);
      if (row.status === 'closed') throw new PeriodClosedError(period);
      const now = await this.staleness.of(manager, (await this.runs.summary(manager, period))!);
      if (now.stale) throw new PeriodStaleError(period, now.staleDesignations, now.runNumber);
      await this.runs.close(manager, period, principal.userId, this.clock.now());
      const summary = (await this.runs.summary(manager, period))!;
      await this.audit.record(manager, { action: 'payment_run.closed', entityType: 'payment_run', entityId: period, before: { status: 'open' }, after: summary });
      return summary;
    });
  }

  /** Months after the latest period already run are new to everyone; a re-run of the same period has none. */
  private async windowFor(manager: EntityManager, period: string): Promise<RunWindow> {
    const previous = await this.runs.latestRunUpTo(manager, period);
    return {
      period,
      periodStart: firstDayOfPeriod(period),
      windowStart: previous === null ? null : firstDayOfPeriod(addPeriods(previous, 1)),
    };
  }

  private async mailFinance(manager: EntityManager, s: RunSummary, runNumber: number): Promise<void> {
    const link = (type: string) => `${this.config.publicUrl}/api/v1/payment-runs/${s.period}/roster?type=${type}&format=xlsx`;
    const lines = [
      '人社财务：',
      '',
      `${s.period} 首席技师津贴与工作室资助已完成第 ${runNumber} 次核算：`,
      `  津贴（正常 ${s.counts.regular} 笔，补发 ${s.counts.arrears} 笔）：¥${yuan(s.totals.allowanceFen)}`,
      `  工作室资助 ${s.counts.grant} 笔：¥${yuan(s.totals.grantFen)}`,
      `  追回 ${s.counts.clawback} 笔：¥${yuan(s.totals.clawbackFen)}`,
      `  暂缓 ${s.counts.held} 个月次，就高不发 ${s.counts.superseded} 个月次`,
      `  合计：¥${yuan(s.totals.netFen)}`,
      '',
      `津贴发放名册：${link('allowance')}`,
      `资助发放名册：${link('grant')}`,
      '核对无误后请关闭本期（关闭后本期明细不再变动）。',
    ];
    await this.outbox.enqueue(manager, {
      purpose: 'payment_run.completed',
      dedupeKey: `payment_run.completed:${s.period}:${runNumber}`,
      to: { role: 'finance' },
      subject: `【松江区首席技师】${s.period} 津贴核算完成，合计 ¥${yuan(s.totals.netFen)}`,
      ...mailBody(lines),
    });
  }
}

const PREVIEW_PAGE = 10_000;

/** Carries a preview out of the transaction it rolls back. */
class RolledBack extends Error {
  constructor(readonly preview: RunPreview) {
    super('preview rolled back');
  }
}

/** The person-month the ledger's one-allowance rule refused, as its trigger reports it. */
function overpaidMonth(error: unknown): { talentId: string; forPeriod: string } | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = error.driverError as { code?: string; constraint?: string; detail?: string } | undefined;
  if (driver?.code !== '23514' || driver.constraint !== ONE_ALLOWANCE_CONSTRAINT) return undefined;
  const row = /talent_id=([0-9a-f-]{36}) for_period=(\d{4}-\d{2})/.exec(driver.detail ?? '');
  return row ? { talentId: row[1], forPeriod: row[2] } : { talentId: '', forPeriod: '' };
}
