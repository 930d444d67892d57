import { ApiProperty } from '@nestjs/swagger';
import { StatusCounts } from '../../core/http/status-counts';
import type { ChangeAction, ChangeReason, ChangeRequestRow, ChangeStatus } from './change-requests.repository';
import { CHANGE_ACTIONS, CHANGE_REASONS, CHANGE_STATUSES } from './dto/change-request.dto';

export class ChangeRequestView {
  @ApiProperty() id: string;
  @ApiProperty() workshopId: string;
  @ApiProperty() workshopName: string;
  @ApiProperty({ enum: CHANGE_REASONS }) reason: ChangeReason;
  @ApiProperty({ type: String, nullable: true }) reasonDetail: string | null;
  @ApiProperty({ enum: CHANGE_ACTIONS }) action: ChangeAction;
  @ApiProperty({ type: String, nullable: true }) newLeadTalentId: string | null;
  @ApiProperty({ type: String, nullable: true }) newLeadName: string | null;
  @ApiProperty({ enum: CHANGE_STATUSES }) status: ChangeStatus;
  @ApiProperty() unionId: string;
  @ApiProperty({ type: String, nullable: true, description: 'approve or reject' }) unionDecision: string | null;
  @ApiProperty({ type: String, nullable: true }) unionComment: string | null;
  @ApiProperty({ type: String, nullable: true }) unionDecidedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'approve or reject' }) cityDecision: string | null;
  @ApiProperty({ type: String, nullable: true }) cityComment: string | null;
  @ApiProperty({ type: String, nullable: true }) cityDecidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'masked in every view (and so in the audit log); the full number only on the printed form, for the roles that act on it' })
  contactPhoneMasked: string | null;
  @ApiProperty() createdAt: string;
}

/** GET /change-requests/counts: requests per status in the reader's scope. */
export class ChangeRequestCounts extends StatusCounts {
  @ApiProperty({ enum: CHANGE_STATUSES, nullable: true, description: 'the status whose requests this reader decides: submitted (a district union), union_reviewed (the city office), else null' })
  waiting: ChangeStatus | null;
}

export function changeRequestView(r: ChangeRequestRow): ChangeRequestView {
  return {
    id: r.id,
    workshopId: r.workshop_id,
    workshopName: r.workshop_name,
    reason: r.reason,
    reasonDetail: r.reason_detail,
    action: r.action,
    newLeadTalentId: r.new_lead_talent_id,
    newLeadName: r.new_lead_name,
    status: r.status,
    unionId: r.union_id,
    unionDecision: r.union_decision,
    unionComment: r.union_comment,
    unionDecidedAt: r.union_decided_at?.toISOString() ?? null,
    cityDecision: r.city_decision,
    cityComment: r.city_comment,
    cityDecidedAt: r.city_decided_at?.toISOString() ?? null,
    contactName: r.contact_name,
    contactPhoneMasked: r.contact_phone_masked,
    createdAt: r.created_at.toISOString(),
  };
}
