import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { Page, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { AssessmentView } from './assessment.views';
import { AssessmentsService } from './assessments.service';
import { AssessmentQuery, CorrectResultDto, RecordResultDto } from './dto/assessment.dto';
import { StatusCounts } from '../../core/http/status-counts';

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @Roles('admin', 'assessor')
  @ApiOkResponse({ description: "an assessor sees only its organisation's tasks", type: pageOf(AssessmentView) })
  list(@Query() query: AssessmentQuery, @CurrentPrincipal() principal: Principal): Promise<Page<AssessmentView>> {
    return this.assessments.list(query, principal);
  }

  // Before ':id', so 'counts' is not taken for an id.
  @Get('counts')
  @Roles('admin', 'assessor')
  @ApiOkResponse({ description: "{byStatus: {open, overdue, done, cancelled}}: the reader's tasks per status, as the list would show them", type: StatusCounts })
  counts(@CurrentPrincipal() principal: Principal): Promise<StatusCounts> {
    return this.assessments.counts(principal);
  }

  @Get(':id')
  @Roles('admin', 'assessor')
  @ApiOkResponse({ type: AssessmentView })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<AssessmentView> {
    return this.assessments.get(id, principal);
  }

  @Post(':id/result')
  @HttpCode(200)
  @Roles('admin', 'assessor')
  @ApiOkResponse({ description: "the task, status 'done'; an unqualified grade proposes an assessment_failed adjustment", type: AssessmentView })
  record(@Param('id', uuidParam('id')) id: string, @Body() dto: RecordResultDto, @CurrentPrincipal() principal: Principal): Promise<AssessmentView> {
    return this.assessments.record(id, dto, principal);
  }

  /** SPEC §3.4: the district office corrects a recorded result, with a reason; audited. */
  @Post(':id/correction')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'the corrected task; a correction away from unqualified rejects the pending assessment_failed adjustment the result proposed' })
  correct(@Param('id', uuidParam('id')) id: string, @Body() dto: CorrectResultDto, @CurrentPrincipal() principal: Principal): Promise<AssessmentView> {
    return this.assessments.correct(id, dto, principal);
  }
}
