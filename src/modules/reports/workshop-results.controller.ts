import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { RecordAnnualResultsDto } from './dto/report-query.dto';
import { AnnualResultsView } from './workshop-results.views';
import { WorkshopResultsService } from './workshop-results.service';

@ApiTags('workshops')
@ApiBearerAuth()
@Controller('workshops')
export class WorkshopResultsController {
  constructor(private readonly results: WorkshopResultsService) {}

  @Post(':id/annual-results')
  @HttpCode(201)
  @Roles('union', 'admin')
  @ApiCreatedResponse({ description: 'the year’s record (创新成果, patents by type, exchange activities); a second one for the same year replaces it (audited)', type: AnnualResultsView })
  record(@Param('id', uuidParam('id')) id: string, @Body() dto: RecordAnnualResultsDto, @CurrentPrincipal() principal: Principal): Promise<AnnualResultsView> {
    return this.results.record(id, dto, principal);
  }

  @Get(':id/annual-results')
  @Roles('admin', 'city_office', 'union')
  @ApiOkResponse({ description: 'the workshop’s yearly records, newest first (one page)', type: pageOf(AnnualResultsView) })
  list(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<{ items: AnnualResultsView[]; nextCursor: null }> {
    return this.results.list(id, principal);
  }
}
