import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { uuidParam } from '../../core/http/params';
import { CreateHonourDto } from './dto/create-honour.dto';
import { CreateTalentDto } from './dto/create-talent.dto';
import { CreateTitleDto } from './dto/create-title.dto';
import { HonourView, TalentDetail, TalentView, TitleView } from './talent.views';
import { TalentLookupDto } from './dto/talent-lookup.dto';
import { TalentQuery } from './dto/talent-query.dto';
import { UpdateTalentDto } from './dto/update-talent.dto';
import { Page, pageOf } from '../../core/http/pagination';
import { TalentsService } from './talents.service';

@ApiTags('talents')
@ApiBearerAuth()
@Controller('talents')
export class TalentsController {
  constructor(private readonly talents: TalentsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'city_office')
  @ApiCreatedResponse({ description: 'the talent; the ID number and phone only masked; birthDate and statutoryRetirementDate for admin only', type: TalentDetail })
  create(@Body() dto: CreateTalentDto, @CurrentPrincipal() reader: Principal): Promise<TalentDetail> {
    return this.talents.create(dto, reader.role);
  }

  /** Finance reads one person at a time (SPEC §5), never the register. */
  @Get()
  @Roles('admin', 'city_office')
  @ApiOkResponse({ type: pageOf(TalentView) })
  list(@Query() query: TalentQuery, @CurrentPrincipal() reader: Principal): Promise<Page<TalentView>> {
    return this.talents.list(query, reader.role);
  }

  @Post('lookup')
  @HttpCode(200)
  @Roles('admin', 'city_office')
  @ApiOkResponse({ description: 'the same list as GET /talents?idNumber=, with the number kept out of the URL', type: pageOf(TalentView) })
  lookup(@Body() dto: TalentLookupDto, @CurrentPrincipal() reader: Principal): Promise<Page<TalentView>> {
    return this.talents.list({ idNumber: dto.idNumber }, reader.role);
  }

  @Get(':id')
  @Roles('admin', 'city_office', 'finance')
  @ApiOkResponse({ description: 'the talent; birthDate and statutoryRetirementDate for admin only', type: TalentDetail })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() reader: Principal): Promise<TalentDetail> {
    return this.talents.get(id, reader.role);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ description: 'the talent; a new retirementCategory recomputes statutoryRetirementDate', type: TalentDetail })
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateTalentDto, @CurrentPrincipal() reader: Principal): Promise<TalentDetail> {
    return this.talents.update(id, dto, reader.role);
  }

  @Post(':id/honours')
  @HttpCode(201)
  @Roles('admin', 'city_office')
  @ApiCreatedResponse({ type: HonourView })
  addHonour(@Param('id', uuidParam('id')) id: string, @Body() dto: CreateHonourDto): Promise<HonourView> {
    return this.talents.addHonour(id, dto);
  }

  @Delete(':id/honours/:honourId')
  @HttpCode(204)
  @Roles('admin', 'city_office')
  @ApiNoContentResponse({ description: 'the honour is revoked' })
  async revokeHonour(@Param('id', uuidParam('id')) id: string, @Param('honourId', uuidParam('honourId')) honourId: string): Promise<void> {
    await this.talents.revokeHonour(id, honourId);
  }

  @Post(':id/titles')
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ type: TitleView })
  addTitle(@Param('id', uuidParam('id')) id: string, @Body() dto: CreateTitleDto): Promise<TitleView> {
    return this.talents.addTitle(id, dto);
  }
}
