import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { passwordClient } from '../../core/auth/password-attempts';
import { ROLES } from '../../core/context/request-context';
import { Page, pageOf } from '../../core/http/pagination';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import type { Principal } from '../../core/context/request-context';
import { uuidParam } from '../../core/http/params';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/roles.decorator';
import { ChangeOwnPasswordDto, CreateUserDto, MintTokenDto, SetPasswordDto, UpdateUserDto, UserQuery } from './dto/create-user.dto';
import { CreatedUser, MintedToken, UserListItem, UsersService, UserView } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ description: 'the user with its API token, shown only this once', type: CreatedUser })
  create(@Body() dto: CreateUserDto): Promise<CreatedUser> {
    return this.users.create(dto);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ description: 'users, each with organizationName and disabled', type: pageOf(UserListItem) })
  list(@Query() query: UserQuery): Promise<Page<UserListItem>> {
    return this.users.list(query);
  }

  // Before ':id/password', so 'me' is not taken for an id.
  @Put('me/password')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiNoContentResponse({ description: 'changed; the API tokens and the other sessions of the user end; a wrong currentPassword is 403 and counts like a failed sign-in (429 after too many)' })
  async changeOwnPassword(@Body() dto: ChangeOwnPasswordDto, @CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<void> {
    await this.users.changeOwnPassword(principal, dto, passwordClient(request));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ description: 'the user; disabling ends every session and API token at once; audited', type: UserView })
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(id, dto);
  }

  @Put(':id/password')
  @Roles('admin')
  @ApiOkResponse({ description: 'the user; every console session and API token of the user ends', type: UserView })
  setPassword(@Param('id', uuidParam('id')) id: string, @Body() dto: SetPasswordDto): Promise<UserView> {
    return this.users.setPassword(id, dto);
  }

  @Post(':id/tokens')
  @HttpCode(201)
  @Roles(...ROLES)
  @ApiCreatedResponse({ type: MintedToken, description: 'a new token, shown once; every earlier token of the user is revoked; from a console session a non-admin sends {password} (wrong: 403, counted like a failed sign-in)' })
  rotate(@Param('id', uuidParam('id')) id: string, @Body() dto: MintTokenDto, @CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<MintedToken> {
    return this.users.rotateToken(id, principal, dto, passwordClient(request));
  }

  @Delete(':id/tokens')
  @HttpCode(204)
  @Roles(...ROLES)
  @ApiNoContentResponse({ description: 'every API token and console session of the user ends' })
  async revoke(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.users.revokeTokens(id, principal);
  }
}
