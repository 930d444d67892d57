import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { PiiCipher } from '../../core/crypto/pii-cipher';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { CreateHonourDto } from './dto/create-honour.dto';
import { CreateTalentDto } from './dto/create-talent.dto';
import { CreateTitleDto } from './dto/create-title.dto';
import { TalentQuery } from './dto/talent-query.dto';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { maskPhone, parsePhone } from './phone';
import { TalentIdentity } from './talent-identity';
import { HonourView, honourView, TalentView, talentView, TitleView, titleView } from './talent.views';
import { DuplicateIdNumberError, TalentFieldError } from './talents.errors';
import { TalentRow, TalentsRepository } from './talents.repository';

export type TalentDetail = TalentView & { honours: HonourView[]; titles: TitleView[] };

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

  async create(dto: CreateTalentDto): Promise<TalentDetail> {
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
      const view = talentView(row);
      await this.audit.record(manager, { action: 'talent.created', entityType: 'talent', entityId: row.id, after: view });
      return { ...view, honours: [], titles: [] };
    });
  }

  async get(id: string): Promise<TalentDetail> {
    const manager = this.db.manager;
    const row = await this.talents.findById(manager, id);
    if (!row) throw new NotFoundError('talent', id);
    return this.detail(manager, row);
  }

  async list(query: TalentQuery): Promise<Page<TalentView>> {
    const limit = pageSize(query);
    let idNumberHash: string | undefined;
    if (query.idNumber !== undefined) {
      idNumberHash = this.identity.lookupHash(query.idNumber);
      if (idNumberHash === undefined) throw new TalentFieldError('idNumber is not a valid 居民身份证号');
    }
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.talents.list(this.db.manager, { employerId: query.employerId, idNumberHash, name: query.name, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], talentView);
  }

  async addHonour(talentId: string, dto: CreateHonourDto): Promise<HonourView> {
    return this.db.transaction(async (manager) => {
      await this.expectTalent(manager, talentId);
      const row = await this.talents.insertHonour(manager, talentId, { title: dto.title.trim(), awardedOn: dto.awardedOn, issuer: dto.issuer?.trim() ?? null });
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

  private async detail(manager: EntityManager, row: TalentRow): Promise<TalentDetail> {
    const [honours, titles] = await Promise.all([this.talents.honours(manager, row.id), this.talents.titles(manager, row.id)]);
    return { ...talentView(row), honours: honours.map(honourView), titles: titles.map(titleView) };
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
