import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/roles.decorator';
import { uuidParam } from '../../core/http/params';
import { CreateHonourDto } from './dto/create-honour.dto';
import { CreateTalentDto } from './dto/create-talent.dto';
import { CreateTitleDto } from './dto/create-title.dto';
import { HonourView, TalentView, TitleView } from './talent.views';
import { TalentQuery } from './dto/talent-query.dto';
import { Page } from '../../core/http/pagination';
import { TalentDetail, TalentsService } from './talents.service';

@ApiTags('talents')
@ApiBearerAuth()
@Controller('talents')
export class TalentsController {
  constructor(private readonly talents: TalentsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'city_office')
  @ApiCreatedResponse({ description: 'the talent; the ID number and phone only masked' })
  create(@Body() dto: CreateTalentDto): Promise<TalentDetail> {
    return this.talents.create(dto);
  }

  @Get()
  // SPEC §5: finance reads a person it pays (GET /talents/{id}), never the register.
  @Roles('admin', 'city_office')
  list(@Query() query: TalentQuery): Promise<Page<TalentView>> {
    return this.talents.list(query);
  }

  @Get(':id')
  @Roles('admin', 'city_office', 'finance')
  get(@Param('id', uuidParam('id')) id: string): Promise<TalentDetail> {
    return this.talents.get(id);
  }

  @Post(':id/honours')
  @HttpCode(201)
  @Roles('admin', 'city_office')
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
  addTitle(@Param('id', uuidParam('id')) id: string, @Body() dto: CreateTitleDto): Promise<TitleView> {
    return this.talents.addTitle(id, dto);
  }
}
