import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, ForbiddenError, NotFoundError } from '../../core/errors/domain-error';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../../core/http/pagination';
import { creditCodeProblem, normalizeCreditCode } from './credit-code';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { Organization, OrganizationKind, SINGLE_OFFICE_KINDS } from './entities/organization.entity';
import { OrganizationFieldError, WrongOrganizationKindError } from './organizations.errors';
import { organizationView, OrganizationView } from './organization.views';

const CITY_OFFICE_MAY_CREATE: readonly OrganizationKind[] = ['employer', 'union'];

/** A stored organisation as the create body that would make it (null → absent). */
function createBodyOf(o: Organization): CreateOrganizationDto {
  const body: CreateOrganizationDto = { name: o.name, kind: o.kind, contactEmails: o.contactEmails };
  for (const field of ['parentId', 'level', 'creditCode', 'district', 'streetId', 'industryAuthorityId', 'unionId', 'sector'] as const) {
    if (o[field] !== null) (body as unknown as Record<string, unknown>)[field] = o[field];
  }
  return body;
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateOrganizationDto, principal: Principal): Promise<OrganizationView> {
    // SPEC §4: the city office registers the employers and unions of its workshops, never an office
    // (a district_office of its own would receive the district office's mail).
    if (principal.role !== 'admin' && !CITY_OFFICE_MAY_CREATE.includes(dto.kind)) {
      throw new ForbiddenError(`kind: role ${principal.role} may create only ${CITY_OFFICE_MAY_CREATE.join(' and ')} organisations`);
    }
    return this.db.transaction((manager) => this.createIn(manager, dto));
  }

  /** The checks and the write of one create, inside the caller's transaction (the import creates many in one). */
  async createIn(manager: EntityManager, dto: CreateOrganizationDto, via?: string): Promise<OrganizationView> {
    const fields = this.checkFields(dto);
    await this.checkReferences(manager, dto);
    await this.checkUnique(manager, fields);
    const saved = await manager.save(manager.create(Organization, fields));
    const view = organizationView(saved);
    await this.audit.record(manager, { action: 'organization.created', entityType: 'organization', entityId: saved.id, after: via ? { ...view, via } : view });
    return view;
  }

  /**
   * SPEC §3.7: an admin corrects an organisation (its contacts above all, so
   * that mail which failed for want of an address can be retried). The merged
   * organisation is checked like a new one; `kind` never changes.
   */
  async update(id: string, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    return this.db.transaction(async (manager) => {
      const found = await manager.findOne(Organization, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundError('organization', id);
      const merged = { ...createBodyOf(found), ...dto };
      const fields = this.checkFields(merged);
      if (merged.parentId === id) throw new OrganizationFieldError('parentId must name another organisation');
      await this.checkReferences(manager, merged);
      await this.checkUnique(manager, fields, id);
      if (fields.level !== found.level) await this.checkUnreferenced(manager, id, 'level');
      const before = organizationView(found);
      const saved = await manager.save(Organization, { ...found, ...fields });
      const after = organizationView(saved);
      await this.audit.record(manager, { action: 'organization.updated', entityType: 'organization', entityId: id, before, after });
      return after;
    });
  }

  async get(id: string): Promise<OrganizationView> {
    const found = await this.db.manager.findOne(Organization, { where: { id } });
    if (!found) throw new NotFoundError('organization', id);
    return organizationView(found);
  }

  async list(query: PageQuery & { kind?: OrganizationKind }): Promise<Page<OrganizationView>> {
    const limit = pageSize(query);
    const [afterAt, afterId] = decodeCursor(query.cursor, 2) ?? [];
    // created_at is stored to the millisecond (timestamptz(3)), so a JS Date in the cursor is exact.
    const qb = this.db.manager.createQueryBuilder(Organization, 'o').orderBy('o.created_at').addOrderBy('o.id').limit(limit + 1);
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (afterId !== undefined) qb.andWhere(`(o.created_at, o.id) > (:afterAt::timestamptz, :afterId::uuid)`, { afterAt, afterId });
    const rows = await qb.getMany();
    return toPage(rows, limit, (o) => [o.createdAt.toISOString(), o.id], organizationView);
  }

  /** A credit code names one organisation; there is one district office and one city office (a unique index backs both). */
  private async checkUnique(manager: EntityManager, fields: Partial<Organization>, self?: string): Promise<void> {
    if (fields.creditCode) {
      const taken = await manager.findOne(Organization, { where: { creditCode: fields.creditCode } });
      if (taken && taken.id !== self) throw new ConflictError('CREDIT_CODE_TAKEN', `creditCode ${fields.creditCode} is already registered`);
    }
    if (self === undefined && SINGLE_OFFICE_KINDS.includes(fields.kind!)) {
      const existing = await manager.findOne(Organization, { where: { kind: fields.kind } });
      if (existing) throw new ConflictError('OFFICE_EXISTS', `kind: there is already a ${fields.kind} organisation (${existing.id}); correct it with PATCH /organizations/{id}`);
    }
  }

  /** A union's level decides who may hang under it: it changes only while nothing does. */
  private async checkUnreferenced(manager: EntityManager, id: string, field: string): Promise<void> {
    const [row] = await manager.query(
      `SELECT (EXISTS (SELECT 1 FROM organizations WHERE parent_id = $1 OR union_id = $1)
            OR EXISTS (SELECT 1 FROM workshops WHERE union_id = $1)) AS used`,
      [id],
    );
    if (row.used) throw new ConflictError('ORGANIZATION_IN_USE', `${field} cannot change: other organisations or workshops refer to this union`);
  }

  /** Shape rules that need no database: which fields go with which kind. */
  private checkFields(dto: CreateOrganizationDto): Partial<Organization> {
    const isEmployer = dto.kind === 'employer';
    const isUnion = dto.kind === 'union';
    let creditCode: string | null = null;
    if (isEmployer) {
      if (dto.creditCode === undefined) throw new OrganizationFieldError('creditCode is required for an employer');
      creditCode = normalizeCreditCode(dto.creditCode);
      const problem = creditCodeProblem(creditCode);
      if (problem) throw new OrganizationFieldError(`creditCode: ${problem}`);
      if (dto.streetId === undefined) throw new OrganizationFieldError('streetId is required for an employer');
    } else {
      for (const field of ['creditCode', 'streetId', 'industryAuthorityId', 'unionId', 'sector'] as const) {
        if (dto[field] !== undefined) throw new OrganizationFieldError(`${field} applies only to employers`);
      }
    }
    if (isUnion && dto.level === undefined) throw new OrganizationFieldError('level is required for a union (unit or district)');
    if (!isUnion && dto.level !== undefined) throw new OrganizationFieldError('level applies only to unions');
    if (isUnion && dto.level === 'unit' && dto.parentId === undefined) {
      throw new OrganizationFieldError('parentId is required for a unit union: its district-level union');
    }
    const name = dto.name.trim();
    if (name === '') throw new OrganizationFieldError('name must not be blank');
    return {
      name,
      kind: dto.kind,
      parentId: dto.parentId ?? null,
      level: dto.level ?? null,
      creditCode,
      district: dto.district ?? (isEmployer ? '松江区' : null),
      streetId: dto.streetId ?? null,
      industryAuthorityId: dto.industryAuthorityId ?? null,
      unionId: dto.unionId ?? null,
      sector: isEmployer ? (dto.sector ?? 'enterprise') : null,
      contactEmails: [...new Set((dto.contactEmails ?? []).map((e) => e.trim().toLowerCase()))],
    };
  }

  private async checkReferences(manager: EntityManager, dto: CreateOrganizationDto): Promise<void> {
    const expect = async (field: string, id: string | undefined, kind: OrganizationKind, level?: string) => {
      if (id === undefined) return;
      const found = await manager.findOne(Organization, { where: { id } });
      if (!found || found.kind !== kind || (level !== undefined && found.level !== level)) {
        throw new WrongOrganizationKindError(field, level ? `${level}-level ${kind}` : kind);
      }
    };
    await expect('streetId', dto.streetId, 'street');
    await expect('industryAuthorityId', dto.industryAuthorityId, 'industry_authority');
    await expect('unionId', dto.unionId, 'union', 'unit');
    if (dto.kind === 'union' && dto.level === 'unit') await expect('parentId', dto.parentId, 'union', 'district');
    else if (dto.parentId !== undefined) {
      const parent = await manager.findOne(Organization, { where: { id: dto.parentId } });
      if (!parent) throw new WrongOrganizationKindError('parentId', 'parent');
    }
  }
}
