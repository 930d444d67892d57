import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/roles.decorator';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../http/pagination';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export interface AuditEventView {
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ description: '{items, nextCursor}: newest first' })
  async list(@Query() query: AuditQuery): Promise<Page<AuditEventView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const rows: AuditRow[] = await this.db.query(
      `SELECT * FROM audit_events
        WHERE ($1::text IS NULL OR entity_type = $1)
          AND ($2::text IS NULL OR entity_id = $2)
          AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [query.entityType ?? null, query.entityId ?? null, afterId ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => [r.id], (r) => ({
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      requestId: r.request_id,
    }));
  }
}
