import type { AdjustmentReason, AdjustmentSource, AdjustmentStatus } from './adjustment-reasons';
import type { AdjustmentRow } from './adjustments.repository';

export interface AdjustmentView {
  id: string;
  designationId: string;
  talentId: string;
  talentName: string;
  reason: AdjustmentReason;
  effectiveOn: string;
  note: string | null;
  evidence: string | null;
  source: AdjustmentSource;
  status: AdjustmentStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
  createdAt: string;
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
