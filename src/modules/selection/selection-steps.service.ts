import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { addDays, addMonths, BusinessDate } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-error';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { BanQuery, EligibilityDto, RecommendationDto } from './dto/application.dto';
import { ApplicationBan } from './entities/application-ban.entity';
import { SelectionApplication } from './entities/selection-application.entity';
import { mayRead } from './applications.service';
import { SelectionMails } from './selection-mails';
import { ApplicationRow, SelectionRepository } from './selection.repository';
import { applicationView, ApplicationView, banView, BanView } from './selection.views';

export interface ReminderRunResult {
  reminded: number;
}

/**
 * 推荐意见 and 资格审查 (SPEC §3.8 steps 2–3), the application bans a finding of
 * false material makes, and the reminder to streets and authorities that sit
 * on an application.
 */
@Injectable()
export class SelectionStepsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SelectionRepository,
    private readonly mails: SelectionMails,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Only an assessor of the application's street (enterprise) or industry authority (public institution) records it; anyone else: 404. */
  async recommend(id: string, dto: RecommendationDto, principal: Principal): Promise<ApplicationView> {
    return this.db.transaction(async (manager) => {
      const before = await this.repo.application(manager, id, true);
      if (!before || principal.role !== 'assessor' || before.recommender_id !== principal.organizationId) throw new NotFoundError('application', id);
      if (before.stage !== 'submitted') throw new ConflictError('RECOMMENDATION_RECORDED', `the recommendation is already recorded (${before.recommendation})`);
      await manager.update(SelectionApplication, { id }, {
        stage: dto.decision === 'recommend' ? 'recommended' : 'declined',
        recommendation: dto.decision,
        recommendationComment: dto.comment.trim(),
        recommendedBy: principal.userId,
        recommendedAt: this.clock.now(),
      });
      return this.recorded(manager, before, `application.${dto.decision === 'recommend' ? 'recommended' : 'declined'}`);
    });
  }

  /** The office's 资格审查; false material makes it ineligible and bans the person (and, for the employer channel, the employer). */
  async decideEligibility(id: string, dto: EligibilityDto, principal: Principal): Promise<ApplicationView> {
    const falseMaterial = dto.falseMaterial === true;
    if (falseMaterial && dto.decision !== 'ineligible') throw new InvalidInputError('falseMaterial: a finding of false material makes the application ineligible (decision must be ineligible)');
    return this.db.transaction(async (manager) => {
      const before = await this.repo.application(manager, id, true);
      if (!before || !mayRead(principal, before)) throw new NotFoundError('application', id);
      if (before.stage === 'submitted') throw new ConflictError('RECOMMENDATION_PENDING', `the ${before.recommender_name} has not recorded its recommendation yet (推荐意见 before 资格审查)`);
      if (before.stage !== 'recommended' && before.stage !== 'declined') throw new ConflictError('ELIGIBILITY_DECIDED', `eligibility is already decided (${before.stage})`);
      const today = this.clock.today();
      await manager.update(SelectionApplication, { id }, {
        stage: dto.decision,
        eligibility: dto.decision,
        eligibilityReasons: dto.reasons.trim(),
        falseMaterial,
        eligibilityBy: principal.userId,
        eligibilityAt: this.clock.now(),
      });
      const view = await this.recorded(manager, before, `application.${dto.decision}`);
      if (falseMaterial) {
        await this.ban(manager, before, { talentId: before.talent_id }, dto.reasons.trim(), today, principal);
        if (before.channel === 'employer') await this.ban(manager, before, { employerId: before.employer_id }, dto.reasons.trim(), today, principal);
      }
      return view;
    });
  }

  async bans(query: BanQuery, principal: Principal): Promise<Page<BanView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.repo.bans(this.db.manager, {
      inForceOn: query.active === 'true' ? this.clock.today() : undefined,
      employerId: principal.role === 'employer' ? principal.organizationId! : undefined,
      after,
      limit: limit + 1,
    });
    return toPage(rows, limit, (b) => [b.created_at.toISOString(), b.id], banView);
  }

  /** The reminder job: each application waiting RECOMMENDATION_REMINDER_DAYS in a queue is reminded once (the outbox's key makes it once). */
  async remind(asOf: BusinessDate): Promise<ReminderRunResult> {
    const days = this.config.selection.recommendationReminderDays;
    return this.db.transaction(async (manager) => {
      const waiting = await this.repo.awaitingReminder(manager, addDays(asOf, -days));
      for (const a of waiting) {
        await this.mails.reminder(manager, a, days);
        await this.repo.markReminded(manager, a.id, this.clock.now());
      }
      return { reminded: waiting.length };
    });
  }

  private async recorded(manager: EntityManager, before: ApplicationRow, action: string): Promise<ApplicationView> {
    const after = applicationView((await this.repo.application(manager, before.id))!);
    await this.audit.record(manager, { action, entityType: 'application', entityId: before.id, before: applicationView(before), after });
    return after;
  }

  private async ban(manager: EntityManager, a: ApplicationRow, subject: { talentId: string } | { employerId: string }, reason: string, today: BusinessDate, principal: Principal): Promise<void> {
    const saved = await manager.save(
      manager.create(ApplicationBan, {
        talentId: 'talentId' in subject ? subject.talentId : null,
        employerId: 'employerId' in subject ? subject.employerId : null,
        applicationId: a.id,
        reason,
        startsOn: today,
        endsOn: addMonths(today, 12 * this.config.selection.banYears),
        createdBy: principal.userId,
      }),
    );
    const view = banView((await this.repo.ban(manager, saved.id))!);
    await this.audit.record(manager, { action: 'application_ban.created', entityType: 'application_ban', entityId: saved.id, after: view });
  }
}
