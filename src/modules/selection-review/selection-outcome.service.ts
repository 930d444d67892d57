import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, DomainError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { mailBody } from '../../core/mail/mail-body';
import { MailOutbox } from '../../core/mail/mail-outbox.service';
import { CalendarService } from '../calendar/calendar.service';
import { designationDayProblem } from '../designations/designation-dates';
import { DesignationFieldError } from '../designations/designations.errors';
import { DesignationsService } from '../designations/designations.service';
import { NamingDto, ObjectionDto, PublicityDto, ShortlistDto } from './dto/review.dto';
import { ExpertReviewService, UNDER_REVIEW } from './expert-review.service';
import { NamingRefusedError } from './selection-review.errors';
import { ReviewApplicationRow, SelectionReviewRepository } from './selection-review.repository';
import { ObjectionList, ObjectionView, PublicityList, PublicityView, ShortlistView } from './review.views';

/** SPEC §3.8 steps 5–7: shortlist, publicity (公示) with objections, naming (命名认定). */
@Injectable()
export class SelectionOutcomeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SelectionReviewRepository,
    private readonly review: ExpertReviewService,
    private readonly calendar: CalendarService,
    private readonly designations: DesignationsService,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The office's pick, in score order within the quota; more than the quota,
   * or passing over an application ranked higher than one picked, needs a reason.
   * May be redone until the publicity starts.
   */
  async shortlist(roundId: string, dto: ShortlistDto): Promise<ShortlistView> {
    return this.db.transaction(async (manager) => {
      const round = await this.review.roundOr404(manager, roundId, true);
      if (round.status !== 'scoring_closed' && round.status !== 'shortlisted') {
        throw new ConflictError('ROUND_STEP_OUT_OF_ORDER', `the round is ${round.status}: the shortlist comes after scoring is closed and before the publicity`);
      }
      const table = await this.review.scoreTableIn(manager, roundId);
      const ranked = table.filter((l) => l.stage === UNDER_REVIEW || l.stage === 'shortlisted');
      const byId = new Map(ranked.map((l) => [l.applicationId, l]));
      for (const id of dto.applicationIds) {
        if (!byId.has(id)) throw new RuleViolationError('NOT_SHORTLISTABLE', `applicationIds: ${id} is not a scored eligible application of this round`);
      }
      const reason = dto.reason?.trim() || null;
      const picked = new Set(dto.applicationIds);
      if (picked.size > round.quota && !reason) {
        throw new RuleViolationError('SHORTLIST_OVER_QUOTA', `reason: ${picked.size} applications exceed the quota of ${round.quota}; a written reason is required`);
      }
      const lowestPicked = Math.max(...dto.applicationIds.map((id) => byId.get(id)!.rank));
      const passedOver = ranked.find((l) => !picked.has(l.applicationId) && l.rank < lowestPicked);
      if (passedOver && !reason) {
        throw new RuleViolationError(
          'SHORTLIST_PASSES_OVER',
          `reason: the list passes over application ${passedOver.applicationId} (${passedOver.name}, score ${passedOver.score.toFixed(2)}, rank ${passedOver.rank}); a written reason is required`,
        );
      }
      const before = ranked.filter((l) => l.stage === 'shortlisted').map((l) => l.applicationId);
      await this.repo.setStage(manager, before.filter((id) => !picked.has(id)), UNDER_REVIEW);
      await this.repo.setStage(manager, [...picked], 'shortlisted');
      await this.repo.setRoundStatus(manager, roundId, 'shortlisted', { shortlist_reason: reason, shortlisted_at: this.clock.now() });
      const ordered = ranked.filter((l) => picked.has(l.applicationId)).map((l) => l.applicationId);
      await this.audit.record(manager, {
        action: 'round.shortlisted',
        entityType: 'selection_round',
        entityId: roundId,
        before: { status: round.status, applicationIds: before },
        after: { status: 'shortlisted', applicationIds: ordered, reason },
      });
      return { roundId, status: 'shortlisted', quota: round.quota, applicationIds: ordered, reason };
    });
  }

  /** Starts the 公示 on the office's day; it lasts PUBLICITY_WORKING_DAYS working days on the official calendar. */
  async publicity(roundId: string, dto: PublicityDto): Promise<PublicityView> {
    return this.db.transaction(async (manager) => {
      const round = await this.review.roundOr404(manager, roundId, true);
      if (round.status !== 'shortlisted') throw new ConflictError('ROUND_STEP_OUT_OF_ORDER', `the round is ${round.status}: the publicity follows the shortlist, once`);
      const endsOn = await this.calendar.lastOfWorkingDays(manager, dto.startsOn, this.config.review.publicityWorkingDays);
      const n = await this.repo.setStageWhere(manager, roundId, 'shortlisted', 'publicised');
      await this.repo.setRoundStatus(manager, roundId, 'publicity', { publicity_starts_on: dto.startsOn, publicity_ends_on: endsOn });
      await this.audit.record(manager, { action: 'round.publicity', entityType: 'selection_round', entityId: roundId, before: { status: round.status }, after: { status: 'publicity', startsOn: dto.startsOn, endsOn } });
      return { roundId, status: 'publicity', startsOn: dto.startsOn, endsOn, applications: n };
    });
  }

  /** An objection during the publicity, until its end day; an upheld one takes the application off the list. */
  async object(applicationId: string, dto: ObjectionDto, principal: Principal): Promise<ObjectionView> {
    return this.db.transaction(async (manager) => {
      const found = await this.repo.application(manager, applicationId);
      if (!found) throw new NotFoundError('application', applicationId);
      // The round first, as every other step locks it: naming and an objection never wait on each other crosswise.
      const round = (await this.repo.round(manager, found.round_id, true))!;
      const application = (await this.repo.application(manager, applicationId, true))!;
      const today = this.clock.today();
      if (round.status !== 'publicity' || round.publicity_ends_on === null) {
        throw new ConflictError('ROUND_STEP_OUT_OF_ORDER', `the round is ${round.status}: objections are recorded during the publicity`);
      }
      if (today > round.publicity_ends_on) throw new ConflictError('PUBLICITY_ENDED', `the publicity ended on ${round.publicity_ends_on}: objections are recorded until its end day`);
      if (application.stage !== 'publicised') throw new ConflictError('NOT_PUBLICISED', `application ${applicationId} is ${application.stage}, not on the publicity list`);
      const upheld = dto.upheld ?? false;
      const row = await this.repo.insertObjection(manager, { applicationId, text: dto.text, upheld, recordedOn: today, recordedBy: principal.userId });
      if (upheld) await this.repo.setStage(manager, [applicationId], 'removed');
      const stage = upheld ? 'removed' : application.stage;
      await this.audit.record(manager, {
        action: upheld ? 'application.objection_upheld' : 'application.objection_recorded',
        entityType: 'selection_application',
        entityId: applicationId,
        before: { stage: application.stage },
        after: { stage, objectionId: row.id, upheld },
      });
      return { id: row.id, applicationId, text: row.text, upheld, recordedOn: row.recorded_on, stage };
    });
  }

  async objections(roundId: string): Promise<ObjectionList> {
    await this.review.roundOr404(this.db.manager, roundId);
    const rows = await this.repo.objections(this.db.manager, roundId);
    return { items: rows.map((o) => ({ id: o.id, applicationId: o.application_id, name: o.name, text: o.text, upheld: o.upheld, recordedOn: o.recorded_on })) };
  }

  /**
   * 命名认定: after the publicity's last day, one act names every application
   * still on the list, all or none, with the rules of POST /designations and
   * the round's cohort; the employers are told by mail.
   */
  async name(roundId: string, dto: NamingDto): Promise<{ roundId: string; status: string; created: number; designationIds: string[] }> {
    const dayProblem = designationDayProblem(dto.designatedOn, { earliest: this.config.programme.earliestDesignation, today: this.clock.today() });
    if (dayProblem) throw new DesignationFieldError(dayProblem);
    return this.db.transaction(async (manager) => {
      const round = await this.review.roundOr404(manager, roundId, true);
      if (round.status !== 'publicity' || round.publicity_ends_on === null) {
        throw new ConflictError('ROUND_STEP_OUT_OF_ORDER', `the round is ${round.status}: naming follows the publicity`);
      }
      const today = this.clock.today();
      if (today <= round.publicity_ends_on) throw new ConflictError('PUBLICITY_NOT_ENDED', `the publicity ends on ${round.publicity_ends_on}: naming comes after its last day`);
      if (dto.designatedOn <= round.publicity_ends_on) {
        throw new RuleViolationError('NAMED_DURING_PUBLICITY', `designatedOn must be after the publicity's last day (${round.publicity_ends_on})`);
      }
      const applications = await this.repo.applications(manager, roundId, ['publicised']);
      if (applications.length === 0) throw new ConflictError('NOTHING_TO_NAME', 'no application remains on the publicity list');
      const created: string[] = [];
      for (const a of applications) {
        const designation = await this.designationFor(manager, a, round.cohort, dto.designatedOn);
        await this.repo.setDesignation(manager, a.id, designation);
        created.push(designation);
      }
      await this.repo.setRoundStatus(manager, roundId, 'named', { designated_on: dto.designatedOn, named_at: this.clock.now() });
      await this.mailEmployers(manager, roundId, round.cohort, dto.designatedOn, applications);
      await this.audit.record(manager, {
        action: 'round.named',
        entityType: 'selection_round',
        entityId: roundId,
        before: { status: round.status },
        after: { status: 'named', designatedOn: dto.designatedOn, designationIds: created },
      });
      return { roundId, status: 'named', created: created.length, designationIds: created };
    });
  }

  /** 公示名单: the applications on the publicity list (those removed by an objection left out), in score order. */
  async publicityList(roundId: string): Promise<PublicityList> {
    const manager = this.db.manager;
    const round = await this.review.roundOr404(manager, roundId);
    const listed = new Set(['shortlisted', 'publicised', 'named']);
    const table = await this.review.scoreTableIn(manager, roundId);
    const applications = new Map((await this.repo.applications(manager, roundId)).map((a) => [a.id, a]));
    const items = table
      .filter((l) => listed.has(l.stage))
      .map((l) => {
        const a = applications.get(l.applicationId)!;
        return { applicationId: a.id, name: a.name, employerName: a.employer_name, occupation: a.occupation, skillLevel: a.skill_level, skillRecognisedBy: a.skill_recognised_by, stage: a.stage, score: l.score };
      });
    return { cohort: round.cohort, startsOn: round.publicity_starts_on, endsOn: round.publicity_ends_on, items };
  }

  private async designationFor(manager: EntityManager, a: ReviewApplicationRow, cohort: string, designatedOn: string): Promise<string> {
    // The refusal names the application; the caller's transaction rolls the whole act back.
    try {
      return (await this.designations.createIn(manager, { talentId: a.talent_id, cohort, designatedOn })).id;
    } catch (error) {
      if (error instanceof DomainError) throw new NamingRefusedError(error, a.id, a.name);
      throw error;
    }
  }

  private async mailEmployers(manager: EntityManager, roundId: string, cohort: string, designatedOn: string, applications: ReviewApplicationRow[]): Promise<void> {
    const byEmployer = new Map<string, ReviewApplicationRow[]>();
    for (const a of applications) byEmployer.set(a.employer_id, [...(byEmployer.get(a.employer_id) ?? []), a]);
    for (const [employerId, people] of byEmployer) {
      const lines = [
        `${people[0].employer_name}：`,
        '',
        `经专业评审、公示，以下人员被命名认定为${cohort}届松江区首席技师（命名认定日期 ${designatedOn}）：`,
        ...people.map((p) => `  ${p.name}（${p.occupation}）`),
        '',
        '任期三年，自命名认定次月起享受每月工作津贴。请按规定做好日常考查工作。',
      ];
      await this.outbox.enqueue(manager, {
        purpose: 'round.named',
        dedupeKey: `round.named:${roundId}:${employerId}`,
        to: { organizationId: employerId },
        subject: `【松江区首席技师】${cohort}届命名认定`,
        ...mailBody(lines),
      });
    }
  }
}
