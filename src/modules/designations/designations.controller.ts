import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { ImportedRows, SheetUpload } from '../../core/http/request-body';
import { Page, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { DesignationImportService, IMPORT_HEADER } from './designation-import.service';
import { DesignationDetail, DesignationView } from './designation.views';
import { DesignationsService } from './designations.service';
import { CreateDesignationDto } from './dto/create-designation.dto';
import { DesignationQuery } from './dto/designation-query.dto';

@ApiTags('designations')
@ApiBearerAuth()
@Controller('designations')
export class DesignationsController {
  constructor(
    private readonly designations: DesignationsService,
    private readonly importer: DesignationImportService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ description: 'the designation with its term and due dates', type: DesignationView })
  create(@Body() dto: CreateDesignationDto): Promise<DesignationView> {
    return this.designations.create(dto);
  }

  @Post('import')
  @HttpCode(201)
  @Roles('admin')
  @SheetUpload()
  @ApiBody({ schema: { type: 'string', example: `${IMPORT_HEADER.join(',')}\n张伟,310117198503150011,91310117MA1J3B0X4Q,2024,2024-06-15` } })
  @ApiCreatedResponse({ type: ImportedRows, description: '{created: n}: all rows or none' })
  @ApiBadRequestResponse({ description: '{message, errors: [{row, field, message}]}' })
  import(@Body() body: unknown, @Headers('content-type') contentType?: string): Promise<ImportedRows> {
    return this.importer.import(body, contentType);
  }

  @Get()
  @Roles('admin', 'finance', 'employer')
  @ApiOkResponse({ type: pageOf(DesignationView) })
  list(@Query() query: DesignationQuery, @CurrentPrincipal() principal: Principal): Promise<Page<DesignationView>> {
    return this.designations.list(query, principal);
  }

  @Get(':id')
  @Roles('admin', 'finance', 'employer')
  @ApiOkResponse({ type: DesignationDetail })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<DesignationDetail> {
    return this.designations.get(id, principal);
  }
}
