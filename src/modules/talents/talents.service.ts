import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import type { Role } from '../../core/context/request-context';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { CreateHonourDto } from './dto/create-honour.dto';
import { CreateTalentDto } from './dto/create-talent.dto';
import { CreateTitleDto } from './dto/create-title.dto';
import { TalentQuery } from './dto/talent-query.dto';
import { UpdateTalentDto } from './dto/update-talent.dto';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { maskPhone, parsePhone } from './phone';
import { statutoryRetirementDate } from './retirement-date';
import { LifeDates, resolveCategory, retirementYearOf, TalentIdentity } from './talent-identity';
import { TalentDetail, HonourView, honourView, TalentView, talentView, TitleView, titleView } from './talent.views';
import { DuplicateIdNumberError, TalentFieldError } from './talents.errors';
import { TalentChange, TalentRow, TalentsRepository } from './talents.repository';

/** SPEC §5: only the district office sees birth and statutory retirement dates. */
const SEES_LIFE_DATES: ReadonlySet<Role> = new Set<Role>(['admin']);

@Injectable()
export class TalentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly talents: TalentsRepository,
    private readonly identity: TalentIdentity,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateTalentDto, reader: Role): Promise<TalentDetail> {
    const sealed = this.identity.seal(dto.idNumber, dto.retirementCategory);
    if (!sealed.ok) throw new TalentFieldError(sealed.message);
    let phone: string | null = null;
    if (dto.phone !== undefined) {
      const parsed = parsePhone(dto.phone);
      if (!parsed.ok) throw new TalentFieldError(parsed.reason);
      phone = parsed.phone;
    }
    return this.db.transaction(async (manager) => {
      await this.expectEmployer(manager, dto.employerId);
      if (await this.talents.existsByHash(manager, sealed.identity.idNumberHash)) throw new DuplicateIdNumberError();
      const row = await this.talents.insert(manager, {
        ...sealed.identity,
        name: dto.name.trim(),
        employerId: dto.employerId,
        phoneEnc: phone === null ? null : this.cipher.encrypt(phone),
        phoneMasked: phone === null ? null : maskPhone(phone),
        email: dto.email?.trim().toLowerCase() ?? null,
        skillLevel: dto.skillLevel ?? null,
        occupation: dto.occupation ?? null,
        socialInsuranceDistrict: dto.socialInsuranceDistrict ?? this.config.programme.homeDistrict,
      });
      await this.audit.record(manager, { action: 'talent.created', entityType: 'talent', entityId: row.id, after: talentView(row) });
      const { birthDate, statutoryRetirementDate } = sealed.identity;
      return { ...talentView(row, SEES_LIFE_DATES.has(reader) ? { birthDate, statutoryRetirementDate } : undefined), honours: [], titles: [] };
    });
  }

  async get(id: string, reader: Role): Promise<TalentDetail> {
    const manager = this.db.manager;
    const row = await this.talents.findById(manager, id);
    if (!row) throw new NotFoundError('talent', id);
    return this.detail(manager, row, reader);
  }

  async list(query: TalentQuery, reader: Role): Promise<Page<TalentView>> {
    const limit = pageSize(query);
    let idNumberHash: string | undefined;
    if (query.idNumber !== undefined) {
      idNumberHash = this.identity.lookupHash(query.idNumber);
      if (idNumberHash === undefined) throw new TalentFieldError('idNumber is not a valid 居民身份证号');
    }
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.talents.list(this.db.manager, { employerId: query.employerId, idNumberHash, name: query.name, q: query.q, after, limit: limit + 1 });
    const dates = await this.lifeDatesFor(this.db.manager, rows.slice(0, limit), reader);
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], (r) => talentView(r, dates.get(r.id)));
  }

  /** PATCH /talents/{id} (admin): employer, phone, e-mail, retirement category; the changed fields are audited, the dates never. */
  async update(id: string, dto: UpdateTalentDto, reader: Role): Promise<TalentDetail> {
    if (Object.values(dto).every((v) => v === undefined)) throw new TalentFieldError('the body must name at least one of employerId, phone, email, retirementCategory');
    const phone = dto.phone === undefined ? undefined : parsePhone(dto.phone);
    if (phone && !phone.ok) throw new TalentFieldError(phone.reason);
    return this.db.transaction(async (manager) => {
      const before = await this.expectTalent(manager, id);
      const { change, dates } = await this.changeOf(manager, before, { ...dto, phone: phone?.ok ? phone.phone : undefined });
      const after = Object.keys(change).length === 0 ? before : await this.talents.update(manager, id, change);
      // Two phones can share a mask: a new number is on the record even when its mask is the old one.
      const changed = changedFields(talentView(before), talentView(after), change.phone ? ['phoneMasked'] : []);
      if (changed) await this.audit.record(manager, { action: 'talent.updated', entityType: 'talent', entityId: id, ...changed });
      return this.detail(manager, after, reader, dates);
    });
  }

  /** What actually changes (a value equal to the stored one is no change), and the dates under the category that will hold. */
  private async changeOf(manager: EntityManager, before: TalentRow, dto: UpdateTalentDto): Promise<{ change: TalentChange; dates: LifeDates }> {
    const change: TalentChange = {};
    if (dto.employerId !== undefined && dto.employerId !== before.employer_id) {
      await this.expectEmployer(manager, dto.employerId);
      change.employerId = dto.employerId;
    }
    if (dto.phone !== undefined && dto.phone !== (await this.storedPhone(manager, before.id))) {
      change.phone = { enc: this.cipher.encrypt(dto.phone), masked: maskPhone(dto.phone) };
    }
    const email = dto.email?.trim().toLowerCase();
    if (email !== undefined && email !== before.email) change.email = email;
    let dates = (await this.identity.lifeDatesOf(manager, [before.id])).get(before.id)!;
    if (dto.retirementCategory !== undefined && dto.retirementCategory !== before.retirement_category) {
      const resolved = resolveCategory(before.gender, dto.retirementCategory);
      if (!resolved.ok) throw new TalentFieldError(resolved.message);
      dates = { ...dates, statutoryRetirementDate: statutoryRetirementDate(dates.birthDate, resolved.category) };
      change.retirement = { category: resolved.category, year: retirementYearOf(dates.statutoryRetirementDate) };
    }
    return { change, dates };
  }

  async addHonour(talentId: string, dto: CreateHonourDto): Promise<HonourView> {
    return this.db.transaction(async (manager) => {
      await this.expectTalent(manager, talentId);
      const row = await this.talents.insertHonour(manager, talentId, { title: dto.title.trim(), awardedOn: dto.awardedOn, issuer: dto.issuer?.trim() ?? null, certificateNumber: dto.certificateNumber?.trim() ?? null });
      if (!row) throw new ConflictError('HONOUR_HELD', `title: the talent already holds ${dto.title}`);
      const view = honourView(row);
      await this.audit.record(manager, { action: 'honour.awarded', entityType: 'talent', entityId: talentId, after: view });
      return view;
    });
  }

  async revokeHonour(talentId: string, honourId: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      await this.expectTalent(manager, talentId);
      const row = await this.talents.revokeHonour(manager, talentId, honourId, this.clock.now());
      if (!row) throw new NotFoundError('honour', honourId);
      await this.audit.record(manager, { action: 'honour.revoked', entityType: 'talent', entityId: talentId, before: { ...honourView(row), revoked: false }, after: honourView(row) });
    });
  }

  async addTitle(talentId: string, dto: CreateTitleDto): Promise<TitleView> {
    if (dto.validTo !== undefined && dto.validTo < dto.validFrom) throw new TalentFieldError('validTo must not be before validFrom');
    return this.db.transaction(async (manager) => {
      await this.expectTalent(manager, talentId);
      const row = await this.talents.insertTitle(manager, talentId, { title: dto.title.trim(), monthlyAmountFen: dto.monthlyAmountFen, validFrom: dto.validFrom, validTo: dto.validTo ?? null });
      const view = titleView(row);
      await this.audit.record(manager, { action: 'title.recorded', entityType: 'talent', entityId: talentId, after: view });
      return view;
    });
  }

  private async detail(manager: EntityManager, row: TalentRow, reader: Role, known?: LifeDates): Promise<TalentDetail> {
    const [honours, titles] = await Promise.all([this.talents.honours(manager, row.id), this.talents.titles(manager, row.id)]);
    const dates = SEES_LIFE_DATES.has(reader) ? (known ?? (await this.lifeDatesFor(manager, [row], reader)).get(row.id)) : undefined;
    return { ...talentView(row, dates), honours: honours.map(honourView), titles: titles.map(titleView) };
  }

  private async storedPhone(manager: EntityManager, id: string): Promise<string | null> {
    const sealed = await this.talents.sealedPhone(manager, id);
    return sealed === null ? null : this.cipher.decrypt(sealed);
  }

  private async lifeDatesFor(manager: EntityManager, rows: TalentRow[], reader: Role): Promise<Map<string, LifeDates>> {
    return SEES_LIFE_DATES.has(reader) ? this.identity.lifeDatesOf(manager, rows.map((r) => r.id)) : new Map();
  }

  private async expectTalent(manager: EntityManager, id: string): Promise<TalentRow> {
    const row = await this.talents.findById(manager, id, true);
    if (!row) throw new NotFoundError('talent', id);
    return row;
  }

  private async expectEmployer(manager: EntityManager, id: string): Promise<void> {
    const rows = await manager.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'employer'`, [id]);
    if (rows.length === 0) throw new RuleViolationError('WRONG_ORGANIZATION_KIND', 'employerId must name an existing employer organisation');
  }
}

/** The fields that differ (and those always shown), before and after, or undefined when nothing changed. */
function changedFields(before: TalentView, after: TalentView, alwaysShown: Array<keyof TalentView>): { before: Record<string, unknown>; after: Record<string, unknown> } | undefined {
  const keys = (Object.keys(after) as Array<keyof TalentView>).filter((k) => before[k] !== after[k] || alwaysShown.includes(k));
  if (keys.length === 0) return undefined;
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, after[k]])) };
}
