import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import type { Page } from '../../core/http/pagination';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import type { Principal } from '../../core/context/request-context';
import { uuidParam } from '../../core/http/params';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/roles.decorator';
import { CreateUserDto, SetPasswordDto, UserQuery } from './dto/create-user.dto';
import { UsersService, UserView } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ description: 'the user with its API token, shown only this once' })
  create(@Body() dto: CreateUserDto): Promise<UserView & { token: string }> {
    return this.users.create(dto);
  }

  @Get()
  @Roles('admin')
  list(@Query() query: UserQuery): Promise<Page<UserView>> {
    return this.users.list(query);
  }

  @Put(':id/password')
  @Roles('admin')
  @ApiOkResponse({ description: 'the user; its console sessions end' })
  setPassword(@Param('id', uuidParam('id')) id: string, @Body() dto: SetPasswordDto): Promise<UserView> {
    return this.users.setPassword(id, dto);
  }

  @Post(':id/tokens')
  @HttpCode(201)
  @Roles('admin', 'finance', 'assessor', 'union', 'city_office')
  @ApiCreatedResponse({ description: 'a new token, shown once; every earlier token of the user is revoked' })
  rotate(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<{ userId: string; token: string }> {
    return this.users.rotateToken(id, principal);
  }

  @Delete(':id/tokens')
  @HttpCode(204)
  @Roles('admin', 'finance', 'assessor', 'union', 'city_office')
  async revoke(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.users.revokeTokens(id, principal);
  }
}
