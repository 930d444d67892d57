import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { ConflictError, NotFoundError } from '../../core/errors/domain-error';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../../core/http/pagination';
import { creditCodeProblem, normalizeCreditCode } from './credit-code';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { Organization, OrganizationKind } from './entities/organization.entity';
import { OrganizationFieldError, WrongOrganizationKindError } from './organizations.errors';

export type OrganizationView = Omit<Organization, 'createdAt'> & { createdAt: string };

export function organizationView(o: Organization): OrganizationView {
  return { ...o, createdAt: o.createdAt.toISOString() };
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateOrganizationDto): Promise<OrganizationView> {
    const fields = this.checkFields(dto);
    return this.db.transaction(async (manager) => {
      await this.checkReferences(manager, dto);
      if (fields.creditCode) {
        const taken = await manager.findOne(Organization, { where: { creditCode: fields.creditCode } });
        if (taken) throw new ConflictError('CREDIT_CODE_TAKEN', `creditCode ${fields.creditCode} is already registered`);
      }
      const saved = await manager.save(manager.create(Organization, fields));
      const view = organizationView(saved);
      await this.audit.record(manager, { action: 'organization.created', entityType: 'organization', entityId: saved.id, after: view });
      return view;
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
      for (const field of ['creditCode', 'streetId', 'industryAuthorityId', 'unionId'] as const) {
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
