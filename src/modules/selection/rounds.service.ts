import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-error';
import { decodeCursor, Page, PageQuery, pageSize, toPage } from '../../core/http/pagination';
import { CreateRoundDto } from './dto/round.dto';
import { SelectionRound } from './entities/selection-round.entity';
import { SelectionRepository } from './selection.repository';
import { roundView, RoundView } from './selection.views';

/** A round per cohort (SPEC §3.8): its quota and application window. */
@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SelectionRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateRoundDto, principal: Principal): Promise<RoundView> {
    if (dto.applicationsClose < dto.applicationsOpen) throw new InvalidInputError('applicationsClose must not be before applicationsOpen');
    return this.db.transaction(async (manager) => {
      const taken = await manager.findOne(SelectionRound, { where: { cohort: dto.cohort } });
      if (taken) throw new ConflictError('ROUND_EXISTS', `cohort: there is already a round for the ${dto.cohort} cohort`);
      const saved = await manager.save(
        manager.create(SelectionRound, {
          cohort: dto.cohort,
          quota: dto.quota ?? this.config.selection.defaultQuota,
          applicationsOpen: dto.applicationsOpen,
          applicationsClose: dto.applicationsClose,
          status: 'open',
          createdBy: principal.userId,
        }),
      );
      const view = roundView(saved, this.clock.today(), {}, this.config.selection.nominationsMaxPerEmployer);
      await this.audit.record(manager, { action: 'round.created', entityType: 'round', entityId: saved.id, after: view });
      return view;
    });
  }

  async list(query: PageQuery, principal: Principal): Promise<Page<RoundView>> {
    const limit = pageSize(query);
    const [afterCohort, afterId] = decodeCursor(query.cursor, 2) ?? [];
    const qb = this.db.manager.createQueryBuilder(SelectionRound, 'r').orderBy('r.cohort', 'DESC').addOrderBy('r.id', 'DESC').limit(limit + 1);
    if (afterId !== undefined) qb.andWhere('(r.cohort, r.id) < (:afterCohort, :afterId::uuid)', { afterCohort, afterId });
    // SPEC §4: an expert reads only the rounds it is assigned to (issue 17).
    if (principal.role === 'expert') qb.andWhere('r.id IN (SELECT x.round_id FROM selection_round_experts x WHERE x.expert_id = :me)', { me: principal.userId });
    const rounds = await qb.getMany();
    const counts = await this.repo.stageCounts(this.db.manager, rounds.map((r) => r.id), this.employerOf(principal));
    const today = this.clock.today();
    return toPage(rounds, limit, (r) => [r.cohort, r.id], (r) => roundView(r, today, counts.get(r.id) ?? {}, this.config.selection.nominationsMaxPerEmployer));
  }

  async get(id: string, principal: Principal): Promise<RoundView> {
    const round = await this.db.manager.findOne(SelectionRound, { where: { id } });
    const assigned = async () => (await this.db.manager.query(`SELECT 1 FROM selection_round_experts WHERE round_id = $1 AND expert_id = $2`, [id, principal.userId])).length > 0;
    if (!round || (principal.role === 'expert' && !(await assigned()))) throw new NotFoundError('round', id);
    const counts = await this.repo.stageCounts(this.db.manager, [id], this.employerOf(principal));
    return roundView(round, this.clock.today(), counts.get(id) ?? {}, this.config.selection.nominationsMaxPerEmployer);
  }

  async expect(id: string): Promise<SelectionRound> {
    const round = await this.db.manager.findOne(SelectionRound, { where: { id } });
    if (!round) throw new NotFoundError('round', id);
    return round;
  }

  /** An employer's counts are its own applications only. */
  private employerOf(principal: Principal): string | undefined {
    return principal.role === 'employer' ? principal.organizationId! : undefined;
  }
}
