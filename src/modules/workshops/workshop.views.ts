import { ApiProperty } from '@nestjs/swagger';
import { TimelineEntry } from '../../core/timeline/event-timeline';
import { WORKSHOP_KINDS, WORKSHOP_LEVELS, type WorkshopKind, type WorkshopLevel } from './dto/create-workshop.dto';
import { WORKSHOP_STATUSES } from './dto/workshop-query.dto';
import type { LeadRow, WorkshopRow, WorkshopStatus } from './workshops.repository';

/** A workshop as lists show it; its lead history and timeline are on its own page (WorkshopDetail). */
export class WorkshopView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: WORKSHOP_KINDS }) kind: WorkshopKind;
  @ApiProperty() name: string;
  @ApiProperty() employerId: string;
  @ApiProperty() employerName: string;
  @ApiProperty() leadTalentId: string;
  @ApiProperty() leadTalentName: string;
  @ApiProperty({ enum: WORKSHOP_LEVELS, nullable: true }) level: WorkshopLevel | null;
  @ApiProperty() namedOn: string;
  @ApiProperty({ type: String, nullable: true }) unionId: string | null;
  @ApiProperty({ type: String, nullable: true }) designationId: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'SPEC §3.3: the grant fixed when the workshop was registered (chief technician workshops; null otherwise)' })
  grantTotalFen: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '人数 of the 管理变更申请表 (null until given)' }) memberCount: number | null;
  @ApiProperty({ type: String, nullable: true, description: '工作室地址 of the 管理变更申请表 (null until given)' }) address: string | null;
  @ApiProperty({ enum: WORKSHOP_STATUSES }) status: WorkshopStatus;
  @ApiProperty() createdAt: string;
}

/** One lead's period; changeRequestId names the approved request that began it (null for the first lead). */
export class WorkshopLead {
  @ApiProperty() talentId: string;
  @ApiProperty() talentName: string;
  @ApiProperty() fromDate: string;
  @ApiProperty({ type: String, nullable: true }) toDate: string | null;
  @ApiProperty({ type: String, nullable: true }) changeRequestId: string | null;
}

export class WorkshopDetail extends WorkshopView {
  @ApiProperty({ type: [WorkshopLead] }) leadHistory: WorkshopLead[];
  @ApiProperty({ type: [TimelineEntry] }) timeline: TimelineEntry[];
}

/** Someone who could take over as lead (SPEC §3.6: same employer, holds 上海工匠). */
export class LeadCandidate {
  @ApiProperty() talentId: string;
  @ApiProperty() name: string;
  @ApiProperty() idNumberMasked: string;
}

export function workshopView(w: WorkshopRow): WorkshopView {
  return {
    id: w.id,
    kind: w.kind,
    name: w.name,
    employerId: w.employer_id,
    employerName: w.employer_name,
    leadTalentId: w.lead_talent_id,
    leadTalentName: w.lead_name,
    level: w.level,
    namedOn: w.named_on,
    unionId: w.union_id,
    designationId: w.designation_id,
    grantTotalFen: w.grant_total_fen === null ? null : Number(w.grant_total_fen),
    memberCount: w.member_count,
    address: w.address,
    status: w.status,
    createdAt: w.created_at.toISOString(),
  };
}

export function workshopDetail(w: WorkshopRow, leads: LeadRow[], timeline: TimelineEntry[]): WorkshopDetail {
  return {
    ...workshopView(w),
    leadHistory: leads.map((l) => ({ talentId: l.talent_id, talentName: l.talent_name, fromDate: l.from_date, toDate: l.to_date, changeRequestId: l.change_request_id })),
    timeline,
  };
}
