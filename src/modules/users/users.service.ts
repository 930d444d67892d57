import { ApiProperty } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { hashToken, newToken } from '../../core/auth/tokens';
import { hashPassword } from '../../core/auth/passwords';
import { PasswordAttempts, PasswordClient } from '../../core/auth/password-attempts';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { ROLES, type Principal, type Role } from '../../core/context/request-context';
import { ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { Clock } from '../../core/clock/clock';
import { Organization, OrganizationKind } from '../organizations/entities/organization.entity';
import { ChangeOwnPasswordDto, CreateUserDto, MintTokenDto, SetPasswordDto, UpdateUserDto, UserQuery } from './dto/create-user.dto';
import { User } from './entities/user.entity';

export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: String, nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) username: string | null;
  @ApiProperty({ description: 'whether the user can sign in to the console' }) hasPassword: boolean;
  @ApiProperty({ description: 'a disabled user can neither sign in nor use any token' }) disabled: boolean;
}

/** A row of GET /users: with the organisation's name, so the list reads without a second look-up. */
export class UserListItem extends UserView {
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
}

/** The answer to POST /users: the API token is shown this once and stored only as a hash. */
export class CreatedUser extends UserView {
  @ApiProperty({ description: 'the API token, shown only this once' }) token: string;
}

/** The answer to POST /users/{id}/tokens: the new token, shown this once. */
export class MintedToken {
  @ApiProperty() userId: string;
  @ApiProperty({ description: 'the API token, shown only this once; every earlier token of the user is revoked' }) token: string;
}

/** Which organisations a role can be bound to; a role absent here needs none. */
const ROLE_ORGANIZATION_KINDS: Partial<Record<Role, readonly OrganizationKind[]>> = {
  assessor: ['street', 'industry_authority', 'district_office'],
  union: ['union'],
  // SPEC §4: an employer user acts for one employer organisation, like an assessor for its organiser.
  employer: ['employer'],
};

function userView(u: User): UserView {
  return { id: u.id, name: u.name, role: u.role, organizationId: u.organizationId, email: u.email, username: u.username, hasPassword: u.passwordHash !== null, disabled: u.disabledAt !== null };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly passwords: PasswordAttempts,
  ) {}

  async create(dto: CreateUserDto): Promise<CreatedUser> {
    const name = dto.name.trim();
    if (name === '') throw new InvalidInputError('name must not be blank');
    const kinds = ROLE_ORGANIZATION_KINDS[dto.role];
    // @IsOptional lets null through: null and absent mean the same here.
    const organizationId = dto.organizationId ?? undefined;
    if (kinds && organizationId === undefined) {
      throw new InvalidInputError(`organizationId is required for role ${dto.role}`);
    }
    return this.db.transaction(async (manager) => {
      if (organizationId !== undefined) await this.checkedOrganization(manager, dto.role, organizationId);
      if (dto.password !== undefined && dto.username === undefined) throw new InvalidInputError('username is required with a password');
      return this.insertWithToken(manager, {
        name,
        role: dto.role,
        organizationId: organizationId ?? null,
        email: dto.email?.trim().toLowerCase() ?? null,
        username: dto.username ?? null,
        passwordHash: dto.password === undefined ? null : await hashPassword(dto.password),
        passwordSetAt: dto.password === undefined ? null : this.clock.now(),
        disabledAt: null,
      });
    });
  }

  async list(query: UserQuery): Promise<Page<UserListItem>> {
    const limit = pageSize(query);
    const [afterAt, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const qb = this.db.manager.createQueryBuilder(User, 'u').orderBy('u.created_at').addOrderBy('u.id').limit(limit + 1);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (afterId !== undefined) qb.andWhere(`(u.created_at, u.id) > (:afterAt::timestamptz, :afterId::uuid)`, { afterAt, afterId });
    const users = await qb.getMany();
    const orgIds = [...new Set(users.map((u) => u.organizationId).filter((id): id is string => id !== null))];
    const names = new Map<string, string>(
      orgIds.length === 0 ? [] : (await this.db.query(`SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])`, [orgIds])).map((o: { id: string; name: string }) => [o.id, o.name]),
    );
    return toPage(users, limit, (u) => [u.createdAt.toISOString(), u.id], (u) => ({ ...userView(u), organizationName: u.organizationId === null ? null : (names.get(u.organizationId) ?? null) }));
  }

  /** Sets (or resets) a user's console sign-in; every session and API token of the user ends (SPEC §8). */
  async setPassword(userId: string, dto: SetPasswordDto): Promise<UserView> {
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (manager) => {
      await this.expectUser(manager, userId);
      const user = await manager.findOneByOrFail(User, { id: userId });
      const username = dto.username ?? user.username;
      if (username === null) throw new InvalidInputError('username is required: this user has none yet');
      await manager.update(User, { id: userId }, { username, passwordHash, passwordSetAt: this.clock.now() });
      const ended = await this.endAccess(manager, userId);
      await this.audit.record(manager, { action: 'user.password_set', entityType: 'user', entityId: userId, before: { username: user.username }, after: { username, ...ended } });
      return userView({ ...user, username, passwordHash });
    });
  }

  /**
   * A signed-in user changes their own password. The current password is
   * checked like a sign-in (counted, limited); the user's API tokens and other
   * sessions end, the session making the change stays.
   */
  async changeOwnPassword(principal: Principal, dto: ChangeOwnPasswordDto, client: PasswordClient): Promise<void> {
    const user = await this.db.manager.findOneBy(User, { id: principal.userId });
    if (!user) throw new NotFoundError('user', principal.userId);
    if (user.passwordHash === null || user.username === null) {
      throw new RuleViolationError('NO_PASSWORD', 'currentPassword: this user has no console password yet; an admin sets one with PUT /users/{id}/password');
    }
    await this.expectPassword(user, dto.currentPassword, client, 'currentPassword');
    const passwordHash = await hashPassword(dto.newPassword);
    await this.db.transaction(async (manager) => {
      await this.expectUser(manager, user.id);
      await manager.update(User, { id: user.id }, { passwordHash, passwordSetAt: this.clock.now() });
      const ended = await this.endAccess(manager, user.id, principal.sessionId);
      await this.audit.record(manager, { action: 'user.password_changed', entityType: 'user', entityId: user.id, after: ended });
    });
  }

  /** Admin: disable or enable a user, change the e-mail or the organisation. Disabling ends every session and token at once. */
  async update(userId: string, dto: UpdateUserDto): Promise<UserView> {
    return this.db.transaction(async (manager) => {
      await this.expectUser(manager, userId);
      const user = await manager.findOneByOrFail(User, { id: userId });
      const changes: Partial<Pick<User, 'disabledAt' | 'email' | 'organizationId'>> = {};
      if (dto.email !== undefined) changes.email = dto.email.trim().toLowerCase();
      if (dto.organizationId !== undefined) changes.organizationId = await this.checkedOrganization(manager, user.role, dto.organizationId);
      if (dto.disabled !== undefined && dto.disabled !== (user.disabledAt !== null)) {
        if (dto.disabled && user.role === 'admin') await this.keepAnAdmin(manager, userId);
        changes.disabledAt = dto.disabled ? this.clock.now() : null;
      }
      const before = userView(user);
      const after = userView({ ...user, ...changes });
      if (JSON.stringify(before) === JSON.stringify(after)) return after;
      await manager.update(User, { id: userId }, changes);
      const ended = after.disabled && !before.disabled ? await this.endAccess(manager, userId) : undefined;
      const fields = (v: UserView) => ({ disabled: v.disabled, email: v.email, organizationId: v.organizationId });
      await this.audit.record(manager, { action: 'user.updated', entityType: 'user', entityId: userId, before: fields(before), after: { ...fields(after), ...ended } });
      return after;
    });
  }

  /**
   * Issues a new token and revokes every earlier one (rotation). Admins rotate
   * anyone's; others only their own, and from a console session only with
   * their password: a stolen session must not become a token that never expires.
   */
  async rotateToken(userId: string, principal: Principal, dto: MintTokenDto, client: PasswordClient): Promise<MintedToken> {
    this.mayManageTokens(userId, principal);
    if (principal.role !== 'admin' && principal.sessionId !== undefined) {
      if (dto.password === undefined) throw new InvalidInputError('password is required: minting an API token from a console session needs your current password');
      const user = await this.db.manager.findOneByOrFail(User, { id: userId });
      await this.expectPassword(user, dto.password, client, 'password');
    }
    return this.db.transaction(async (manager) => {
      await this.expectUser(manager, userId);
      const revoked = await this.revokeAll(manager, userId);
      const token = newToken();
      await manager.query('INSERT INTO api_tokens (user_id, token_hash) VALUES ($1, $2)', [userId, hashToken(token)]);
      await this.audit.record(manager, { action: 'user.token_rotated', entityType: 'user', entityId: userId, after: { revokedTokens: revoked } });
      return { userId, token };
    });
  }

  /** Revokes every token and ends every session of the user: they can no longer call the API until given a new token or signed in again. */
  async revokeTokens(userId: string, principal: Principal): Promise<void> {
    this.mayManageTokens(userId, principal);
    await this.db.transaction(async (manager) => {
      await this.expectUser(manager, userId);
      const ended = await this.endAccess(manager, userId);
      await this.audit.record(manager, { action: 'user.tokens_revoked', entityType: 'user', entityId: userId, after: ended });
    });
  }

  /** A wrong password is refused like a failed sign-in: counted, and 429 once too many. */
  private async expectPassword(user: User, password: string, client: PasswordClient, field: string): Promise<void> {
    const check = await this.passwords.check({ usernameKey: (user.username ?? user.id).toLowerCase(), userId: user.id, passwordHash: user.passwordHash }, password, client);
    if (!check.ok) throw new ForbiddenError(`${field} is wrong`);
  }

  /** Every API token and session of the user ends in one transaction; `keepSessionId` is the session making the change, when it should stay. */
  private async endAccess(manager: EntityManager, userId: string, keepSessionId?: string): Promise<{ revokedTokens: number; endedSessions: number }> {
    const revokedTokens = await this.revokeAll(manager, userId);
    const [, endedSessions] = await manager.query(
      `UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL AND id IS DISTINCT FROM $3::uuid`,
      [userId, this.clock.now(), keepSessionId ?? null],
    );
    return { revokedTokens, endedSessions };
  }

  /** The programme must keep one admin who can act. */
  private async keepAnAdmin(manager: EntityManager, leavingId: string): Promise<void> {
    // One admin-disabling at a time (row locks on the other admins could deadlock two of them); each sees the one before.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('users:last-admin'))`);
    const others = await manager.query(`SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1`, [leavingId]);
    if (others.length === 0) throw new RuleViolationError('LAST_ADMIN', 'disabled: this is the last enabled admin');
  }

  /** The organisation, when a user of this role may belong to it. */
  private async checkedOrganization(manager: EntityManager, role: Role, organizationId: string): Promise<string> {
    const kinds = ROLE_ORGANIZATION_KINDS[role];
    const org = await manager.findOne(Organization, { where: { id: organizationId } });
    if (!org) throw new RuleViolationError('ORGANIZATION_UNKNOWN', 'organizationId must name an existing organisation');
    if (kinds && !kinds.includes(org.kind)) throw new RuleViolationError('WRONG_ORGANIZATION_KIND', `organizationId: a ${role} must belong to a ${kinds.join(' or ')} organisation`);
    return org.id;
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
      await this.insertWithToken(manager, { ...admin, passwordHash: await hashPassword(password), passwordSetAt: this.clock.now(), disabledAt: null }, token);
      return { token, generated: givenToken === undefined };
    });
  }

  private async insertWithToken(manager: EntityManager, fields: Omit<User, 'id' | 'createdAt'>, token = newToken()): Promise<CreatedUser> {
    const user = await manager.save(manager.create(User, fields));
    await manager.query('INSERT INTO api_tokens (user_id, token_hash) VALUES ($1, $2)', [user.id, hashToken(token)]);
    const view = userView(user);
    await this.audit.record(manager, { action: 'user.created', entityType: 'user', entityId: user.id, after: view });
    return { ...view, token };
  }
}
