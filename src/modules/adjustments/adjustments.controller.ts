import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { Page, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { AdjustmentEffect, AdjustmentView } from './adjustment.views';
import { AdjustmentsService } from './adjustments.service';
import { AdjustmentQuery } from './dto/adjustment-query.dto';
import { CreateAdjustmentDto } from './dto/create-adjustment.dto';
import { DecisionDto } from './dto/decide-adjustment.dto';
import { StatusCounts } from '../../core/http/status-counts';

@ApiTags('adjustments')
@ApiBearerAuth()
@Controller()
export class AdjustmentsController {
  constructor(private readonly adjustments: AdjustmentsService) {}

  @Post('designations/:id/adjustments')
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ description: "the adjustment, status 'pending'", type: AdjustmentView })
  create(@Param('id', uuidParam('id')) id: string, @Body() dto: CreateAdjustmentDto): Promise<AdjustmentView> {
    return this.adjustments.create(id, dto);
  }

  @Get('adjustments')
  @Roles('admin')
  @ApiOkResponse({ type: pageOf(AdjustmentView) })
  list(@Query() query: AdjustmentQuery): Promise<Page<AdjustmentView>> {
    return this.adjustments.list(query);
  }

  // Before 'adjustments/:id/…' routes, as a literal path: 'counts' is never an id.
  @Get('adjustments/counts')
  @Roles('admin')
  @ApiOkResponse({ description: '{byStatus: {pending, approved, rejected, …}}: adjustments per status, as the list would show them', type: StatusCounts })
  counts(): Promise<StatusCounts> {
    return this.adjustments.counts();
  }

  /** What approving it would do to the money, for the confirmation before the decision (issue 15). */
  @Get('adjustments/:id/effect')
  @Roles('admin')
  @ApiOkResponse({ description: '{effectiveOn, stopsOn, clawbackFen, months, grantClawbackFen, grants}: what the next run claws back once it is approved', type: AdjustmentEffect })
  effect(@Param('id', uuidParam('id')) id: string): Promise<AdjustmentEffect> {
    return this.adjustments.effect(id);
  }

  @Post('adjustments/:id/decision')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: AdjustmentView })
  decide(@Param('id', uuidParam('id')) id: string, @Body() dto: DecisionDto, @CurrentPrincipal() principal: Principal): Promise<AdjustmentView> {
    return this.adjustments.decide(id, dto, principal);
  }
}
