import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Roles } from '../../core/auth/roles.decorator';
import { XLSX_MEDIA_TYPE } from '../../core/sheet/uploaded-sheet';
import { TEMPLATE_NAMES, TemplatesService } from './templates.service';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The opening-ledger templates carry full ID numbers, as the roster does: audited, never cached. */
  @Get(':name')
  @Roles('admin', 'finance')
  @ApiParam({ name: 'name', enum: TEMPLATE_NAMES })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ description: 'an .xlsx import template: Chinese headings, an example row or the pre-filled opening ledger, and a 填写说明 sheet' })
  async get(@Param('name') name: string, @Res() res: Response): Promise<void> {
    const fileName = this.templates.fileName(name);
    if (name.startsWith('opening-ledger')) {
      await this.db.transaction((manager) => this.audit.record(manager, { action: 'template.exported', entityType: 'template', entityId: name, after: { name } }));
    }
    res.setHeader('Content-Type', XLSX_MEDIA_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    res.setHeader('Cache-Control', 'no-store');
    await this.templates.write(name, res);
  }
}
