import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { decoyHash, verifyPassword } from '../../core/auth/passwords';
import { hashToken, newToken } from '../../core/auth/tokens';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { RequestContext, type Principal, type Role } from '../../core/context/request-context';

export interface SessionView {
  token: string;
  expiresAt: Date;
  user: SignedInUser;
}

export interface SignedInUser {
  id: string;
  name: string;
  username: string | null;
  role: Role;
  organizationId: string | null;
}

/** One address may try this many times the per-username bound: an office behind one NAT has several people. */
const ADDRESS_FACTOR = 4;

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async signIn(username: string, password: string, address: string): Promise<SessionView> {
    const key = username.trim().toLowerCase();
    await this.refuseWhenTooManyFailures(key, address);
    const [user] = await this.db.query<Array<SignedInUser & { passwordHash: string | null }>>(
      `SELECT id, name, username, role, organization_id AS "organizationId", password_hash AS "passwordHash"
         FROM users WHERE lower(username) = $1`,
      [key],
    );
    // The same work whether or not the username exists.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !user.passwordHash || !matches) {
      await this.db.query(`INSERT INTO sign_in_failures (username_key, address, at) VALUES ($1, $2, $3)`, [key, address, this.clock.now()]);
      throw new UnauthorizedException('username or password is wrong');
    }
    const token = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.auth.sessionTtlMinutes * 60_000);
    return this.db.transaction(async (manager) => {
      await manager.query(`INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [user.id, hashToken(token), expiresAt]);
      await manager.query(`DELETE FROM sign_in_failures WHERE username_key = $1`, [key]);
      RequestContext.setPrincipal({ userId: user.id, name: user.name, role: user.role, organizationId: user.organizationId });
      await this.audit.record(manager, { action: 'user.signed_in', entityType: 'user', entityId: user.id, after: { expiresAt } });
      const { passwordHash: _hidden, ...view } = user;
      return { token, expiresAt, user: view };
    });
  }

  async current(principal: Principal, token: string | undefined): Promise<{ user: SignedInUser; expiresAt: Date | null }> {
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

  private async refuseWhenTooManyFailures(key: string, address: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - this.config.auth.signInWindowMinutes * 60_000);
    const [{ byUser, byAddress }] = await this.db.query<Array<{ byUser: number; byAddress: number }>>(
      `SELECT (SELECT count(*)::int FROM sign_in_failures WHERE username_key = $1 AND at > $3) AS "byUser",
              (SELECT count(*)::int FROM sign_in_failures WHERE address = $2 AND at > $3) AS "byAddress"`,
      [key, address, since],
    );
    const max = this.config.auth.signInMaxFailures;
    if (byUser >= max || byAddress >= max * ADDRESS_FACTOR) {
      throw new HttpException(`too many wrong passwords: try again in ${this.config.auth.signInWindowMinutes} minutes`, HttpStatus.TOO_MANY_REQUESTS);
    }
  }
}
