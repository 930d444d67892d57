import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { addDays, BusinessDate } from '../../core/clock/business-date';
import { Clock } from '../../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { RequestContext } from '../../core/context/request-context';
import { AdjustmentProposals } from '../adjustments/adjustment-proposals.service';

export interface LifecycleResult {
  completed: number;
  retirementProposals: number;
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
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(asOf: BusinessDate): Promise<LifecycleResult> {
    // Proposals first: after downtime that spans a term's end, a retirement that fell
    // within the term must still be proposed before the designation stops being active.
    const retirementProposals = await this.db.transaction((m) => this.proposeRetirements(m, asOf));
    const completed = await this.db.transaction((m) => this.completeEndedTerms(m, asOf));
    return { completed, retirementProposals };
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
   * SPEC §3.5: a statutory retirement date within the next N days (setting) and
   * within the term. A date already passed still gets its proposal, so a run
   * missed while the service was down is caught up. Proposed once per designation.
   */
  private async proposeRetirements(manager: EntityManager, asOf: BusinessDate): Promise<number> {
    const due: Array<{ designation_id: string; retire_on: string }> = await manager.query(
      `SELECT d.id AS designation_id, t.statutory_retirement_date::text AS retire_on
         FROM designations d JOIN talents t ON t.id = d.talent_id
        WHERE d.status = 'active'
          AND t.statutory_retirement_date <= $1::date
          AND t.statutory_retirement_date BETWEEN d.designated_on AND d.term_end
          AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.designation_id = d.id AND a.reason = 'retired')
        ORDER BY t.statutory_retirement_date, d.id`,
      [addDays(asOf, this.config.programme.retirementNoticeDays)],
    );
    let proposed = 0;
    for (const d of due) {
      const created = await this.proposals.propose(manager, {
        designationId: d.designation_id,
        reason: 'retired',
        effectiveOn: d.retire_on,
        note: `将于 ${d.retire_on} 达到法定退休年龄`,
        evidence: '依据身份证号出生日期与退休类别推算（渐进式延迟法定退休年龄）',
        source: 'lifecycle',
      });
      if (created) proposed++;
    }
    return proposed;
  }
}
