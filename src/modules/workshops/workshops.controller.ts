import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { Page } from '../../core/http/pagination';
import { WorkshopQuery } from './dto/workshop-query.dto';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { uuidParam } from '../../core/http/params';
import { CreateWorkshopDto } from './dto/create-workshop.dto';
import { WorkshopView } from './workshop.views';
import { LeadCandidate, WorkshopsService } from './workshops.service';

@ApiTags('workshops')
@ApiBearerAuth()
@Controller('workshops')
export class WorkshopsController {
  constructor(private readonly workshops: WorkshopsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'city_office')
  @ApiCreatedResponse({ description: 'the workshop with its lead history' })
  create(@Body() dto: CreateWorkshopDto, @CurrentPrincipal() principal: Principal): Promise<WorkshopView> {
    return this.workshops.create(dto, principal);
  }

  @Get()
  @Roles('admin', 'city_office', 'union', 'employer')
  @ApiOkResponse({ description: 'workshops the caller may see (a union: its own, or those of the unions under it), oldest first' })
  list(@Query() query: WorkshopQuery, @CurrentPrincipal() principal: Principal): Promise<Page<Omit<WorkshopView, 'leadHistory' | 'timeline'>>> {
    return this.workshops.list(query, principal);
  }

  @Get(':id/lead-candidates')
  @Roles('admin', 'city_office', 'union')
  @ApiOkResponse({ description: 'people of the workshop’s employer holding 上海工匠, the current lead aside (at most 200, one page)' })
  leadCandidates(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<Page<LeadCandidate>> {
    return this.workshops.leadCandidates(id, principal);
  }

  @Get(':id')
  @Roles('admin', 'city_office', 'union', 'employer')
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<WorkshopView> {
    return this.workshops.get(id, principal);
  }
}
