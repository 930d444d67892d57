import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { passwordClient, setDeviceCookie } from '../../core/auth/password-attempts';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Public, Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { ROLES } from '../../core/context/request-context';
import { SignInDto } from './dto/sign-in.dto';
import { CurrentSession, SessionsService, SessionView } from './sessions.service';

function bearer(request: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
}

/** Console sign-in: a username and password give a session token that expires; API tokens keep working beside it. */
@ApiTags('sessions')
@Controller('sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiCreatedResponse({
    description:
      '{token, expiresAt, user} and a device cookie (sjct_device) that lets this browser sign in while others are locked out; 401 on a wrong username or password, 403 for a disabled user, 429 after too many wrong passwords',
    type: SessionView,
  })
  async signIn(@Body() dto: SignInDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionView> {
    const { session, deviceToken } = await this.sessions.signIn(dto.username, dto.password, passwordClient(request));
    setDeviceCookie(request, response, deviceToken);
    return session;
  }

  @Get('current')
  @ApiBearerAuth()
  @Roles(...ROLES)
  @ApiOkResponse({ type: CurrentSession })
  current(@CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<CurrentSession> {
    return this.sessions.current(principal, bearer(request));
  }

  @Delete('current')
  @ApiBearerAuth()
  @HttpCode(204)
  @Roles(...ROLES)
  async signOut(@CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<void> {
    await this.sessions.signOut(principal, bearer(request));
  }
}
