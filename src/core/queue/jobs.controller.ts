import { Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Validate } from 'class-validator';
import { Roles } from '../auth/roles.decorator';
import { Clock } from '../clock/clock';
import { RequestContext } from '../context/request-context';
import { IsBusinessDate } from '../http/validators';
import { JOB_NAMES } from './job';
import { JobOutcome, JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';

class RunJobDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'run as if today were this date (Asia/Shanghai); default today' })
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
  ) {}

  @Post(':name/run')
  @HttpCode(200)
  @Roles('admin')
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @ApiOkResponse({ description: '{name, asOf, result} when the run is done' })
  run(@Param('name') name: string, @Body() dto: RunJobDto): Promise<JobOutcome> {
    if (!this.registry.has(name)) throw new NotFoundException(`name: no job called '${name}' (jobs: ${JOB_NAMES.join(', ')})`);
    return this.runner.runNow(name, { asOf: dto.asOf ?? this.clock.today(), trigger: 'manual', requestedBy: RequestContext.actor() });
  }
}
