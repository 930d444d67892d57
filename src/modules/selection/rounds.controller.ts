import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import { Clock } from '../../core/clock/clock';
import type { Principal } from '../../core/context/request-context';
import { Page, pageOf, PageQuery } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { ApplicationsService } from './applications.service';
import { ApplicationQuery, FileApplicationDto } from './dto/application.dto';
import { CreateRoundDto } from './dto/round.dto';
import { RoundReviewExport } from '../selection-review/review-export';
import { exportRound } from './round-export.exporter';
import { RoundsService } from './rounds.service';
import { SelectionRepository } from './selection.repository';
import { ApplicationView, roundStatusOn, RoundView } from './selection.views';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@ApiTags('selection')
@ApiBearerAuth()
@Controller('rounds')
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly applications: ApplicationsService,
    private readonly repo: SelectionRepository,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    private readonly review: RoundReviewExport,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ description: 'the round, status open; a second round of a cohort is 409', type: RoundView })
  create(@Body() dto: CreateRoundDto, @CurrentPrincipal() principal: Principal): Promise<RoundView> {
    return this.rounds.create(dto, principal);
  }

  @Get()
  @Roles('admin', 'employer', 'expert')
  @ApiOkResponse({ description: 'rounds, newest cohort first, with counts per stage (an employer: its own applications; an expert: the rounds assigned to it)', type: pageOf(RoundView) })
  list(@Query() query: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<RoundView>> {
    return this.rounds.list(query, principal);
  }

  @Get(':id')
  @Roles('admin', 'employer', 'expert')
  @ApiOkResponse({ type: RoundView })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<RoundView> {
    return this.rounds.get(id, principal);
  }

  @Post(':id/applications')
  @HttpCode(201)
  @Roles('admin', 'employer')
  @ApiCreatedResponse({ description: "the application, stage 'submitted', with its warnings; each refusal names its rule (409/422)", type: ApplicationView })
  file(@Param('id', uuidParam('id')) id: string, @Body() dto: FileApplicationDto, @CurrentPrincipal() principal: Principal): Promise<ApplicationView> {
    return this.applications.file(id, dto, principal);
  }

  @Get(':id/applications')
  @Roles('admin', 'employer', 'assessor', 'expert')
  @ApiOkResponse({ description: 'the round’s applications, oldest first: an employer its own, an assessor those in its queue, an assigned expert those under review or past it (ID numbers masked)', type: pageOf(ApplicationView) })
  async listApplications(@Param('id', uuidParam('id')) id: string, @Query() query: ApplicationQuery, @CurrentPrincipal() principal: Principal): Promise<Page<ApplicationView>> {
    // For an expert, get() is 404 unless the round is assigned to it.
    if (principal.role === 'expert') await this.rounds.get(id, principal);
    else await this.rounds.expect(id);
    return this.applications.list({ ...query, roundId: id }, principal);
  }

  @Get(':id/export')
  @Roles('admin')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the round’s applications as .xlsx, at any stage' })
  async export(@Param('id', uuidParam('id')) id: string, @Res() res: Response): Promise<void> {
    const round = await this.rounds.expect(id);
    const rows = await this.repo.roundApplications(this.db.manager, id);
    const file = await exportRound(round, roundStatusOn(round, this.clock.today()), rows, await this.review.sheetsOf(id));
    const name = `松江区首席技师申报汇总-${round.cohort}.xlsx`;
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="round-${round.cohort}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(file);
  }
}
