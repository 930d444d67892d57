import { ApiProperty } from '@nestjs/swagger';
import { ADJUSTMENT_REASONS, ADJUSTMENT_SOURCES, ADJUSTMENT_STATUSES, type AdjustmentReason, type AdjustmentSource, type AdjustmentStatus } from './adjustment-reasons';
import type { AdjustmentRow } from './adjustments.repository';

export class AdjustmentView {
  @ApiProperty() id: string;
  @ApiProperty() designationId: string;
  @ApiProperty() talentId: string;
  @ApiProperty() talentName: string;
  @ApiProperty({ enum: ADJUSTMENT_REASONS }) reason: AdjustmentReason;
  @ApiProperty() effectiveOn: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) evidence: string | null;
  @ApiProperty({ enum: ADJUSTMENT_SOURCES }) source: AdjustmentSource;
  @ApiProperty({ enum: ADJUSTMENT_STATUSES }) status: AdjustmentStatus;
  @ApiProperty({ type: String, nullable: true }) decidedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionComment: string | null;
  @ApiProperty() createdAt: string;
}

export class ClawbackMonth {
  @ApiProperty() forPeriod: string;
  @ApiProperty() paidFen: number;
}

export class GrantClawback {
  @ApiProperty() workshop: string;
  @ApiProperty() instalment: number;
  @ApiProperty() paidFen: number;
}

/** What approving an adjustment does to the money (fen; clawbacks ≤ 0), for the confirmation before the decision. */
export class AdjustmentEffect {
  @ApiProperty() adjustmentId: string;
  @ApiProperty() designationId: string;
  @ApiProperty() talentName: string;
  @ApiProperty() status: string;
  @ApiProperty() effectiveOn: string;
  @ApiProperty({ description: 'the first day of the first month the allowance is no longer owed (in force on the 1st, SPEC §3.2)' }) stopsOn: string;
  @ApiProperty() clawbackFen: number;
  @ApiProperty({ type: [ClawbackMonth], description: 'the months paid that an approval takes back, with what was paid for each' }) months: ClawbackMonth[];
  @ApiProperty() grantClawbackFen: number;
  @ApiProperty({ type: [GrantClawback] }) grants: GrantClawback[];
}

export function adjustmentView(r: AdjustmentRow): AdjustmentView {
  return {
    id: r.id,
    designationId: r.designation_id,
    talentId: r.talent_id,
    talentName: r.talent_name,
    reason: r.reason,
    effectiveOn: r.effective_on,
    note: r.note,
    evidence: r.evidence,
    source: r.source,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionComment: r.decision_comment,
    createdAt: r.created_at.toISOString(),
  };
}
