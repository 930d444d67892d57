import { CanActivate, ExecutionContext, ForbiddenException, HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { Principal, RequestContext, Role } from '../context/request-context';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { hashToken } from './tokens';
import { preparedQuery } from '../database/prepared-query';
import { Clock } from '../clock/clock';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly db: DataSource,
    private readonly limiter: FailedAuthLimiter,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.authenticate(request.header('authorization')).catch(async (error: unknown) => {
      // Only a token that was sent and is unknown counts: a valid token is never refused, a missing one is no guess.
      if (error instanceof UnauthorizedException && request.header('authorization') && (await this.limiter.fail(request.ip ?? 'unknown'))) {
        throw new HttpException('too many failed authentications: try again in a minute', HttpStatus.TOO_MANY_REQUESTS);
      }
      throw error;
    });
    request.principal = principal;
    RequestContext.setPrincipal(principal);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!allowed.includes(principal.role)) throw new ForbiddenException(`role ${principal.role} may not do this`);
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S{1,200})$/i.exec(header ?? '');
    if (!match) throw new UnauthorizedException('Authorization: a bearer token is required');
    // An integration's API token or a console session: both are bearer tokens stored only as hashes.
    // A disabled user's tokens and sessions stop at once, whatever else revoked them.
    // Every request runs this: a prepared statement, planned once per connection (issue 20).
    const rows = await preparedQuery<{ id: string; name: string; role: Role; organization_id: string | null; session_id: string | null }>(
      this.db,
      `SELECT u.id, u.name, u.role, u.organization_id, NULL::uuid AS session_id
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL
       UNION ALL
       SELECT u.id, u.name, u.role, u.organization_id, s.id
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [hashToken(match[1]), this.clock.now()],
    );
    if (rows.length === 0) throw new UnauthorizedException('Authorization: the token is not valid');
    const [u] = rows;
    return { userId: u.id, name: u.name, role: u.role, organizationId: u.organization_id, ...(u.session_id ? { sessionId: u.session_id } : {}) };
  }
}
