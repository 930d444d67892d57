import { mailBody } from '../../core/mail/mail-body';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { addDays, BusinessDate } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { RequestContext } from '../../core/context/request-context';
import { AdjustmentProposals } from '../adjustments/adjustment-proposals.service';
import { REASON_LABELS } from '../adjustments/adjustment-reasons';
import { AdjustmentsRepository } from '../adjustments/adjustments.repository';
import { DesignationTimeline } from '../designations/designation-timeline';
import { AuditService } from '../../core/audit/audit.service';
import { MailOutbox } from '../../core/mail/mail-outbox.service';
import { TalentIdentity } from '../talents/talent-identity';
import { WorkshopTimeline } from '../workshops/workshop-timeline';

export interface LifecycleResult {
  suspended: number;
  completed: number;
  retirementProposals: number;
  /** Pending retirement proposals moved to a recomputed date, or withdrawn when it left the term. */
  retirementProposalsRevised: number;
  workshopsFlagged: number;
}

/**
 * The daily 01:00 job (SPEC §6): completes terms that have ended and proposes
 * `retired` adjustments ahead of statutory retirement dates. Running it twice
 * for the same day changes nothing the second time.
 */
@Injectable()
export class LifecycleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: AdjustmentProposals,
    private readonly adjustments: AdjustmentsRepository,
    private readonly designationTimeline: DesignationTimeline,
    private readonly identity: TalentIdentity,
    private readonly workshopTimeline: WorkshopTimeline,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(asOf: BusinessDate): Promise<LifecycleResult> {
    // Proposals first: after downtime that spans a term's end, a retirement that fell
    // within the term must still be proposed before the designation stops being active.
    // A category changed since a proposal was made moves (or withdraws) it before new ones are sought.
    const retirementProposalsRevised = await this.db.transaction((m) => this.reviseRetirementProposals(m));
    const retirementProposals = await this.db.transaction((m) => this.proposeRetirements(m, asOf));
    // Suspensions before completions: an adjustment that took effect within the term,
    // even one reached only after downtime past termEnd, leaves the designation suspended.
    const suspended = await this.db.transaction((m) => this.suspendOnEffectiveDays(m, asOf));
    const completed = await this.db.transaction((m) => this.completeEndedTerms(m, asOf));
    const workshopsFlagged = await this.db.transaction((m) => this.flagWorkshops(m, asOf));
    return { suspended, completed, retirementProposals, retirementProposalsRevised, workshopsFlagged };
  }

  /**
   * SPEC §3.1: an adjustment approved ahead of its effectiveOn suspends the
   * designation on that day. Only active designations switch, so a second run
   * of the day finds nothing; the status trigger cancels the open assessment tasks.
   */
  private async suspendOnEffectiveDays(manager: EntityManager, asOf: BusinessDate): Promise<number> {
    const switched = await this.adjustments.suspendDue(manager, asOf);
    for (const s of switched) {
      const data = { adjustmentId: s.adjustment_id, reason: s.reason, effectiveOn: s.suspended_from };
      await this.designationTimeline.append(manager, s.designation_id, {
        kind: 'suspended',
        onDate: s.suspended_from,
        summary: `动态调整（${REASON_LABELS[s.reason]}）自 ${s.suspended_from} 起生效，命名中止`,
        data,
      });
      await this.audit.record(manager, {
        action: 'designation.suspended',
        entityType: 'designation',
        entityId: s.designation_id,
        before: { status: 'active' },
        after: { status: 'suspended', suspendedFrom: s.suspended_from },
      });
    }
    return switched.length;
  }

  /** SPEC §3.1: active → completed once termEnd has passed. */
  private async completeEndedTerms(manager: EntityManager, asOf: BusinessDate): Promise<number> {
    const rows: Array<{ id: string }> = await manager.query(
      `WITH done AS (
         UPDATE designations SET status = 'completed', completed_on = term_end + 1
          WHERE status = 'active' AND term_end < $1
         RETURNING id, term_end
       ), events AS (
         INSERT INTO designation_events (designation_id, on_date, kind, summary, data, at)
         SELECT id, term_end + 1, 'completed', '三年任期届满，命名期结束', '{}', $2 FROM done
       ), audit AS (
         INSERT INTO audit_events (actor, action, entity_type, entity_id, before, after, request_id)
         SELECT $3, 'designation.completed', 'designation', id::text, '{"status":"active"}', jsonb_build_object('status', 'completed', 'completedOn', term_end + 1), $4 FROM done
       )
       SELECT id FROM done`,
      [asOf, this.clock.now(), RequestContext.actor(), RequestContext.requestId() ?? null],
    );
    return rows.length;
  }

  /**
   * SPEC §3.6: a craftsman innovation workshop whose lead has passed the
   * statutory retirement date, or has an approved retired/deceased adjustment,
   * needs a change request; its unit union is told once per lead.
   */
  private async flagWorkshops(manager: EntityManager, asOf: BusinessDate): Promise<number> {
    // The plain retirement year narrows the leads to check; their exact dates come from the sealed ID numbers.
    const leads: Array<{ talent_id: string }> = await manager.query(
      `SELECT DISTINCT t.id AS talent_id FROM workshops w JOIN talents t ON t.id = w.lead_talent_id
        WHERE w.kind = 'craftsman_innovation' AND w.status = 'active' AND t.retirement_year <= $1`,
      [Number(asOf.slice(0, 4))],
    );
    const dates = await this.identity.lifeDatesOf(manager, leads.map((l) => l.talent_id));
    const retired = [...dates].filter(([, d]) => d.statutoryRetirementDate <= asOf).map(([id]) => id);
    const flagged: Array<{ id: string; name: string; union_id: string | null; lead_talent_id: string; lead_name: string; employer_name: string; why: string }> = await manager.query(
      `UPDATE workshops w SET status = 'attention_required'
         FROM talents t, organizations e
        WHERE t.id = w.lead_talent_id AND e.id = w.employer_id AND w.kind = 'craftsman_innovation' AND w.status = 'active'
          AND (t.id = ANY($2::uuid[])
               OR EXISTS (SELECT 1 FROM adjustments a JOIN designations d ON d.id = a.designation_id
                           WHERE d.talent_id = t.id AND a.status = 'approved' AND a.reason IN ('retired','deceased') AND a.effective_on <= $1::date))
       RETURNING w.id, w.name, w.union_id, w.lead_talent_id, t.name AS lead_name, e.name AS employer_name,
                 CASE WHEN t.id = ANY($2::uuid[]) THEN '已达法定退休年龄' ELSE '动态调整（退休或身故）已审核' END AS why`,
      [asOf, retired],
    ).then(([rows]) => rows);
    for (const w of flagged) {
      await this.workshopTimeline.append(manager, w.id, { kind: 'attention_required', summary: `领衔人${w.lead_name}${w.why}，请本单位工会提交管理变更申请`, data: { leadTalentId: w.lead_talent_id } });
      await this.audit.record(manager, { action: 'workshop.attention_required', entityType: 'workshop', entityId: w.id, before: { status: 'active' }, after: { status: 'attention_required', reason: w.why } });
      if (!w.union_id) continue;
      const lines = [
        '本单位工会：',
        '',
        `上海市工匠创新工作室“${w.name}”（${w.employer_name}）的领衔人${w.lead_name}${w.why}。`,
        '请及时提交上海市工匠创新工作室管理变更申请（领衔人变更或退出管理序列）。',
        '',
        `工作室：${this.config.publicUrl}/api/v1/workshops/${w.id}`,
      ];
      await this.outbox.enqueue(manager, {
        purpose: 'workshop.attention_required',
        dedupeKey: `workshop.attention_required:${w.id}:${w.lead_talent_id}`,
        to: { organizationId: w.union_id },
        subject: `【上海市工匠创新工作室】请提交管理变更申请：${w.name}（领衔人${w.lead_name}）`,
        ...mailBody(lines),
      });
    }
    return flagged.length;
  }

  /**
   * PATCH /talents/{id} may give a person another retirement category, and with it
   * another statutory retirement date. A pending retirement proposal of this job
   * then moves to the new date; if that date now lies outside the term, the
   * proposal is withdrawn (rejected by the system, decidedBy null).
   */
  private async reviseRetirementProposals(manager: EntityManager): Promise<number> {
    const pending: Array<{ id: string; talent_id: string; effective_on: string; designated_on: string; term_end: string }> = await manager.query(
      `SELECT a.id, d.talent_id, a.effective_on::text, d.designated_on::text, d.term_end::text
         FROM adjustments a JOIN designations d ON d.id = a.designation_id
        WHERE a.status = 'pending' AND a.reason = 'retired' AND a.source = 'lifecycle'
        ORDER BY a.id`,
    );
    const dates = await this.identity.lifeDatesOf(manager, pending.map((p) => p.talent_id));
    let revised = 0;
    for (const p of pending) {
      const retireOn = dates.get(p.talent_id)!.statutoryRetirementDate;
      if (retireOn === p.effective_on) continue;
      const changed = retireOn >= p.designated_on && retireOn <= p.term_end
        ? await this.proposals.redate(manager, p.id, retireOn, retirementNote(retireOn))
        : await this.proposals.withdraw(manager, p.id, '退休类别变更后重新推算的法定退休日期不在任期内');
      if (changed) revised++;
    }
    return revised;
  }

  /**
   * SPEC §3.5: a statutory retirement date within the next N days (setting) and
   * within the term. A date already passed still gets its proposal, so a run
   * missed while the service was down is caught up. Proposed once per designation.
   */
  private async proposeRetirements(manager: EntityManager, asOf: BusinessDate): Promise<number> {
    const horizon = addDays(asOf, this.config.programme.retirementNoticeDays);
    // SQL narrows by the plain retirement year; the exact date is checked here. A proposal the
    // system withdrew (its date left the term) does not count as made.
    const candidates: Array<{ designation_id: string; talent_id: string; designated_on: string; term_end: string }> = await manager.query(
      `SELECT d.id AS designation_id, d.talent_id, d.designated_on::text, d.term_end::text
         FROM designations d JOIN talents t ON t.id = d.talent_id
        WHERE d.status = 'active'
          AND t.retirement_year <= $1
          AND t.retirement_year BETWEEN extract(year FROM d.designated_on) AND extract(year FROM d.term_end)
          AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.designation_id = d.id AND a.reason = 'retired'
                             AND NOT (a.source = 'lifecycle' AND a.status = 'rejected' AND a.decided_by IS NULL))`,
      [Number(horizon.slice(0, 4))],
    );
    const dates = await this.identity.lifeDatesOf(manager, candidates.map((c) => c.talent_id));
    const due = candidates
      .map((c) => ({ designation_id: c.designation_id, retire_on: dates.get(c.talent_id)!.statutoryRetirementDate, c }))
      .filter(({ retire_on, c }) => retire_on <= horizon && retire_on >= c.designated_on && retire_on <= c.term_end)
      .sort((a, b) => (a.retire_on === b.retire_on ? (a.designation_id < b.designation_id ? -1 : 1) : a.retire_on < b.retire_on ? -1 : 1));
    let proposed = 0;
    for (const d of due) {
      const created = await this.proposals.propose(manager, {
        designationId: d.designation_id,
        reason: 'retired',
        effectiveOn: d.retire_on,
        note: retirementNote(d.retire_on),
        evidence: '依据身份证号出生日期与退休类别推算（渐进式延迟法定退休年龄）',
        source: 'lifecycle',
      });
      if (created) proposed++;
    }
    return proposed;
  }
}

function retirementNote(retireOn: BusinessDate): string {
  return `将于 ${retireOn} 达到法定退休年龄`;
}
