import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import type { Principal } from '../../core/context/request-context';
import { uuidParam } from '../../core/http/params';
import { SheetUpload } from '../../core/http/request-body';
import { ExpertsDto, NamingDto, ObjectionDto, PublicityDto, PublicityListQuery, ScoreSheetDto, ScoreSheetQuery, ShortlistDto } from './dto/review.dto';
import { ExpertReviewService } from './expert-review.service';
import { PaperSheetsService } from './paper-sheets.service';
import { publicityListXlsx, renderPublicityList, renderScoreSheets } from './review-papers';
import { ApplicationScores, ObjectionList, ObjectionView, PublicityList, PublicityView, RoundExpertsView, ScoreTable, ScoreView, ShortlistView, WorklistView } from './review.views';
import { SelectionOutcomeService } from './selection-outcome.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** SPEC §3.8 steps 4–7 and their §5 rows: expert review, shortlist, publicity, naming. */
@ApiTags('selection')
@ApiBearerAuth()
@Controller()
export class SelectionReviewController {
  constructor(
    private readonly review: ExpertReviewService,
    private readonly outcome: SelectionOutcomeService,
    private readonly papers: PaperSheetsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Put('rounds/:id/experts')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: RoundExpertsView })
  setExperts(@Param('id', uuidParam('id')) id: string, @Body() dto: ExpertsDto): Promise<RoundExpertsView> {
    return this.review.setExperts(id, dto);
  }

  @Get('rounds/:id/experts')
  @Roles('admin')
  @ApiOkResponse({ description: 'the round’s experts with their progress (sheets recorded / applications to score)', type: RoundExpertsView })
  experts(@Param('id', uuidParam('id')) id: string): Promise<RoundExpertsView> {
    return this.review.experts(id);
  }

  @Get('rounds/:id/review')
  @Roles('expert', 'admin')
  @ApiOkResponse({ description: 'the applications to score (ID numbers masked), each with the caller’s own sheet; an expert not assigned gets 404', type: WorklistView })
  worklist(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<WorklistView> {
    return this.review.worklist(id, principal);
  }

  @Put('applications/:id/scores/me')
  @HttpCode(200)
  @Roles('expert')
  @ApiBadRequestResponse({ description: 'an item missing, unknown or out of range: the message and errors[] name it' })
  @ApiOkResponse({ type: ScoreView })
  score(@Param('id', uuidParam('id')) id: string, @Body() dto: ScoreSheetDto, @CurrentPrincipal() principal: Principal): Promise<ScoreView> {
    return this.review.scoreMine(id, principal, dto);
  }

  @Get('applications/:id/scores')
  @Roles('admin', 'expert')
  @ApiOkResponse({ description: 'the sheets of the application: the office sees all; an expert their own until scoring is closed', type: ApplicationScores })
  scores(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<ApplicationScores> {
    return this.review.scoresOf(id, principal);
  }

  @Post('rounds/:id/scoring/close')
  @HttpCode(200)
  @Roles('admin')
  closeScoring(@Param('id', uuidParam('id')) id: string) {
    return this.review.closeScoring(id);
  }

  @Get('rounds/:id/scores')
  @Roles('admin')
  @ApiOkResponse({ description: 'the score table: ranking (mean of totals, ties by B then C), each expert’s total, item means and the spread', type: ScoreTable })
  scoreTable(@Param('id', uuidParam('id')) id: string): Promise<ScoreTable> {
    return this.review.scoreTable(id);
  }

  @Get('rounds/:id/score-sheets/:expertId')
  @Roles('admin', 'expert')
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'the expert’s paper score sheet (.xlsx): one row per application to score, filled with the sheets recorded so far' })
  async paperSheet(@Param('id', uuidParam('id')) id: string, @Param('expertId', uuidParam('expertId')) expertId: string, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const expert = await this.papers.expertOf(id, expertId, principal);
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', `attachment; filename="score-sheet-${expertId}.xlsx"; filename*=UTF-8''${encodeURIComponent(`专家评分表-${expert.name}.xlsx`)}`);
    res.setHeader('Cache-Control', 'no-store');
    await this.papers.write(id, expertId, res);
  }

  @Post('rounds/:id/score-sheets/:expertId')
  @HttpCode(200)
  @Roles('admin', 'expert')
  @SheetUpload()
  @ApiBody({ schema: { type: 'string', description: 'the paper sheet filled in (.xlsx or CSV, the columns of GET …/score-sheets/{expertId})' } })
  @ApiOkResponse({ description: '{imported, skipped}: all rows or none' })
  @ApiBadRequestResponse({ description: '{message, errors: [{row, field, message}]}, rows as Excel numbers them (header = row 1)' })
  async importPaperSheet(
    @Param('id', uuidParam('id')) id: string,
    @Param('expertId', uuidParam('expertId')) expertId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<{ imported: number; skipped: number }> {
    await this.papers.expertOf(id, expertId, principal);
    return this.papers.import(id, expertId, body, contentType);
  }

  @Get('applications/:id/score-sheet')
  @Roles('admin', 'employer', 'expert')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the printable 专家评审表 (003 附件3): an expert’s own sheet; the office every expert’s (or ?expertId’s); the employer the blank sheet of its own application' })
  async printedSheet(@Param('id', uuidParam('id')) id: string, @Query() query: ScoreSheetQuery, @CurrentPrincipal() principal: Principal): Promise<string> {
    const { application, sheets } = await this.review.printableSheets(id, principal, query.expertId);
    return renderScoreSheets(application, sheets);
  }

  @Post('rounds/:id/shortlist')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: ShortlistView })
  shortlist(@Param('id', uuidParam('id')) id: string, @Body() dto: ShortlistDto): Promise<ShortlistView> {
    return this.outcome.shortlist(id, dto);
  }

  @Post('rounds/:id/publicity')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: '{startsOn, endsOn}: endsOn is the last of PUBLICITY_WORKING_DAYS working days on the official calendar; 422 if a year has no calendar', type: PublicityView })
  publicity(@Param('id', uuidParam('id')) id: string, @Body() dto: PublicityDto): Promise<PublicityView> {
    return this.outcome.publicity(id, dto);
  }

  @Get('rounds/:id/publicity-list')
  @Roles('admin')
  @ApiProduces('application/json', 'text/html', XLSX)
  @ApiOkResponse({ description: '公示名单 (name, employer, occupation, skill level) as JSON, printable HTML or .xlsx', type: PublicityList })
  async publicityList(@Param('id', uuidParam('id')) id: string, @Query() query: PublicityListQuery, @Res({ passthrough: true }) res: Response): Promise<PublicityList | undefined> {
    const list = await this.outcome.publicityList(id);
    const days = this.config.review.publicityWorkingDays;
    if (query.format === 'html') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(renderPublicityList(list, days));
      return undefined;
    }
    if (query.format === 'xlsx') {
      res.setHeader('Content-Type', XLSX);
      res.setHeader('Content-Disposition', `attachment; filename="publicity-list-${list.cohort}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${list.cohort}届首席技师公示名单.xlsx`)}`);
      res.end(await publicityListXlsx(list, days));
      return undefined;
    }
    return list;
  }

  @Post('applications/:id/objections')
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ type: ObjectionView })
  object(@Param('id', uuidParam('id')) id: string, @Body() dto: ObjectionDto, @CurrentPrincipal() principal: Principal): Promise<ObjectionView> {
    return this.outcome.object(id, dto, principal);
  }

  @Get('rounds/:id/objections')
  @Roles('admin')
  @ApiOkResponse({ type: ObjectionList })
  objections(@Param('id', uuidParam('id')) id: string): Promise<ObjectionList> {
    return this.outcome.objections(id);
  }

  @Post('rounds/:id/naming')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: '{created: n}: every application left on the publicity list designated, all or none' })
  name(@Param('id', uuidParam('id')) id: string, @Body() dto: NamingDto) {
    return this.outcome.name(id, dto);
  }
}
