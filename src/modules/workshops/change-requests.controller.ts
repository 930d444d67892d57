import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { Page, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { renderChangeRequestForm } from './change-request-form.renderer';
import { ChangeRequestCounts, changeRequestView, ChangeRequestView } from './change-request.views';
import { ChangeRequestsService } from './change-requests.service';
import { ChangeDecisionDto, ChangeRequestQuery, FileChangeRequestDto } from './dto/change-request.dto';

@ApiTags('workshops')
@ApiBearerAuth()
@Controller()
export class ChangeRequestsController {
  constructor(private readonly requests: ChangeRequestsService) {}

  @Post('workshops/:id/change-requests')
  @HttpCode(201)
  @Roles('union')
  @ApiCreatedResponse({ description: "the request, status 'submitted'", type: ChangeRequestView })
  file(@Param('id', uuidParam('id')) id: string, @Body() dto: FileChangeRequestDto, @CurrentPrincipal() principal: Principal): Promise<ChangeRequestView> {
    return this.requests.file(id, dto, principal);
  }

  @Post('change-requests/:id/decisions')
  @HttpCode(200)
  @Roles('union', 'city_office')
  @ApiOkResponse({ description: 'the request with its new status', type: ChangeRequestView })
  decide(@Param('id', uuidParam('id')) id: string, @Body() dto: ChangeDecisionDto, @CurrentPrincipal() principal: Principal): Promise<ChangeRequestView> {
    return this.requests.decide(id, dto, principal);
  }

  @Get('change-requests')
  @Roles('union', 'city_office', 'admin')
  @ApiOkResponse({ type: pageOf(ChangeRequestView) })
  list(@Query() query: ChangeRequestQuery, @CurrentPrincipal() principal: Principal): Promise<Page<ChangeRequestView>> {
    return this.requests.list(query, principal);
  }

  // Before 'change-requests/:id', so 'counts' is not taken for an id.
  @Get('change-requests/counts')
  @Roles('union', 'city_office', 'admin')
  @ApiOkResponse({ description: 'byStatus: {submitted, union_reviewed, approved, rejected}', type: ChangeRequestCounts })
  counts(@CurrentPrincipal() principal: Principal): Promise<ChangeRequestCounts> {
    return this.requests.counts(principal);
  }

  @Get('change-requests/:id')
  @Roles('union', 'city_office', 'admin')
  @ApiOkResponse({ type: ChangeRequestView })
  async get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<ChangeRequestView> {
    return changeRequestView(await this.requests.get(id, principal));
  }

  @Get('change-requests/:id/form')
  @Roles('union', 'city_office', 'admin')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the filled 上海市工匠创新工作室管理变更申请表, printable HTML' })
  async form(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<string> {
    const { request, contactPhone } = await this.requests.form(id, principal);
    return renderChangeRequestForm(request, request.created_at, contactPhone);
  }
}
