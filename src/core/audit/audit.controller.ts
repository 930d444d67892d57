import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { nameContains } from '../database/name-search';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/roles.decorator';
import { decodeCursor, Page, pageOf, PageQuery, pageSize, toPage } from '../http/pagination';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;

  @ApiPropertyOptional({ description: 'actions, comma-separated (e.g. adjustment.proposed,designation.suspended); the console offers them by their Chinese labels' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+(,[a-z_]+\.[a-z_]+){0,19}$/, { message: 'action must be one or more actions such as talent.updated, comma-separated' })
  action?: string;

  @ApiPropertyOptional({ description: 'any part of a person’s name: events about that person (talent, designations, adjustments, assessments) or a user so named' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  person?: string;
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
  actor_name: string | null;
}

export class AuditEventView {
  @ApiProperty() at: string;
  @ApiProperty({ description: '`user:<id>`, `job:<name>` or `system`' }) actor: string;
  @ApiProperty({ type: String, nullable: true, description: "the user's name when the actor is a user (`user:<id>`); null for jobs and the system" }) actorName: string | null;
  @ApiProperty({ example: 'adjustment.proposed' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the entity before the change, as audited' }) before: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the entity after the change, as audited' }) after: unknown;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ description: '{items, nextCursor}: newest first', type: pageOf(AuditEventView) })
  async list(@Query() query: AuditQuery): Promise<Page<AuditEventView>> {
    const limit = pageSize(query);
    const [afterId] = decodeCursor(query.cursor, 1) ?? [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    // Only the filters given become conditions, so each can use its index (entity, action, id).
    const where: string[] = [];
    if (query.entityType !== undefined) where.push(`e.entity_type = ${param(query.entityType)}`);
    if (query.entityId !== undefined) where.push(`e.entity_id = ${param(query.entityId)}`);
    if (query.action !== undefined) where.push(`e.action = ANY(${param(query.action.split(','))}::text[])`);
    if (query.person !== undefined) where.push(`(e.entity_type, e.entity_id) IN (${subjectsNamed(query.person.trim() || query.person, param)})`);
    if (afterId !== undefined) where.push(`e.id < ${param(afterId)}::bigint`);
    const rows: AuditRow[] = await this.db.query(
      `SELECT e.*, u.name AS actor_name
         FROM audit_events e
         LEFT JOIN users u ON e.actor LIKE 'user:%' AND u.id = CASE WHEN e.actor ~ '^user:[0-9a-f-]{36}$' THEN substr(e.actor, 6)::uuid END
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(rows, limit, (r) => [r.id], (r) => ({
      at: r.at.toISOString(),
      actor: r.actor,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      requestId: r.request_id,
    }));
  }
}

/**
 * The audit subjects that are a person so named: the talent, its designations,
 * their adjustments and assessments, and users of that name. Talents are found
 * through the name index; the rest through their designation indexes.
 */
function subjectsNamed(term: string, param: (value: unknown) => string): string {
  const people = `SELECT id FROM talents WHERE ${nameContains('name', term, param)}`;
  const designations = `SELECT id FROM designations WHERE talent_id IN (${people})`;
  return `
    SELECT 'talent', id::text FROM (${people}) p
    UNION ALL SELECT 'designation', id::text FROM (${designations}) d
    UNION ALL SELECT 'adjustment', a.id::text FROM adjustments a WHERE a.designation_id IN (${designations})
    UNION ALL SELECT 'assessment', x.id::text FROM assessment_tasks x WHERE x.designation_id IN (${designations})
    UNION ALL SELECT 'user', u.id::text FROM users u WHERE strpos(lower(u.name), ${param(term.toLowerCase())}) > 0`;
}
