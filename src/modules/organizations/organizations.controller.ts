import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { Page, PageQuery, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { ImportedRows, SheetUpload } from '../../core/http/request-body';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { ORGANIZATION_KINDS, OrganizationKind } from './entities/organization.entity';
import { OrganizationImportService } from './organization-import.service';
import { OrganizationView } from './organization.views';
import { OrganizationsService } from './organizations.service';

class OrganizationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS }) @IsOptional() @IsIn(ORGANIZATION_KINDS) kind?: OrganizationKind;
}

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly importer: OrganizationImportService,
  ) {}

  @Post('import')
  @HttpCode(201)
  @Roles('admin')
  @SheetUpload()
  @ApiCreatedResponse({ type: ImportedRows, description: '{created: n}: the rows of the 组织机构 template (GET /templates/organizations), all or none' })
  @ApiBadRequestResponse({ description: '{message, errors: [{row, field, message}]} with the rows as Excel numbers them' })
  import(@Body() body: unknown, @Headers('content-type') contentType?: string): Promise<ImportedRows> {
    return this.importer.import(body, contentType);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin', 'city_office')
  @ApiCreatedResponse({ description: 'the organisation; city_office may create only employer and union organisations (403); a second district_office or city_office is 409', type: OrganizationView })
  create(@Body() dto: CreateOrganizationDto, @CurrentPrincipal() principal: Principal): Promise<OrganizationView> {
    return this.organizations.create(dto, principal);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ description: 'the organisation after the change (any create field but kind), audited', type: OrganizationView })
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateOrganizationDto): Promise<OrganizationView> {
    return this.organizations.update(id, dto);
  }

  @Get()
  @Roles('admin', 'city_office')
  @ApiOkResponse({ type: pageOf(OrganizationView) })
  list(@Query() query: OrganizationQuery): Promise<Page<OrganizationView>> {
    return this.organizations.list(query);
  }

  @Get(':id')
  @Roles('admin', 'city_office')
  @ApiOkResponse({ type: OrganizationView })
  get(@Param('id', uuidParam('id')) id: string): Promise<OrganizationView> {
    return this.organizations.get(id);
  }
}

