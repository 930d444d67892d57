import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import type { Principal } from '../../core/context/request-context';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { Organization } from '../organizations/entities/organization.entity';
import { samePlace } from '../social-insurance/shanghai-districts';
import { maskPhone, parsePhone } from '../talents/phone';
import { TalentIdentity } from '../talents/talent-identity';
import { talentView } from '../talents/talent.views';
import { TalentRow, TalentsRepository } from '../talents/talents.repository';
import { recommenderOf, warningsFor } from './application-rules';
import { AllApplicationsQuery, ApplicantPersonDto, ApplicationContentDto, FileApplicationDto, UpdateApplicationDto } from './dto/application.dto';
import { SelectionApplication } from './entities/selection-application.entity';
import { SelectionRound } from './entities/selection-round.entity';
import { SelectionMails } from './selection-mails';
import { AlreadyAppliedError, BannedError, NominationsExhaustedError, NotDistrictEmployerError, OutsideWindowError } from './selection.errors';
import { ApplicationRow, ApplicationScope, SelectionRepository } from './selection.repository';
import { applicationView, ApplicationView } from './selection.views';

/** Who may read an application: the office, the employer it belongs to, the street or authority whose queue it is in. Others get 404. */
export function mayRead(principal: Principal, a: Pick<ApplicationRow, 'employer_id' | 'recommender_id'>): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'employer') return a.employer_id === principal.organizationId;
  if (principal.role === 'assessor') return a.recommender_id === principal.organizationId;
  return false;
}

/** What a role's list is narrowed to (never wider than mayRead). */
export function scopeOf(principal: Principal): ApplicationScope {
  if (principal.role === 'employer') return { employerId: principal.organizationId! };
  if (principal.role === 'assessor') return { recommenderId: principal.organizationId! };
  // An expert reaches a round's list only once the round is found assigned to it (RoundsController); it sees what is under review or past it.
  if (principal.role === 'expert') return { stages: ['eligible', 'shortlisted', 'publicised', 'removed', 'named'] };
  return {};
}

/**
 * 推荐申报 (SPEC §3.8 step 1): an employer files for its own staff; the district
 * office files any channel on the candidate's behalf. Every refusal names its
 * rule; the warnings are kept on the application and refuse nothing.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SelectionRepository,
    private readonly talents: TalentsRepository,
    private readonly identity: TalentIdentity,
    private readonly cipher: PiiCipher,
    private readonly mails: SelectionMails,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async file(roundId: string, dto: FileApplicationDto, principal: Principal): Promise<ApplicationView> {
    if ((dto.talentId === undefined) === (dto.person === undefined)) throw new InvalidInputError('give either talentId (a registered person) or person (a new one), not both or neither');
    if (principal.role === 'employer' && dto.channel !== 'employer') throw new ForbiddenError('channel: an employer files only employer-channel applications (单位推荐)');
    checkEquivalent(dto);
    return this.db.transaction(async (manager) => {
      // One filing per round at a time: the per-employer count and the one-per-person check see each other.
      const round = await manager.findOne(SelectionRound, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw new NotFoundError('round', roundId);
      const today = this.clock.today();
      if (today < round.applicationsOpen || today > round.applicationsClose || round.status !== 'open') {
        throw new OutsideWindowError(round.cohort, round.applicationsOpen, round.applicationsClose, today);
      }
      const talent = dto.talentId !== undefined ? await this.registered(manager, dto.talentId, principal) : await this.registerPerson(manager, dto.person!, principal);
      const employer = await this.districtEmployer(manager, talent.employer_id);
      if (await this.repo.personApplied(manager, round.id, talent.id)) throw new AlreadyAppliedError(round.cohort);
      const personBan = await this.repo.banInForce(manager, { talentId: talent.id }, today);
      if (personBan) throw new BannedError('person', personBan.ends_on, personBan.cohort);
      if (dto.channel === 'employer') {
        const employerBan = await this.repo.banInForce(manager, { employerId: employer.id }, today);
        if (employerBan) throw new BannedError('employer', employerBan.ends_on, employerBan.cohort);
        const max = this.config.selection.nominationsMaxPerEmployer;
        if ((await this.repo.employerChannelCount(manager, round.id, employer.id)) >= max) throw new NominationsExhaustedError(max);
      }
      const recommenderId = recommenderOf(employer);
      if (recommenderId === null) throw new RuleViolationError('NO_RECOMMENDER', 'the employer has no street (nor, for a public institution, an industry authority) to recommend it');
      const [life] = (await this.identity.lifeDatesOf(manager, [talent.id])).values();
      const saved = await manager.save(
        manager.create(SelectionApplication, {
          roundId: round.id,
          talentId: talent.id,
          employerId: employer.id,
          recommenderId,
          channel: dto.channel,
          stage: 'submitted',
          ...contentOf(dto),
          warnings: warningsFor({ skillLevel: dto.skillLevel, statutoryRetirementDate: life.statutoryRetirementDate, filedOn: today }),
          filedBy: principal.userId,
          filedAt: this.clock.now(),
          filedOn: today,
          falseMaterial: false,
        }),
      );
      const row = (await this.repo.application(manager, saved.id))!;
      const view = applicationView(row);
      await this.audit.record(manager, { action: 'application.filed', entityType: 'application', entityId: row.id, after: view });
      await this.mails.arrived(manager, row);
      return view;
    });
  }

  /** An employer (or the office) edits the 申报表 until the window closes, while no recommendation is recorded. */
  async edit(id: string, dto: UpdateApplicationDto, principal: Principal): Promise<ApplicationView> {
    return this.db.transaction(async (manager) => {
      const before = await this.repo.application(manager, id, true);
      if (!before || !mayRead(principal, before)) throw new NotFoundError('application', id);
      if (principal.role !== 'admin' && principal.role !== 'employer') throw new ForbiddenError('only the employer or the office edits an application');
      // The office files the other channels on the candidate's behalf; the employer edits what it filed.
      if (principal.role === 'employer' && before.channel !== 'employer') throw new ForbiddenError(`channel: an employer edits only its own employer-channel applications (this one is ${before.channel})`);
      const today = this.clock.today();
      if (today > before.applications_close) throw new RuleViolationError('APPLICATION_WINDOW_CLOSED', `the ${before.cohort} round's window closed on ${before.applications_close}: applications can no longer be edited`);
      if (before.stage !== 'submitted') throw new ConflictError('RECOMMENDATION_RECORDED', `the application is ${before.stage}: a recommendation is recorded, it can no longer be edited`);
      const stored = await manager.findOneByOrFail(SelectionApplication, { id });
      const merged = { ...stored, ...contentOf({ ...contentOfRow(stored), ...definedOnly(dto) }) };
      checkEquivalent(merged);
      const [life] = (await this.identity.lifeDatesOf(manager, [stored.talentId])).values();
      merged.warnings = warningsFor({ skillLevel: merged.skillLevel, statutoryRetirementDate: life.statutoryRetirementDate, filedOn: stored.filedOn });
      merged.updatedAt = this.clock.now();
      await manager.save(SelectionApplication, merged);
      const after = applicationView((await this.repo.application(manager, id))!);
      await this.audit.record(manager, { action: 'application.edited', entityType: 'application', entityId: id, before: applicationView(before), after });
      return after;
    });
  }

  async get(id: string, principal: Principal): Promise<ApplicationRow> {
    const row = await this.repo.application(this.db.manager, id);
    if (!row || !mayRead(principal, row)) throw new NotFoundError('application', id);
    return row;
  }

  /**
   * The application behind its printed 申报表: as get(), and for an expert an
   * application of a round assigned to it, past eligibility (what its lists
   * show); anything else 404 (issue 17).
   */
  async forForm(id: string, principal: Principal): Promise<ApplicationRow> {
    if (principal.role !== 'expert') return this.get(id, principal);
    const row = await this.repo.application(this.db.manager, id);
    const visible = row && scopeOf(principal).stages!.includes(row.stage) && (await this.repo.isRoundExpert(this.db.manager, row.round_id, principal.userId));
    if (!row || !visible) throw new NotFoundError('application', id);
    return row;
  }

  async list(query: AllApplicationsQuery, principal: Principal): Promise<Page<ApplicationView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.repo.applications(this.db.manager, { ...scopeOf(principal), roundId: query.roundId, stage: query.stage }, { after, limit: limit + 1 });
    return toPage(rows, limit, (r) => [r.filed_at.toISOString(), r.id], applicationView);
  }

  /** A registered person; an employer sees only its own people (others: 404, as if unknown). */
  private async registered(manager: EntityManager, talentId: string, principal: Principal): Promise<TalentRow> {
    const talent = await this.talents.findById(manager, talentId, true);
    if (!talent || (principal.role === 'employer' && talent.employer_id !== principal.organizationId)) throw new NotFoundError('talent', talentId);
    return talent;
  }

  /**
   * A person not yet registered is registered with the application (same checks as POST /talents).
   * An ID number already registered is that person, when the employer matches.
   */
  private async registerPerson(manager: EntityManager, p: ApplicantPersonDto, principal: Principal): Promise<TalentRow> {
    if (principal.role === 'employer' && p.employerId !== principal.organizationId) {
      throw new RuleViolationError('NOT_OWN_STAFF', 'person.employerId: an employer files only for its own staff');
    }
    const sealed = this.identity.seal(p.idNumber, p.retirementCategory);
    if (!sealed.ok) throw new InvalidInputError(`person.${sealed.field}: ${sealed.message}`);
    const [existing] = await this.talents.findByIdNumberHashes(manager, [sealed.identity.idNumberHash], true);
    if (existing) {
      if (existing.employer_id !== p.employerId) {
        throw new ConflictError('PERSON_REGISTERED_ELSEWHERE', 'person.idNumber is registered with another employer: the district office corrects the registry first (PATCH /talents/{id})');
      }
      return existing;
    }
    let phone: string | null = null;
    if (p.phone !== undefined) {
      const parsed = parsePhone(p.phone);
      if (!parsed.ok) throw new InvalidInputError(`person.phone: ${parsed.reason}`);
      phone = parsed.phone;
    }
    const exists = await manager.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'employer'`, [p.employerId]);
    if (exists.length === 0) throw new RuleViolationError('WRONG_ORGANIZATION_KIND', 'person.employerId must name an existing employer organisation');
    const row = await this.talents.insert(manager, {
      ...sealed.identity,
      name: p.name.trim(),
      employerId: p.employerId,
      phoneEnc: phone === null ? null : this.cipher.encrypt(phone),
      phoneMasked: phone === null ? null : maskPhone(phone),
      email: p.email?.trim().toLowerCase() ?? null,
      skillLevel: null,
      occupation: null,
      socialInsuranceDistrict: this.config.programme.homeDistrict,
    });
    await this.audit.record(manager, { action: 'talent.created', entityType: 'talent', entityId: row.id, after: { ...talentView(row), via: 'application' } });
    return row;
  }

  private async districtEmployer(manager: EntityManager, employerId: string): Promise<Organization> {
    const org = await manager.findOne(Organization, { where: { id: employerId } });
    if (!org || org.kind !== 'employer') throw new NotDistrictEmployerError('the person is not registered with an employer organisation');
    if (org.district !== null && !samePlace(org.district, this.config.programme.homeDistrict)) {
      throw new NotDistrictEmployerError(`${org.name} is in ${org.district}, not ${this.config.programme.homeDistrict}`);
    }
    return org;
  }
}

type Content = Pick<SelectionApplication, 'occupation' | 'skillLevel' | 'skillRecognisedBy' | 'post' | 'industry' | 'achievements' | 'awards' | 'patents' | 'team' | 'otherTitles' | 'employerSupport'>;

function contentOf(dto: ApplicationContentDto): Content {
  const t = (v: string | undefined | null) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());
  return {
    occupation: dto.occupation.trim(),
    skillLevel: dto.skillLevel,
    skillRecognisedBy: dto.skillLevel === 'equivalent' ? t(dto.skillRecognisedBy) : null,
    post: dto.post.trim(),
    industry: dto.industry,
    achievements: t(dto.achievements),
    awards: t(dto.awards),
    patents: t(dto.patents),
    team: t(dto.team),
    otherTitles: t(dto.otherTitles),
    employerSupport: t(dto.employerSupport),
  };
}

function contentOfRow(a: SelectionApplication): ApplicationContentDto {
  const u = (v: string | null) => v ?? undefined;
  return {
    occupation: a.occupation,
    skillLevel: a.skillLevel,
    skillRecognisedBy: u(a.skillRecognisedBy),
    post: a.post,
    industry: a.industry,
    achievements: u(a.achievements),
    awards: u(a.awards),
    patents: u(a.patents),
    team: u(a.team),
    otherTitles: u(a.otherTitles),
    employerSupport: u(a.employerSupport),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

function checkEquivalent(a: { skillLevel: string; skillRecognisedBy?: string | null }): void {
  if (a.skillLevel === 'equivalent' && (a.skillRecognisedBy ?? '').trim() === '') {
    throw new InvalidInputError('skillRecognisedBy is required when skillLevel is equivalent (who recognised the level)');
  }
}
