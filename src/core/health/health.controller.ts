import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator';
import { JobRunner } from '../queue/job-runner';

export interface Health {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  queue: 'up' | 'down' | 'inline';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runner: JobRunner,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: "{status:'ok', db:'up', queue:'up'|'inline'}; 503 when a dependency is down" })
  async check(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const db = await this.db
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const queue = await this.runner.health();
    const ok = db === 'up' && queue !== 'down';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', db, queue };
  }
}
