import { BadRequestException, Controller, Get, Param, PipeTransform, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { uuidParam } from '../../core/http/params';
import { AssessmentReport, AssessmentReportService } from './assessment-report.service';
import { DashboardService } from './dashboard.service';
import { Dashboard } from './dashboard.views';
import { AssessmentReportQuery, DashboardQuery, PaymentHistoryQuery, UnionFormQuery } from './dto/report-query.dto';
import { PaymentHistory, PaymentHistoryReport } from './payment-history.report';
import { sendFile, tablesToXlsx, XLSX_TYPE } from './report-workbook';
import { UnionFormsExporter } from './union-forms.exporter';

/** A year in a path: four digits, 2000–2199, else 400 naming it. */
class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!(year >= 2000 && year <= 2199)) throw new BadRequestException('year must be a year from 2000 to 2199 (YYYY)');
    return year;
  }
}

/** SPEC §3.9: what the office, finance and the unions hand in, generated from the data. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly dashboards: DashboardService,
    private readonly assessments: AssessmentReportService,
    private readonly unionForms: UnionFormsExporter,
    private readonly history: PaymentHistoryReport,
  ) {}

  @Get('dashboard')
  @Roles('admin', 'finance')
  @ApiProduces('application/json', XLSX_TYPE)
  @ApiOkResponse({ description: 'designations by cohort, street, industry authority and status; money per run period over 36 months; assessments; pending adjustments; workshops. `?format=xlsx` gives the numbers of every chart (or `chart`) as sheets', type: Dashboard })
  async dashboard(@Query() query: DashboardQuery, @Res({ passthrough: true }) res: Response): Promise<Dashboard | undefined> {
    const d = await this.dashboards.dashboard();
    if (query.format !== 'xlsx') return d;
    const name = query.chart ? `dashboard-${query.chart}-${d.asOf}.xlsx` : `dashboard-${d.asOf}.xlsx`;
    sendFile(res, await tablesToXlsx(this.dashboards.tables(d, query.chart)), XLSX_TYPE, name, `首席技师工作概况-${d.asOf}.xlsx`);
    return undefined;
  }

  @Get('assessments/:year')
  @Roles('admin')
  @ApiProduces('application/json', XLSX_TYPE, 'text/html')
  @ApiOkResponse({ description: 'the yearly 考核情况 report (policy 003 五(四)): every 届中/届满 assessment and 日常考查 of the year with grade, organiser, date and the adjustment it proposed' })
  async assessmentReport(@Param('year', new YearPipe()) year: number, @Query() query: AssessmentReportQuery, @Res({ passthrough: true }) res: Response): Promise<AssessmentReport | undefined> {
    const report = await this.assessments.report(year);
    if (query.format === 'xlsx') {
      sendFile(res, await tablesToXlsx(this.assessments.tables(report)), XLSX_TYPE, `assessments-${year}.xlsx`, `首席技师考核情况-${year}.xlsx`);
      return undefined;
    }
    if (query.format === 'html') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.end(this.assessments.html(report));
      return undefined;
    }
    return report;
  }

  @Get('workshops/:unionId/:year')
  @Roles('admin', 'union', 'city_office')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: '004 附件2 (default) or, with `form=001-3`, the 001 附件3 统计表 of a union for a year, in the form’s layout; fields the service cannot know are blank' })
  async unionForm(
    @Param('unionId', uuidParam('unionId')) unionId: string,
    @Param('year', new YearPipe()) year: number,
    @Query() query: UnionFormQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const form = query.form ?? '004-2';
    const figures = await this.unionForms.figures(unionId, year, principal);
    const [ascii, chinese] = this.unionForms.fileNames(form, figures);
    sendFile(res, await this.unionForms.xlsx(form, figures), XLSX_TYPE, ascii, chinese);
  }

  @Get('payment-history/talents/:id')
  @Roles('admin', 'finance')
  @ApiProduces('application/json', XLSX_TYPE)
  @ApiOkResponse({ description: 'every ledger line paid to the person (allowance), by run period; `?since=YYYY-MM&format=xlsx`' })
  async talentHistory(@Param('id', uuidParam('id')) id: string, @Query() query: PaymentHistoryQuery, @Res({ passthrough: true }) res: Response): Promise<PaymentHistory | undefined> {
    return this.sendHistory(await this.history.forTalent(id, query.since), query, res);
  }

  @Get('payment-history/employers/:id')
  @Roles('admin', 'finance')
  @ApiProduces('application/json', XLSX_TYPE)
  @ApiOkResponse({ description: 'every grant line paid to the employer and every allowance line of the people who worked for it when paid; `?since=YYYY-MM&format=xlsx`' })
  async employerHistory(@Param('id', uuidParam('id')) id: string, @Query() query: PaymentHistoryQuery, @Res({ passthrough: true }) res: Response): Promise<PaymentHistory | undefined> {
    return this.sendHistory(await this.history.forEmployer(id, query.since), query, res);
  }

  private async sendHistory(h: PaymentHistory, query: PaymentHistoryQuery, res: Response): Promise<PaymentHistory | undefined> {
    res.setHeader('Cache-Control', 'no-store');
    if (query.format !== 'xlsx') return h;
    const span = h.since ? `-${h.since}起` : '';
    sendFile(res, await tablesToXlsx(this.history.tables(h)), XLSX_TYPE, `payment-history-${h.payee.kind}${h.since ? `-${h.since}` : ''}.xlsx`, `发放记录-${h.payee.name}${span}.xlsx`);
    return undefined;
  }
}
