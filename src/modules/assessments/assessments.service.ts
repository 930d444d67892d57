import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { BusinessDate, daysBetween } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { MailOutbox } from '../../core/mail/mail-outbox.service';
import { AdjustmentProposals } from '../adjustments/adjustment-proposals.service';
import { Grade, GRADE_LABELS } from '../annual-reviews/grades';
import { DesignationTimeline } from '../designations/designation-timeline';
import { assessmentMails, KIND_LABELS } from './assessment-mails';
import { AssessmentTasksRepository, TaskRow, TaskStatus } from './assessment-tasks.repository';
import { AssessmentView, assessmentView } from './assessment.views';
import { AssessmentQuery, CorrectResultDto, RecordResultDto } from './dto/assessment.dto';
import { scoreOutsideBand } from './score-bands';

export interface AssessmentsRunResult {
  opened: number;
  overdue: number;
  reminders: number;
  escalations: number;
}

@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: AssessmentTasksRepository,
    private readonly proposals: AdjustmentProposals,
    private readonly timeline: DesignationTimeline,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The daily job (SPEC §3.4): open, mark overdue, remind, escalate — each e-mail once per task. */
  async run(asOf: BusinessDate): Promise<AssessmentsRunResult> {
    const settings = this.config.assessments;
    return this.db.transaction(async (manager) => {
      const opened = await this.tasks.openDue(manager, asOf, settings.openDaysBefore);
      for (const task of opened) await this.announce(manager, task);
      const overdue = await this.tasks.markOverdue(manager, asOf);
      let reminders = 0;
      for (const task of await this.tasks.dueWithin(manager, asOf, settings.reminderDaysBefore)) {
        if (await this.outbox.enqueue(manager, assessmentMails.reminder(task, this.link(task)))) reminders++;
      }
      let escalations = 0;
      for (const task of await this.tasks.overdueBy(manager, asOf, settings.escalationDaysAfter)) {
        // The real delay: a run catching up after missed days escalates later than the setting.
        if (await this.outbox.enqueue(manager, assessmentMails.escalation(task, this.link(task), daysBetween(task.due_on, asOf)))) escalations++;
      }
      return { opened: opened.length, overdue, reminders, escalations };
    });
  }

  async list(query: AssessmentQuery, principal: Principal): Promise<Page<AssessmentView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.tasks.list(this.db.manager, { ...this.scope(principal), kind: query.kind, status: query.status, designationId: query.designationId, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], assessmentView);
  }

  /** GET /assessments/counts: how many tasks of each status the reader sees (the tabs' counts). */
  async counts(principal: Principal): Promise<{ byStatus: Record<TaskStatus, number> }> {
    const byStatus: Record<TaskStatus, number> = { open: 0, overdue: 0, done: 0, cancelled: 0 };
    for (const { status, n } of await this.tasks.countByStatus(this.db.manager, this.scope(principal))) byStatus[status as TaskStatus] = n;
    return { byStatus };
  }

  async get(id: string, principal: Principal): Promise<AssessmentView> {
    return assessmentView(await this.visible(this.db.manager, id, principal));
  }

  async record(id: string, dto: RecordResultDto, principal: Principal): Promise<AssessmentView> {
    return this.db.transaction(async (manager) => {
      const task = await this.visible(manager, id, principal, true);
      if (task.status === 'done') throw new ConflictError('ASSESSMENT_RECORDED', 'the result of this assessment is already recorded');
      if (task.status === 'cancelled') throw new ConflictError('ASSESSMENT_CANCELLED', `the assessment was cancelled: ${task.cancelled_reason ?? ''}`);
      this.checkResult(task, dto);
      await this.tasks.record(manager, id, {
        grade: dto.grade,
        assessedOn: dto.assessedOn,
        score: dto.score ?? null,
        comments: dto.comments?.trim() || null,
        by: principal.userId,
        at: this.clock.now(),
      });
      const label = KIND_LABELS[task.kind];
      await this.timeline.append(manager, task.designation_id, {
        kind: 'assessment_result',
        onDate: dto.assessedOn,
        summary: `${label}结果：${GRADE_LABELS[dto.grade]}（${task.organizer_name}）`,
        data: { assessmentId: id, assessmentKind: task.kind, grade: dto.grade, score: dto.score ?? null },
      });
      if (dto.grade === 'unqualified') await this.proposeSuspension(manager, task, dto);
      const after = assessmentView((await this.tasks.findById(manager, id))!);
      await this.audit.record(manager, { action: 'assessment.recorded', entityType: 'assessment', entityId: id, before: assessmentView(task), after });
      return after;
    });
  }

  /**
   * SPEC §3.4: the district office corrects a recorded result, with a reason,
   * audited. A correction away from 不合格 rejects the assessment_failed
   * adjustment the result proposed if it is still pending (one decided stays
   * as decided: undoing an approved suspension is a decision of its own); a
   * correction to 不合格 proposes one, as recording it would have.
   */
  async correct(id: string, dto: CorrectResultDto, principal: Principal): Promise<AssessmentView> {
    return this.db.transaction(async (manager) => {
      const task = await this.visible(manager, id, principal, true);
      if (task.status !== 'done') throw new ConflictError('ASSESSMENT_NOT_RECORDED', `only a recorded result can be corrected; this assessment is ${task.status}`);
      this.checkResult(task, dto);
      const reason = dto.reason.trim();
      if (reason === '') throw new InvalidInputError('reason must not be blank');
      const before = assessmentView(task);
      await this.tasks.correct(manager, id, {
        grade: dto.grade,
        assessedOn: dto.assessedOn,
        score: dto.score ?? null,
        comments: dto.comments === undefined ? task.comments : dto.comments.trim() || null,
        reason,
        by: principal.userId,
        at: this.clock.now(),
      });
      const label = KIND_LABELS[task.kind];
      await this.timeline.append(manager, task.designation_id, {
        kind: 'assessment_corrected',
        onDate: dto.assessedOn,
        summary: `${label}结果更正：${GRADE_LABELS[task.grade as Grade] ?? task.grade} → ${GRADE_LABELS[dto.grade]}（区协调小组办公室；理由：${reason}）`,
        data: { assessmentId: id, assessmentKind: task.kind, from: task.grade, grade: dto.grade, score: dto.score ?? null, reason },
      });
      const proposed = await this.pendingProposalOf(manager, task);
      if (task.grade === 'unqualified' && proposed && (dto.grade !== 'unqualified' || dto.assessedOn !== task.assessed_on)) {
        await this.proposals.withdraw(manager, proposed, `考核结果已更正为${GRADE_LABELS[dto.grade]}（${dto.assessedOn}）：${reason}`, principal.userId);
      }
      // Still 不合格 on the same day: the proposal (pending or decided) stands as it is.
      if (dto.grade === 'unqualified' && (task.grade !== 'unqualified' || dto.assessedOn !== task.assessed_on)) await this.proposeSuspension(manager, task, dto);
      const after = assessmentView((await this.tasks.findById(manager, id))!);
      await this.audit.record(manager, { action: 'assessment.corrected', entityType: 'assessment', entityId: id, before, after: { ...after, reason } });
      return after;
    });
  }

  /** The assessed day and the score must agree with the task and the grade (SPEC §3.4 bands). */
  private checkResult(task: TaskRow, dto: RecordResultDto): void {
    const outside = scoreOutsideBand(dto.grade, dto.score, this.config.assessments.scoreBands);
    if (outside) throw new InvalidInputError(outside);
    if (dto.assessedOn < task.opens_on) throw new RuleViolationError('ASSESSED_BEFORE_OPENING', `assessedOn must not be before the task opened (${task.opens_on})`);
    if (dto.assessedOn > this.clock.today()) throw new RuleViolationError('ASSESSED_IN_FUTURE', 'assessedOn must not be in the future');
  }

  /** The still pending assessment_failed adjustment of the task's designation, which only an assessment proposes. */
  private async pendingProposalOf(manager: EntityManager, task: TaskRow): Promise<string | undefined> {
    const [row] = await manager.query(
      `SELECT id FROM adjustments WHERE designation_id = $1 AND reason = 'assessment_failed' AND status = 'pending' AND source = 'assessment' ORDER BY created_at DESC LIMIT 1`,
      [task.designation_id],
    );
    return row?.id;
  }

  /** SPEC §3.4: 不合格 proposes suspension from the assessment date. */
  private async proposeSuspension(manager: EntityManager, task: TaskRow, dto: RecordResultDto): Promise<void> {
    await this.proposals.propose(manager, {
      designationId: task.designation_id,
      reason: 'assessment_failed',
      effectiveOn: dto.assessedOn,
      note: `${KIND_LABELS[task.kind]}不合格（${task.organizer_name}）`,
      evidence: dto.comments?.trim() || null,
      source: 'assessment',
    });
  }

  private async announce(manager: EntityManager, task: TaskRow): Promise<void> {
    await this.timeline.append(manager, task.designation_id, {
      kind: 'assessment_opened',
      onDate: task.opens_on,
      summary: `${KIND_LABELS[task.kind]}任务开启，组织单位：${task.organizer_name}，截止 ${task.due_on}`,
      data: { assessmentId: task.id, assessmentKind: task.kind, dueOn: task.due_on, organizerId: task.organizer_id },
    });
    await this.audit.record(manager, { action: 'assessment.opened', entityType: 'assessment', entityId: task.id, after: assessmentView(task) });
    await this.outbox.enqueue(manager, assessmentMails.opened(task, this.link(task)));
  }

  /** An assessor sees only the tasks its organisation organises; any other is "not found" (SPEC §4). */
  private async visible(manager: EntityManager, id: string, principal: Principal, lock = false): Promise<TaskRow> {
    const task = await this.tasks.findById(manager, id, lock);
    if (!task || (principal.role === 'assessor' && task.organizer_id !== principal.organizationId)) throw new NotFoundError('assessment', id);
    return task;
  }

  private scope(principal: Principal): { organizerId?: string } {
    return principal.role === 'assessor' ? { organizerId: principal.organizationId ?? '00000000-0000-0000-0000-000000000000' } : {};
  }

  private link(task: TaskRow): string {
    return `${this.config.publicUrl}/api/v1/assessments/${task.id}`;
  }
}
