import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { Page, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { TalentIdentity } from '../talents/talent-identity';
import { renderApplicationForm } from './application-form.renderer';
import { ApplicationsService } from './applications.service';
import { AllApplicationsQuery, BanQuery, EligibilityDto, RecommendationDto, UpdateApplicationDto } from './dto/application.dto';
import { SelectionStepsService } from './selection-steps.service';
import { applicationView, ApplicationView, BanView } from './selection.views';

@ApiTags('selection')
@ApiBearerAuth()
@Controller()
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly steps: SelectionStepsService,
    private readonly identity: TalentIdentity,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get('applications')
  @Roles('admin', 'employer', 'assessor')
  @ApiOkResponse({ description: 'applications of every round (?roundId, ?stage): an employer its own, an assessor its recommendation queue', type: pageOf(ApplicationView) })
  list(@Query() query: AllApplicationsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<ApplicationView>> {
    return this.applications.list(query, principal);
  }

  @Get('applications/:id')
  @Roles('admin', 'employer', 'assessor')
  @ApiOkResponse({ type: ApplicationView })
  async get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<ApplicationView> {
    return applicationView(await this.applications.get(id, principal));
  }

  @Patch('applications/:id')
  @Roles('admin', 'employer')
  @ApiOkResponse({ description: 'the edited application; after the window closes 422, once recommended 409', type: ApplicationView })
  edit(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateApplicationDto, @CurrentPrincipal() principal: Principal): Promise<ApplicationView> {
    return this.applications.edit(id, dto, principal);
  }

  @Post('applications/:id/recommendation')
  @HttpCode(200)
  @Roles('assessor')
  @ApiOkResponse({ description: 'recorded by an assessor of the street (enterprise) or industry authority (public institution); others 404; twice 409', type: ApplicationView })
  recommend(@Param('id', uuidParam('id')) id: string, @Body() dto: RecommendationDto, @CurrentPrincipal() principal: Principal): Promise<ApplicationView> {
    return this.steps.recommend(id, dto, principal);
  }

  @Post('applications/:id/eligibility')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: '资格审查; before the recommendation, or twice, 409; falseMaterial bans the person (and an employer-channel employer)', type: ApplicationView })
  eligibility(@Param('id', uuidParam('id')) id: string, @Body() dto: EligibilityDto, @CurrentPrincipal() principal: Principal): Promise<ApplicationView> {
    return this.steps.decideEligibility(id, dto, principal);
  }

  @Get('applications/:id/form')
  @Roles('admin', 'employer', 'expert')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the filled 松江区首席技师申报表 (003 附件1), printable HTML (ID number and phone masked); an expert reads those of the rounds assigned to it, others 404' })
  async form(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<string> {
    const row = await this.applications.forForm(id, principal);
    // SPEC §8: only the district office sees a birth date.
    const birthMonth = principal.role === 'admin' ? ((await this.identity.lifeDatesOf(this.db.manager, [row.talent_id])).get(row.talent_id)?.birthDate.slice(0, 7) ?? null) : null;
    return renderApplicationForm(row, birthMonth);
  }

  @Get('application-bans')
  @Roles('admin', 'employer')
  @ApiOkResponse({ description: 'application bans, newest first (?active=true: in force today); an employer sees its own and its people’s', type: pageOf(BanView) })
  bans(@Query() query: BanQuery, @CurrentPrincipal() principal: Principal): Promise<Page<BanView>> {
    return this.steps.bans(query, principal);
  }
}
