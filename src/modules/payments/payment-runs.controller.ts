import { Body, Controller, Get, HttpCode, Param, PipeTransform, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import { fieldException } from '../../core/errors/error-body';
import { isPeriod } from '../../core/clock/business-date';
import type { Principal } from '../../core/context/request-context';
import { Page, pageOf, PageQuery, pageSize } from '../../core/http/pagination';
import { PaymentHistoryService } from './payment-history.service';
import { LinesQuery, RosterQuery, RunPeriodDto } from './dto/payment-run.dto';
import { PaymentRunService } from './payment-run.service';
import { LineView, RunPreview, RunSummary } from './payment-run.views';
import { RosterExporter } from './roster.exporter';

class PeriodPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isPeriod(value)) throw fieldException('period', 'isPeriod', 'period must be a month written YYYY-MM');
    return value;
  }
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('payment-runs')
export class PaymentRunsController {
  constructor(
    private readonly runs: PaymentRunService,
    private readonly roster: RosterExporter,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly history: PaymentHistoryService,
  ) {}

  @Get()
  @Roles('admin', 'finance')
  @ApiOkResponse({ description: 'periods that have been run, newest first, each as its summary', type: pageOf(RunSummary) })
  list(@Query() query: PageQuery): Promise<Page<RunSummary>> {
    return this.history.periods(query);
  }

  @Post()
  @HttpCode(200)
  @Roles('admin', 'finance')
  @ApiOkResponse({ description: 'the run summary', type: RunSummary })
  run(@Body() dto: RunPeriodDto): Promise<RunSummary> {
    return this.runs.run(dto.period);
  }

  @Get(':period')
  @Roles('admin', 'finance')
  @ApiOkResponse({ type: RunSummary })
  summary(@Param('period', PeriodPipe) period: string): Promise<RunSummary> {
    return this.runs.summary(period);
  }

  @Get(':period/lines')
  @Roles('admin', 'finance')
  @ApiOkResponse({ type: pageOf(LineView) })
  lines(@Param('period', PeriodPipe) period: string, @Query() query: LinesQuery): Promise<Page<LineView>> {
    return this.runs.lines(period, { kind: query.kind, q: query.q?.trim() || undefined, cursor: query.cursor, limit: pageSize(query) });
  }

  /** 试算: what a run would write now; every line, not paged (SPEC §3.7). */
  @Get(':period/preview')
  @Roles('admin', 'finance')
  @ApiOkResponse({ description: '{summary, lines}: the summary and every line a run of the period would write now (items as in /lines, not paged); writes nothing', type: RunPreview })
  preview(@Param('period', PeriodPipe) period: string): Promise<RunPreview> {
    return this.runs.preview(period);
  }

  @Post(':period/close')
  @HttpCode(200)
  @Roles('finance')
  @ApiOkResponse({ type: RunSummary })
  close(@Param('period', PeriodPipe) period: string, @CurrentPrincipal() principal: Principal): Promise<RunSummary> {
    return this.runs.close(period, principal);
  }

  /** 发放名册: full ID numbers (finance only, and audited), streamed. */
  @Get(':period/roster')
  @Roles('finance', 'admin')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  async exportRoster(@Param('period', PeriodPipe) period: string, @Query() query: RosterQuery, @Res() res: Response): Promise<void> {
    // Everything the file says is read at one moment: a run committing meanwhile changes none of it.
    const at = await this.roster.open(period);
    try {
      const summary = await this.runs.summary(period);
      const format = query.format ?? 'xlsx';
      const run = { ...at.run, staleDesignations: summary.staleDesignations };
      await this.db.transaction((manager) =>
        this.audit.record(manager, { action: 'roster.exported', entityType: 'payment_run', entityId: period, after: { type: query.type, format, status: summary.status, runNumber: run.runNumber, stale: summary.stale } }),
      );
      const fileName = this.roster.fileName(query.type, period, format, run);
      res.setHeader('Content-Type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="roster-${query.type}-${period}-run${run.runNumber}.${format}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      res.setHeader('Cache-Control', 'no-store');
      await this.roster.write(at, query.type, period, format, res, run);
    } finally {
      await this.roster.close(at);
    }
  }
}
