import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import type { Principal } from '../../core/context/request-context';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { TalentIdentity } from '../talents/talent-identity';
import { TalentsRepository } from '../talents/talents.repository';
import { designationDayProblem, workingAgeProblem } from './designation-dates';
import { termOf } from './designation-term';
import { DesignationTimeline } from './designation-timeline';
import { DesignationDetail, DesignationView, designationView } from './designation.views';
import { AlreadyDesignatedError, DesignationFieldError, OverlappingDesignationError } from './designations.errors';
import { DesignationsRepository } from './designations.repository';
import { CreateDesignationDto } from './dto/create-designation.dto';
import { DesignationQuery } from './dto/designation-query.dto';

@Injectable()
export class DesignationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly designations: DesignationsRepository,
    private readonly talents: TalentsRepository,
    private readonly identity: TalentIdentity,
    private readonly timeline: DesignationTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateDesignationDto): Promise<DesignationView> {
    // The date checks first: they need no transaction.
    this.checkedTerm(dto);
    return this.db.transaction((manager) => this.createIn(manager, dto));
  }

  /**
   * Creates a designation inside the caller's transaction, with every rule of
   * POST /designations: the naming of a selection round (SPEC §3.8 step 7)
   * creates all of its designations through here, all or none.
   */
  async createIn(manager: EntityManager, dto: CreateDesignationDto): Promise<DesignationView> {
    const term = this.checkedTerm(dto);
    const talent = await this.talents.findById(manager, dto.talentId, true);
    if (!talent) throw new RuleViolationError('TALENT_UNKNOWN', 'talentId must name a registered talent');
    const lifeDates = (await this.identity.lifeDatesOf(manager, [talent.id])).get(talent.id)!;
    const ageProblem = workingAgeProblem(dto.designatedOn, lifeDates);
    if (ageProblem) throw new DesignationFieldError(ageProblem);
    if (await this.designations.hasActive(manager, dto.talentId)) throw new AlreadyDesignatedError();
    const [earlier] = await this.designations.overlapping(manager, [{ talentId: dto.talentId, ...term }]);
    if (earlier) throw new OverlappingDesignationError(earlier);
    const monthlyAllowanceFen = dto.monthlyAllowanceFen ?? this.config.programme.monthlyAllowanceFen;
    const id = await this.designations.insert(manager, { ...term, talentId: dto.talentId, cohort: dto.cohort, designatedOn: dto.designatedOn, monthlyAllowanceFen });
    await this.timeline.append(manager, id, {
      kind: 'designated',
      onDate: dto.designatedOn,
      summary: `命名为${dto.cohort}届松江区首席技师，任期 ${term.termStart} 至 ${term.termEnd}`,
      data: { cohort: dto.cohort, ...term, monthlyAllowanceFen },
    });
    const view = designationView((await this.designations.findById(manager, id))!);
    await this.audit.record(manager, { action: 'designation.created', entityType: 'designation', entityId: id, after: view });
    return view;
  }

  private checkedTerm(dto: CreateDesignationDto) {
    const term = termOf(dto.designatedOn, dto.termStart);
    if (!term.ok) throw new DesignationFieldError(term.message);
    const dayProblem = designationDayProblem(dto.designatedOn, { earliest: this.config.programme.earliestDesignation, today: this.clock.today() });
    if (dayProblem) throw new DesignationFieldError(dayProblem);
    return term.term;
  }

  /** An employer reads only its own people's designations (SPEC §4); another's is 404, as if unknown. */
  async get(id: string, principal?: Principal): Promise<DesignationDetail> {
    const row = await this.designations.findById(this.db.manager, id);
    if (!row || !ownedBy(principal, row)) throw new NotFoundError('designation', id);
    return { ...designationView(row), timeline: await this.timeline.of(this.db.manager, id) };
  }

  async list(query: DesignationQuery, principal?: Principal): Promise<Page<DesignationView>> {
    const limit = pageSize(query);
    const after = listCursor(query.cursor);
    if (principal?.role === 'employer' && query.employerId !== undefined && query.employerId !== principal.organizationId) return { items: [], nextCursor: null };
    const employerId = principal?.role === 'employer' ? principal.organizationId! : query.employerId;
    const rows = await this.designations.list(this.db.manager, { status: query.status, cohort: query.cohort, employerId, name: query.name?.trim() || undefined, q: query.q?.trim() || undefined, talentId: query.talentId, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], designationView);
  }
}

/** Whether the reader may see the designation: an employer only its own people's. */
export function ownedBy(principal: Principal | undefined, d: { employer_id: string }): boolean {
  return principal?.role !== 'employer' || d.employer_id === principal.organizationId;
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The (created_at, id) key of the last row of the previous page; anything else is a 400 naming cursor, never a database error. */
function listCursor(cursor: string | undefined): [string, string] | undefined {
  const key = decodeCursor(cursor, 2);
  if (key === undefined) return undefined;
  const [at, id] = key;
  if (typeof at !== 'string' || !CURSOR_TIME.test(at) || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !CURSOR_ID.test(id)) {
    throw new InvalidInputError('cursor is not a cursor this list gave out');
  }
  return [at, id];
}
