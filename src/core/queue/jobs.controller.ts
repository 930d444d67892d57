import { Body, Controller, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiUnprocessableEntityResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Validate } from 'class-validator';
import { Roles } from '../auth/roles.decorator';
import { Clock } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { RequestContext } from '../context/request-context';
import { RuleViolationError } from '../errors/domain-error';
import { IsBusinessDate } from '../http/validators';
import { JOB_NAMES } from './job';
import { JobOutcome, JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';

class RunJobDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'run as if today were this date (Asia/Shanghai); default today; a later day is 422 unless JOBS_ALLOW_FUTURE_AS_OF is on' })
  @IsOptional()
  @Validate(IsBusinessDate)
  asOf?: string;
}

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: JobRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':name/run')
  @HttpCode(200)
  @Roles('admin')
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @ApiOkResponse({ description: '{name, asOf, result} when the run is done' })
  @ApiUnprocessableEntityResponse({ description: 'asOf is after today and JOBS_ALLOW_FUTURE_AS_OF is off' })
  run(@Param('name') name: string, @Body() dto: RunJobDto): Promise<JobOutcome> {
    if (!this.registry.has(name)) throw new NotFoundException(`name: no job called '${name}' (jobs: ${JOB_NAMES.join(', ')})`);
    const today = this.clock.today();
    // A run "as of" a later day does that day's work now, for good (terms completed, tasks opened): only demos and tests may.
    if (dto.asOf !== undefined && dto.asOf > today && !this.config.jobs.allowFutureAsOf) {
      throw new RuleViolationError('JOB_AS_OF_FUTURE', `asOf must not be after today (${today}) unless JOBS_ALLOW_FUTURE_AS_OF is on`);
    }
    return this.runner.runNow(name, { asOf: dto.asOf ?? today, trigger: 'manual', requestedBy: RequestContext.actor() });
  }
}
