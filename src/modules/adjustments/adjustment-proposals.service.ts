import { mailBody } from '../../core/mail/mail-body';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { MailOutbox } from '../../core/mail/mail-outbox.service';
import { DesignationTimeline } from '../designations/designation-timeline';
import { REASON_LABELS } from './adjustment-reasons';
import { AdjustmentView, adjustmentView } from './adjustment.views';
import { AdjustmentsRepository, NewAdjustment } from './adjustments.repository';

/**
 * The one way an adjustment comes into being, by hand or by a job: written with
 * its timeline entry, its audit row and the district office's e-mail in the
 * caller's transaction. A reason already pending for the designation is not
 * proposed again (SPEC §3.5), by constraint.
 */
@Injectable()
export class AdjustmentProposals {
  constructor(
    private readonly adjustments: AdjustmentsRepository,
    private readonly timeline: DesignationTimeline,
    private readonly audit: AuditService,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A job's own pending proposal whose ground changed (a statutory retirement
   * date recomputed after a new retirement category): it moves to the new date,
   * on the record, instead of a second proposal beside a stale one.
   */
  async redate(manager: EntityManager, id: string, effectiveOn: string, note: string): Promise<boolean> {
    const before = await this.adjustments.findById(manager, id, true);
    if (!before || before.status !== 'pending' || before.effective_on === effectiveOn) return false;
    await this.adjustments.redate(manager, id, effectiveOn, note);
    const after = adjustmentView((await this.adjustments.findById(manager, id))!);
    await this.timeline.append(manager, after.designationId, {
      kind: 'adjustment_redated',
      summary: `动态调整（${REASON_LABELS[after.reason]}）拟中止日期更正为 ${effectiveOn}（系统重新推算）`,
      data: { adjustmentId: id, reason: after.reason, effectiveOn, previousEffectiveOn: before.effective_on },
    });
    await this.audit.record(manager, { action: 'adjustment.redated', entityType: 'adjustment', entityId: id, before: adjustmentView(before), after });
    return true;
  }

  /**
   * A job's own pending proposal that no longer applies is closed as rejected by the system (decidedBy null), with the reason;
   * or by the user whose correction took its ground away (`by`: a corrected assessment, SPEC §3.4).
   */
  async withdraw(manager: EntityManager, id: string, comment: string, by: string | null = null): Promise<boolean> {
    const before = await this.adjustments.findById(manager, id, true);
    if (!before || before.status !== 'pending') return false;
    await this.adjustments.decide(manager, id, { status: 'rejected', by, at: this.clock.now(), comment });
    const after = adjustmentView((await this.adjustments.findById(manager, id))!);
    await this.timeline.append(manager, after.designationId, {
      kind: 'adjustment_withdrawn',
      summary: `动态调整（${REASON_LABELS[after.reason]}）已${by === null ? '由系统' : ''}撤回：${comment}`,
      data: { adjustmentId: id, reason: after.reason },
    });
    await this.audit.record(manager, { action: 'adjustment.withdrawn', entityType: 'adjustment', entityId: id, before: adjustmentView(before), after });
    return true;
  }

  async propose(manager: EntityManager, proposal: NewAdjustment): Promise<AdjustmentView | undefined> {
    const id = await this.adjustments.insertUnlessPending(manager, proposal);
    if (id === undefined) return undefined;
    const view = adjustmentView((await this.adjustments.findById(manager, id))!);
    const label = REASON_LABELS[view.reason];
    await this.timeline.append(manager, view.designationId, {
      kind: 'adjustment_proposed',
      summary: `提出动态调整：${label}，拟自 ${view.effectiveOn} 起中止${proposal.source === 'manual' ? '' : '（系统自动提出）'}`,
      data: { adjustmentId: id, reason: view.reason, effectiveOn: view.effectiveOn, source: view.source },
    });
    await this.audit.record(manager, { action: 'adjustment.proposed', entityType: 'adjustment', entityId: id, after: view });
    if (proposal.source !== 'manual') await this.mailDistrictOffice(manager, view);
    return view;
  }

  private async mailDistrictOffice(manager: EntityManager, a: AdjustmentView): Promise<void> {
    const [{ employer_name: employer }]: Array<{ employer_name: string }> = await manager.query(
      `SELECT e.name AS employer_name FROM talents t JOIN organizations e ON e.id = t.employer_id WHERE t.id = $1`,
      [a.talentId],
    );
    const label = REASON_LABELS[a.reason];
    const link = `${this.config.publicUrl}/api/v1/adjustments?designationId=${a.designationId}`;
    const lines = [
      '区协调小组办公室：',
      '',
      `系统提出一项首席技师动态调整，请审核：`,
      `  人员：${a.talentName}（${employer}）`,
      `  事由：${label}`,
      `  拟中止日期：${a.effectiveOn}`,
      a.note ? `  说明：${a.note}` : undefined,
      '',
      `审核入口：${link}`,
    ].filter((l): l is string => l !== undefined);
    await this.outbox.enqueue(manager, {
      purpose: 'adjustment.proposed',
      dedupeKey: `adjustment.proposed:${a.id}`,
      to: { organizationKind: 'district_office' },
      subject: `【松江区首席技师】动态调整待审核：${a.talentName}（${employer}）— ${label}`,
      ...mailBody(lines),
    });
  }
}
