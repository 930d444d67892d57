import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Page, pageOf } from '../../core/http/pagination';
import { WorkshopQuery } from './dto/workshop-query.dto';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { uuidParam } from '../../core/http/params';
import { CreateWorkshopDto } from './dto/create-workshop.dto';
import { LeadCandidate, WorkshopDetail, WorkshopView } from './workshop.views';
import { WorkshopsService } from './workshops.service';

@ApiTags('workshops')
@ApiBearerAuth()
@Controller('workshops')
export class WorkshopsController {
  constructor(private readonly workshops: WorkshopsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'city_office')
  @ApiCreatedResponse({ description: 'the workshop with its lead history', type: WorkshopDetail })
  create(@Body() dto: CreateWorkshopDto, @CurrentPrincipal() principal: Principal): Promise<WorkshopDetail> {
    return this.workshops.create(dto, principal);
  }

  @Get()
  @Roles('admin', 'city_office', 'union', 'employer')
  @ApiOkResponse({ description: 'workshops the caller may see (a union: its own, or those of the unions under it), oldest first', type: pageOf(WorkshopView) })
  list(@Query() query: WorkshopQuery, @CurrentPrincipal() principal: Principal): Promise<Page<WorkshopView>> {
    return this.workshops.list(query, principal);
  }

  @Get(':id/lead-candidates')
  @Roles('admin', 'city_office', 'union')
  @ApiOkResponse({ description: 'people of the workshop’s employer holding 上海工匠, the current lead aside (at most 200, one page)', type: pageOf(LeadCandidate) })
  leadCandidates(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<Page<LeadCandidate>> {
    return this.workshops.leadCandidates(id, principal);
  }

  @Get(':id')
  @Roles('admin', 'city_office', 'union', 'employer')
  @ApiOkResponse({ description: 'the workshop with its lead history and timeline', type: WorkshopDetail })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<WorkshopDetail> {
    return this.workshops.get(id, principal);
  }
}
