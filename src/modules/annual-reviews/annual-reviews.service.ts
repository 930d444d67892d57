import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { AdjustmentProposals } from '../adjustments/adjustment-proposals.service';
import { DesignationTimeline } from '../designations/designation-timeline';
import { DesignationsRepository } from '../designations/designations.repository';
import { Grade, GRADE_LABELS } from './grades';

export interface AnnualReviewView {
  id: string;
  designationId: string;
  year: number;
  grade: Grade;
  reviewedOn: string;
  proposedAdjustmentId: string | null;
}

/** 日常考查: the employer's yearly review; an unqualified one proposes 动态调整 (SPEC §3.4). */
@Injectable()
export class AnnualReviewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly designations: DesignationsRepository,
    private readonly proposals: AdjustmentProposals,
    private readonly timeline: DesignationTimeline,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** 003 五(一): 日常考查由所在单位负责 — the employer records its own people's; the office any. */
  async record(designationId: string, dto: { year: number; grade: Grade; reviewedOn: string }, principal?: Principal): Promise<AnnualReviewView> {
    return this.db.transaction(async (manager) => {
      const d = await this.designations.findById(manager, designationId, true);
      if (!d || (principal?.role === 'employer' && d.employer_id !== principal.organizationId)) throw new NotFoundError('designation', designationId);
      const [first, last] = [Number(d.term_start.slice(0, 4)), Number(d.term_end.slice(0, 4))];
      if (dto.year < first || dto.year > last) throw new RuleViolationError('YEAR_OUTSIDE_TERM', `year must fall within the term (${first}–${last})`);
      if (dto.reviewedOn > this.clock.today()) throw new RuleViolationError('REVIEW_IN_FUTURE', 'reviewedOn must not be in the future');
      if (dto.reviewedOn < d.designated_on) throw new RuleViolationError('REVIEW_BEFORE_DESIGNATION', 'reviewedOn must not be before designatedOn');
      const rows: Array<{ id: string }> = await manager.query(
        `INSERT INTO annual_reviews (designation_id, year, grade, reviewed_on) VALUES ($1, $2, $3, $4)
         ON CONFLICT (designation_id, year) DO NOTHING RETURNING id`,
        [designationId, dto.year, dto.grade, dto.reviewedOn],
      );
      if (rows.length === 0) throw new ConflictError('ANNUAL_REVIEW_RECORDED', `year: the ${dto.year} annual review is already recorded`);
      await this.timeline.append(manager, designationId, {
        kind: 'annual_review',
        onDate: dto.reviewedOn,
        summary: `${dto.year}年度日常考查：${GRADE_LABELS[dto.grade]}`,
        data: { year: dto.year, grade: dto.grade },
      });
      const proposed =
        dto.grade === 'unqualified'
          ? await this.proposals.propose(manager, {
              designationId,
              reason: 'annual_review_failed',
              effectiveOn: dto.reviewedOn,
              note: `${dto.year}年度日常考查不合格`,
              evidence: null,
              source: 'annual_review',
            })
          : undefined;
      const view: AnnualReviewView = { id: rows[0].id, designationId, year: dto.year, grade: dto.grade, reviewedOn: dto.reviewedOn, proposedAdjustmentId: proposed?.id ?? null };
      await this.audit.record(manager, { action: 'annual_review.recorded', entityType: 'designation', entityId: designationId, after: view });
      return view;
    });
  }
}
