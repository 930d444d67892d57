import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { addMonths, firstOfMonth } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { decodeCursor, Page, pageSize, toPage } from '../../core/http/pagination';
import { DesignationTimeline } from '../designations/designation-timeline';
import { DesignationsRepository } from '../designations/designations.repository';
import { AdjustmentProposals } from './adjustment-proposals.service';
import { ADJUSTMENT_STATUSES, AdjustmentStatus, REASON_LABELS } from './adjustment-reasons';
import { AdjustmentEffect, AdjustmentView, adjustmentView } from './adjustment.views';
import { AdjustmentRow, AdjustmentsRepository } from './adjustments.repository';
import { AdjustmentQuery } from './dto/adjustment-query.dto';
import { CreateAdjustmentDto } from './dto/create-adjustment.dto';
import { DecisionDto } from './dto/decide-adjustment.dto';

@Injectable()
export class AdjustmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly adjustments: AdjustmentsRepository,
    private readonly proposals: AdjustmentProposals,
    private readonly designations: DesignationsRepository,
    private readonly timeline: DesignationTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(designationId: string, dto: CreateAdjustmentDto): Promise<AdjustmentView> {
    return this.db.transaction(async (manager) => {
      const d = await this.designations.findById(manager, designationId, true);
      if (!d) throw new NotFoundError('designation', designationId);
      if (dto.effectiveOn < d.designated_on || dto.effectiveOn > d.term_end) {
        throw new RuleViolationError('EFFECTIVE_OUTSIDE_TERM', `effectiveOn must fall between designatedOn (${d.designated_on}) and termEnd (${d.term_end})`);
      }
      const created = await this.proposals.propose(manager, {
        designationId,
        reason: dto.reason,
        effectiveOn: dto.effectiveOn,
        note: dto.note?.trim() ?? null,
        evidence: dto.evidence?.trim() ?? null,
        source: 'manual',
      });
      if (!created) throw new ConflictError('ADJUSTMENT_PENDING', `reason: an adjustment for ${dto.reason} is already pending for this designation`);
      return created;
    });
  }

  /** GET /adjustments/counts: how many adjustments of each status there are (the tabs' counts). */
  async counts(): Promise<{ byStatus: Record<AdjustmentStatus, number> }> {
    const byStatus = Object.fromEntries(ADJUSTMENT_STATUSES.map((s) => [s, 0])) as Record<AdjustmentStatus, number>;
    for (const { status, n } of await this.adjustments.countByStatus(this.db.manager)) byStatus[status as AdjustmentStatus] = n;
    return { byStatus };
  }

  async list(query: AdjustmentQuery): Promise<Page<AdjustmentView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.adjustments.list(this.db.manager, { status: query.status, designationId: query.designationId, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], adjustmentView);
  }

  /**
   * Issue 15: the money effect of approving the adjustment, stated before the
   * decision: the allowance stops from the first month whose 1st is on or
   * after effectiveOn, and the next run claws back what was paid for those
   * months (and the lead's workshop grant instalments of those months).
   */
  async effect(id: string): Promise<AdjustmentEffect> {
    const row = await this.adjustments.findById(this.db.manager, id);
    if (!row) throw new NotFoundError('adjustment', id);
    const a = adjustmentView(row);
    const paid = await this.adjustments.paidFrom(this.db.manager, a.designationId, a.effectiveOn);
    const stopsOn = a.effectiveOn.endsWith('-01') ? a.effectiveOn : firstOfMonth(addMonths(a.effectiveOn, 1));
    return {
      adjustmentId: a.id,
      designationId: a.designationId,
      talentName: a.talentName,
      status: a.status,
      effectiveOn: a.effectiveOn,
      stopsOn,
      clawbackFen: -paid.months.reduce((sum, m) => sum + m.paidFen, 0),
      months: paid.months,
      grantClawbackFen: -paid.grants.reduce((sum, g) => sum + g.paidFen, 0),
      grants: paid.grants,
    };
  }

  /** SPEC §3.5: approval suspends the designation from effectiveOn (at once if that day has come); deciding twice is 409. */
  async decide(id: string, dto: DecisionDto, principal: Principal): Promise<AdjustmentView> {
    return this.db.transaction(async (manager) => {
      const before = await this.adjustments.findById(manager, id, true);
      if (!before) throw new NotFoundError('adjustment', id);
      if (before.status !== 'pending') throw new ConflictError('ADJUSTMENT_DECIDED', `the adjustment was already ${before.status}`);
      const designation = (await this.designations.findById(manager, before.designation_id, true))!;
      const status = dto.decision === 'approve' ? 'approved' : 'rejected';
      await this.adjustments.decide(manager, id, { status, by: principal.userId, at: this.clock.now(), comment: dto.comment?.trim() ?? null });
      const label = REASON_LABELS[before.reason];
      const data = { adjustmentId: id, reason: before.reason, effectiveOn: before.effective_on, comment: dto.comment ?? null };
      if (status === 'rejected') {
        await this.timeline.append(manager, before.designation_id, { kind: 'adjustment_rejected', summary: `动态调整（${label}）未获同意`, data });
      } else {
        await this.applyApproval(manager, before, designation.status, data);
      }
      const after = adjustmentView((await this.adjustments.findById(manager, id))!);
      await this.audit.record(manager, { action: `adjustment.${status}`, entityType: 'adjustment', entityId: id, before: adjustmentView(before), after });
      return after;
    });
  }

  /**
   * SPEC §3.1: status follows the dates. A completed term stays completed (the
   * payment run claws back); an effectiveOn that has come suspends at once; a
   * later one leaves the designation active until the lifecycle job's run of that day.
   */
  private async applyApproval(manager: EntityManager, a: AdjustmentRow, designationStatus: string, data: Record<string, unknown>): Promise<void> {
    const label = REASON_LABELS[a.reason];
    if (designationStatus === 'completed') {
      await this.timeline.append(manager, a.designation_id, {
        kind: 'adjustment_approved',
        summary: `动态调整（${label}）经审核同意，自 ${a.effective_on} 起的津贴予以追回（任期已届满）`,
        data,
      });
    } else if (designationStatus === 'suspended' || a.effective_on <= this.clock.today()) {
      await this.adjustments.suspendDesignation(manager, a.designation_id, a.effective_on);
      await this.timeline.append(manager, a.designation_id, { kind: 'suspended', summary: `动态调整（${label}）经审核同意，自 ${a.effective_on} 起中止`, data });
    } else {
      await this.timeline.append(manager, a.designation_id, { kind: 'adjustment_approved', summary: `动态调整（${label}）经审核同意，将自 ${a.effective_on} 起中止`, data });
    }
  }
}

/** GET /adjustments/{id}/effect. Fen; clawbacks ≤ 0 as on the ledger. */
