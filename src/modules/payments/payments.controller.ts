import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/roles.decorator';
import { SheetUpload } from '../../core/http/request-body';
import { OpeningLedgerQuery, ReconciliationQuery } from './dto/opening-ledger.dto';
import { ALLOWANCE_HEADER, OpeningLedgerService } from './opening-ledger.service';
import { ReconciliationReport, ReconciliationReportService } from './reconciliation-report.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** SPEC §3.7: moving from spreadsheets. */
@ApiTags('payments')
@ApiBearerAuth()
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly opening: OpeningLedgerService,
    private readonly reconciliation: ReconciliationReportService,
  ) {}

  @Post('opening-ledger')
  @HttpCode(201)
  @Roles('admin', 'finance')
  @SheetUpload()
  @ApiBody({ schema: { type: 'string', example: `${ALLOWANCE_HEADER.join(',')}\n310117198503150011,2024-07,100000` } })
  @ApiCreatedResponse({ description: '{imported: n}: all rows or none; rows become ledger lines of kind opening' })
  @ApiBadRequestResponse({ description: '{message, errors: [{row, field, message}]}, row as in Excel (header = row 1)' })
  importOpening(@Query() query: OpeningLedgerQuery, @Body() body: unknown, @Headers('content-type') contentType?: string): Promise<{ imported: number }> {
    return this.opening.import(query.kind, body, contentType);
  }

  @Get('reconciliation')
  @Roles('admin', 'finance')
  @ApiProduces('application/json', XLSX)
  @ApiOkResponse({ description: 'per designation: months owed by the rules up to asOf against months recorded as paid, with the differences' })
  async reconciliationReport(@Query() query: ReconciliationQuery, @Res({ passthrough: true }) res: Response): Promise<ReconciliationReport | undefined> {
    const report = await this.reconciliation.report(query.asOf);
    if (query.format !== 'xlsx') return report;
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="reconciliation-${report.asOf}.xlsx"; filename*=UTF-8''${encodeURIComponent(`期初核对表-${report.asOf}.xlsx`)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(await this.reconciliation.xlsx(report));
    return undefined;
  }
}
