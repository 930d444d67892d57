import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { hashToken, newToken } from '../../core/auth/tokens';
import { hashPassword } from '../../core/auth/passwords';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import type { Principal, Role } from '../../core/context/request-context';
import { ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { Clock } from '../../core/clock/clock';
import { Organization, OrganizationKind } from '../organizations/entities/organization.entity';
import { CreateUserDto, SetPasswordDto, UserQuery } from './dto/create-user.dto';
import { User } from './entities/user.entity';

export interface UserView {
  id: string;
  name: string;
  role: Role;
  organizationId: string | null;
  email: string | null;
  username: string | null;
  /** Whether the user can sign in to the console. */
  hasPassword: boolean;
}

/** Which organisations a role can be bound to; a role absent here needs none. */
const ROLE_ORGANIZATION_KINDS: Partial<Record<Role, readonly OrganizationKind[]>> = {
  assessor: ['street', 'industry_authority', 'district_office'],
  union: ['union'],
};

function userView(u: User): UserView {
  return { id: u.id, name: u.name, role: u.role, organizationId: u.organizationId, email: u.email, username: u.username, hasPassword: u.passwordHash !== null };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateUserDto): Promise<UserView & { token: string }> {
    const name = dto.name.trim();
    if (name === '') throw new InvalidInputError('name must not be blank');
    const kinds = ROLE_ORGANIZATION_KINDS[dto.role];
    // @IsOptional lets null through: null and absent mean the same here.
    const organizationId = dto.organizationId ?? undefined;
    if (kinds && organizationId === undefined) {
      throw new InvalidInputError(`organizationId is required for role ${dto.role}`);
    }
    return this.db.transaction(async (manager) => {
      if (organizationId !== undefined) {
        const org = await manager.findOne(Organization, { where: { id: organizationId } });
        if (!org) throw new RuleViolationError('ORGANIZATION_UNKNOWN', 'organizationId must name an existing organisation');
        if (kinds && !kinds.includes(org.kind)) {
          throw new RuleViolationError('WRONG_ORGANIZATION_KIND', `organizationId: a ${dto.role} must belong to a ${kinds.join(' or ')} organisation`);
        }
      }
      if (dto.password !== undefined && dto.username === undefined) throw new InvalidInputError('username is required with a password');
      return this.insertWithToken(manager, {
        name,
        role: dto.role,
        organizationId: organizationId ?? null,
        email: dto.email?.trim().toLowerCase() ?? null,
        username: dto.username ?? null,
        passwordHash: dto.password === undefined ? null : await hashPassword(dto.password),
        passwordSetAt: dto.password === undefined ? null : this.clock.now(),
      });
    });
  }

  async list(query: UserQuery): Promise<Page<UserView>> {
    const limit = pageSize(query);
    const [afterAt, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const qb = this.db.manager.createQueryBuilder(User, 'u').orderBy('u.created_at').addOrderBy('u.id').limit(limit + 1);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (afterId !== undefined) qb.andWhere(`(u.created_at, u.id) > (:afterAt::timestamptz, :afterId::uuid)`, { afterAt, afterId });
    return toPage(await qb.getMany(), limit, (u) => [u.createdAt.toISOString(), u.id], userView);
  }

  /** Sets (or resets) a user's console sign-in; every open session of the user ends. */
  async setPassword(userId: string, dto: SetPasswordDto): Promise<UserView> {
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (manager) => {
      await this.expectUser(manager, userId);
      const user = await manager.findOneByOrFail(User, { id: userId });
      const username = dto.username ?? user.username;
      if (username === null) throw new InvalidInputError('username is required: this user has none yet');
      await manager.update(User, { id: userId }, { username, passwordHash, passwordSetAt: this.clock.now() });
      const [, ended] = await manager.query(`UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL`, [userId, this.clock.now()]);
      await this.audit.record(manager, { action: 'user.password_set', entityType: 'user', entityId: userId, before: { username: user.username }, after: { username, endedSessions: ended } });
      return userView({ ...user, username, passwordHash });
    });
  }

  /** Issues a new token and revokes every earlier one (rotation). Admins rotate anyone's; others only their own. */
  async rotateToken(userId: string, principal: Principal): Promise<{ userId: string; token: string }> {
    this.mayManageTokens(userId, principal);
    return this.db.transaction(async (manager) => {
      await this.expectUser(manager, userId);
      const revoked = await this.revokeAll(manager, userId);
      const token = newToken();
      await manager.query('INSERT INTO api_tokens (user_id, token_hash) VALUES ($1, $2)', [userId, hashToken(token)]);
      await this.audit.record(manager, { action: 'user.token_rotated', entityType: 'user', entityId: userId, after: { revokedTokens: revoked } });
      return { userId, token };
    });
  }

  /** Revokes every token of the user: they can no longer call the API until given a new one. */
  async revokeTokens(userId: string, principal: Principal): Promise<void> {
    this.mayManageTokens(userId, principal);
    await this.db.transaction(async (manager) => {
      await this.expectUser(manager, userId);
      const revoked = await this.revokeAll(manager, userId);
      await this.audit.record(manager, { action: 'user.tokens_revoked', entityType: 'user', entityId: userId, after: { revokedTokens: revoked } });
    });
  }

  private mayManageTokens(userId: string, principal: Principal): void {
    if (principal.role !== 'admin' && principal.userId !== userId) throw new ForbiddenError('only an admin manages another user’s tokens');
  }

  private async expectUser(manager: EntityManager, userId: string): Promise<void> {
    const rows = await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    if (rows.length === 0) throw new NotFoundError('user', userId);
  }

  private async revokeAll(manager: EntityManager, userId: string): Promise<number> {
    const [, count] = await manager.query(`UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, this.clock.now()]);
    return count;
  }

  /** Creates the first admin when there is no user at all; returns undefined when users exist. */
  async bootstrapAdmin(givenToken: string | undefined, password: string): Promise<{ token: string; generated: boolean } | undefined> {
    return this.db.transaction(async (manager) => {
      // Serialises concurrent starts: only one of them sees an empty users table.
      await manager.query('LOCK TABLE users IN EXCLUSIVE MODE');
      const [{ count }] = await manager.query('SELECT count(*)::int AS count FROM users');
      if (count > 0) return undefined;
      const token = givenToken ?? newToken();
      const admin = { name: '区协调小组办公室管理员', role: 'admin' as const, organizationId: null, email: null, username: 'admin' };
      await this.insertWithToken(manager, { ...admin, passwordHash: await hashPassword(password), passwordSetAt: this.clock.now() }, token);
      return { token, generated: givenToken === undefined };
    });
  }

  private async insertWithToken(manager: EntityManager, fields: Omit<User, 'id' | 'createdAt'>, token = newToken()): Promise<UserView & { token: string }> {
    const user = await manager.save(manager.create(User, fields));
    await manager.query('INSERT INTO api_tokens (user_id, token_hash) VALUES ($1, $2)', [user.id, hashToken(token)]);
    const view = userView(user);
    await this.audit.record(manager, { action: 'user.created', entityType: 'user', entityId: user.id, after: view });
    return { ...view, token };
  }
}
