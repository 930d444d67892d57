import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { AuditService } from '../../core/audit/audit.service';
import type { Principal } from '../../core/context/request-context';
import { ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { SHANGHAI_CRAFTSMAN } from '../talents/dto/create-honour.dto';
import { TalentsRepository } from '../talents/talents.repository';
import { CreateWorkshopDto } from './dto/create-workshop.dto';
import { WorkshopQuery } from './dto/workshop-query.dto';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { LeadCandidate, WorkshopDetail, workshopDetail, WorkshopView, workshopView } from './workshop.views';
import { WorkshopTimeline } from './workshop-timeline';
import { WorkshopRow, WorkshopsRepository } from './workshops.repository';
import { SecondChiefTechnicianWorkshopError } from './workshops.errors';

/** The unique index behind SPEC §3.3's one chief technician workshop per designation. */
const ONE_PER_DESIGNATION = 'workshops_one_chief_technician_per_designation';

@Injectable()
export class WorkshopsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workshops: WorkshopsRepository,
    private readonly talents: TalentsRepository,
    private readonly audit: AuditService,
    private readonly timeline: WorkshopTimeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateWorkshopDto, principal: Principal): Promise<WorkshopDetail> {
    try {
      return await this.register(dto, principal);
    } catch (error) {
      // Two registrations for one designation at the same moment: the index refuses the second.
      const driver = error instanceof QueryFailedError ? (error.driverError as { constraint?: string; detail?: string }) : undefined;
      if (driver?.constraint === ONE_PER_DESIGNATION) {
        throw new SecondChiefTechnicianWorkshopError(/=\(([0-9a-f-]{36})\)/.exec(driver.detail ?? '')?.[1] ?? '', undefined);
      }
      throw error;
    }
  }

  private async register(dto: CreateWorkshopDto, principal: Principal): Promise<WorkshopDetail> {
    // SPEC §5: the district office registers chief technician workshops, the city office names craftsman ones.
    const mayCreate = dto.kind === 'chief_technician' ? principal.role === 'admin' : principal.role === 'city_office';
    if (!mayCreate) throw new ForbiddenError(`role ${principal.role} may not register a ${dto.kind} workshop`);
    if (dto.kind === 'chief_technician' && dto.level === undefined) throw new InvalidInputError('level is required for a chief technician workshop (municipal or district)');
    return this.db.transaction(async (manager) => {
      const employer: Array<{ union_id: string | null }> = await manager.query(`SELECT union_id FROM organizations WHERE id = $1 AND kind = 'employer'`, [dto.employerId]);
      if (employer.length === 0) throw new RuleViolationError('WRONG_ORGANIZATION_KIND', 'employerId must name an existing employer organisation');
      const lead = await this.talents.findById(manager, dto.leadTalentId, true);
      if (!lead) throw new RuleViolationError('TALENT_UNKNOWN', 'leadTalentId must name a registered talent');
      if (lead.employer_id !== dto.employerId) throw new RuleViolationError('LEAD_ELSEWHERE', 'leadTalentId: the lead must work for the workshop’s employer');
      const designationId = dto.kind === 'chief_technician' ? await this.leadDesignation(manager, dto) : null;
      if (dto.kind === 'craftsman_innovation' && !(await this.talents.holdsHonour(manager, dto.leadTalentId, SHANGHAI_CRAFTSMAN))) {
        throw new RuleViolationError('LEAD_NOT_SHANGHAI_CRAFTSMAN', `leadTalentId: the lead of a craftsman innovation workshop must hold the ${SHANGHAI_CRAFTSMAN} honour (SPEC §3.6)`);
      }
      const unionId = dto.unionId ?? employer[0].union_id;
      if (unionId !== null) await this.expectUnitUnion(manager, unionId);
      else if (dto.kind === 'craftsman_innovation') throw new InvalidInputError('unionId is required: the employer has no unit union on record');
      const id = await this.workshops.insert(manager, {
        kind: dto.kind,
        name: dto.name.trim(),
        employerId: dto.employerId,
        leadTalentId: dto.leadTalentId,
        level: dto.level ?? null,
        namedOn: dto.namedOn,
        unionId,
        designationId,
        grantTotalFen: dto.kind === 'chief_technician' ? this.grantTotalFen(dto) : null,
        memberCount: dto.memberCount ?? null,
        address: dto.address?.trim() ?? null,
      });
      await this.timeline.append(manager, id, { kind: 'workshop.registered', summary: `${dto.kind === 'chief_technician' ? '首席技师工作室' : '上海市工匠创新工作室'}命名：${dto.name.trim()}，领衔人${lead.name}` });
      const view = await this.view(manager, (await this.workshops.findById(manager, id))!);
      await this.audit.record(manager, { action: 'workshop.registered', entityType: 'workshop', entityId: id, after: view });
      return view;
    });
  }

  async get(id: string, principal: Principal): Promise<WorkshopDetail> {
    const row = await this.workshops.findById(this.db.manager, id);
    if (!row || !canSee(principal, row)) throw new NotFoundError('workshop', id);
    return this.view(this.db.manager, row);
  }

  /**
   * Who could take over as lead (SPEC §3.6: same employer, holds 上海工匠), so a
   * union files a change request by choosing a person rather than typing an id.
   */
  async leadCandidates(id: string, principal: Principal): Promise<{ items: LeadCandidate[]; nextCursor: null }> {
    const row = await this.workshops.findById(this.db.manager, id);
    if (!row || !canSee(principal, row)) throw new NotFoundError('workshop', id);
    const rows = await this.workshops.leadCandidates(this.db.manager, row, SHANGHAI_CRAFTSMAN);
    return { items: rows.map((r) => ({ talentId: r.talent_id, name: r.name, idNumberMasked: r.id_number_masked })), nextCursor: null };
  }

  /** Without lead histories and timelines: those are on each workshop's own page. */
  async list(query: WorkshopQuery, principal: Principal): Promise<Page<WorkshopView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const unionId = principal.role === 'union' ? (principal.organizationId ?? undefined) : undefined;
    if (principal.role === 'city_office' && query.kind !== undefined && query.kind !== 'craftsman_innovation') return { items: [], nextCursor: null };
    const kind = principal.role === 'city_office' ? 'craftsman_innovation' : query.kind;
    const employerId = principal.role === 'employer' ? (principal.organizationId ?? undefined) : undefined;
    const rows = await this.workshops.list(this.db.manager, { kind, status: query.status, unionId, employerId, after, limit: limit + 1 });
    return toPage(rows, limit, (w) => [w.created_at.toISOString(), w.id], workshopView);
  }

  /** SPEC §3.3: a chief technician workshop needs its lead's active designation, named within the term. */
  private async leadDesignation(manager: EntityManager, dto: CreateWorkshopDto): Promise<string> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM designations WHERE talent_id = $1 AND status = 'active' AND $2::date BETWEEN term_start AND term_end`,
      [dto.leadTalentId, dto.namedOn],
    );
    if (rows.length === 0) {
      throw new RuleViolationError('LEAD_NOT_DESIGNATED', 'leadTalentId: the lead of a chief technician workshop needs an active designation whose term includes namedOn');
    }
    const existing = await this.workshops.chiefTechnicianOf(manager, rows[0].id);
    if (existing) throw new SecondChiefTechnicianWorkshopError(rows[0].id, existing);
    return rows[0].id;
  }

  /** SPEC §3.3: the grant of the setting in force at registration, kept on the workshop for every later run. */
  private grantTotalFen(dto: CreateWorkshopDto): number {
    return dto.level === 'municipal' ? this.config.programme.grantMunicipalFen : this.config.programme.grantDistrictFen;
  }

  private async expectUnitUnion(manager: EntityManager, id: string): Promise<void> {
    const rows = await manager.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'union' AND level = 'unit'`, [id]);
    if (rows.length === 0) throw new RuleViolationError('WRONG_ORGANIZATION_KIND', 'unionId must name a unit-level union (本单位工会)');
  }

  private async view(manager: EntityManager, row: WorkshopRow): Promise<WorkshopDetail> {
    return workshopDetail(row, await this.workshops.leadHistory(manager, row.id), await this.timeline.of(manager, row.id));
  }
}

/**
 * SPEC §4: a unit union sees its own workshops, a district union those of the
 * unions under it; the city office only craftsman workshops (a chief technician
 * workshop is the district's: 404 to it).
 */
export function canSee(principal: Principal, w: Pick<WorkshopRow, 'kind' | 'union_id' | 'union_parent_id'> & { employer_id?: string }): boolean {
  if (principal.role === 'city_office') return w.kind === 'craftsman_innovation';
  // SPEC §4: an employer reads its own workshops.
  if (principal.role === 'employer') return w.employer_id !== undefined && w.employer_id === principal.organizationId;
  if (principal.role !== 'union') return true;
  return principal.organizationId !== null && (w.union_id === principal.organizationId || w.union_parent_id === principal.organizationId);
}
