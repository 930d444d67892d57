import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '../../core/auth/roles.decorator';
import { Page, PageQuery } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { ORGANIZATION_KINDS, OrganizationKind } from './entities/organization.entity';
import { OrganizationsService, OrganizationView } from './organizations.service';

class OrganizationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS }) @IsOptional() @IsIn(ORGANIZATION_KINDS) kind?: OrganizationKind;
}

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'city_office')
  @ApiCreatedResponse({ description: 'the organisation' })
  create(@Body() dto: CreateOrganizationDto): Promise<OrganizationView> {
    return this.organizations.create(dto);
  }

  @Get()
  @Roles('admin', 'city_office')
  list(@Query() query: OrganizationQuery): Promise<Page<OrganizationView>> {
    return this.organizations.list(query);
  }

  @Get(':id')
  @Roles('admin', 'city_office')
  get(@Param('id', uuidParam('id')) id: string): Promise<OrganizationView> {
    return this.organizations.get(id);
  }
}

