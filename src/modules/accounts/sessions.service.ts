import { ApiProperty } from '@nestjs/swagger';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { PasswordAttempts, PasswordClient } from '../../core/auth/password-attempts';
import { hashToken, newToken } from '../../core/auth/tokens';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { ForbiddenError } from '../../core/errors/domain-error';
import { RequestContext, ROLES, type Principal, type Role } from '../../core/context/request-context';
import { HTTP_ERROR_CODES } from '../../core/errors/error-body';

export class SignedInUser {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) username: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: String, nullable: true }) organizationId: string | null;
}

export class SessionView {
  @ApiProperty({ description: 'the bearer token of this console session' }) token: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: SignedInUser }) user: SignedInUser;
}

export class CurrentSession {
  @ApiProperty({ type: SignedInUser }) user: SignedInUser;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null for an API token' }) expiresAt: Date | null;
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly passwords: PasswordAttempts,
  ) {}

  /** Returns the session and the device token to keep in the browser's cookie (see PasswordAttempts). */
  async signIn(username: string, password: string, client: PasswordClient): Promise<{ session: SessionView; deviceToken: string }> {
    const usernameKey = username.trim().toLowerCase();
    const [user] = await this.db.query<Array<SignedInUser & { passwordHash: string | null; disabled: boolean }>>(
      `SELECT id, name, username, role, organization_id AS "organizationId", password_hash AS "passwordHash", disabled_at IS NOT NULL AS disabled
         FROM users WHERE lower(username) = $1`,
      [usernameKey],
    );
    const check = await this.passwords.check({ usernameKey, userId: user?.id ?? null, passwordHash: user?.passwordHash ?? null, disabled: user?.disabled }, password, client);
    if (!check.ok) throw new UnauthorizedException({ message: 'username or password is wrong', code: HTTP_ERROR_CODES.WRONG_CREDENTIALS });
    // Said only to whoever knows the password.
    if (user.disabled) throw new ForbiddenError('this user is disabled: an admin can enable it again');
    const token = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.auth.sessionTtlMinutes * 60_000);
    return this.db.transaction(async (manager) => {
      await manager.query(`INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [user.id, hashToken(token), expiresAt]);
      RequestContext.setPrincipal({ userId: user.id, name: user.name, role: user.role, organizationId: user.organizationId });
      await this.audit.record(manager, { action: 'user.signed_in', entityType: 'user', entityId: user.id, after: { expiresAt } });
      const { passwordHash: _hidden, disabled: _disabled, ...view } = user;
      return { session: { token, expiresAt, user: view }, deviceToken: check.deviceToken };
    });
  }

  async current(principal: Principal, token: string | undefined): Promise<CurrentSession> {
    const [row] = await this.db.query<Array<SignedInUser & { expiresAt: Date | null }>>(
      `SELECT u.id, u.name, u.username, u.role, u.organization_id AS "organizationId",
              (SELECT s.expires_at FROM sessions s WHERE s.token_hash = $2) AS "expiresAt"
         FROM users u WHERE u.id = $1`,
      [principal.userId, token ? hashToken(token) : null],
    );
    const { expiresAt, ...user } = row;
    return { user, expiresAt };
  }

  /** Ends the session the request came with; an API token is left alone (revoke those with DELETE /users/{id}/tokens). */
  async signOut(principal: Principal, token: string | undefined): Promise<void> {
    if (!token) return;
    await this.db.transaction(async (manager) => {
      const [, ended] = await manager.query(`UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL`, [hashToken(token), this.clock.now()]);
      if (ended > 0) await this.audit.record(manager, { action: 'user.signed_out', entityType: 'user', entityId: principal.userId, after: null });
    });
  }
}
