import type { WorkshopKind, WorkshopLevel } from './dto/create-workshop.dto';
import type { WorkshopEvent } from './workshop-timeline';
import type { LeadRow, WorkshopRow, WorkshopStatus } from './workshops.repository';

export interface WorkshopView {
  id: string;
  kind: WorkshopKind;
  name: string;
  employerId: string;
  employerName: string;
  leadTalentId: string;
  leadTalentName: string;
  level: WorkshopLevel | null;
  namedOn: string;
  unionId: string | null;
  designationId: string | null;
  /** SPEC §3.3: the grant fixed when the workshop was registered (chief technician workshops; null otherwise). */
  grantTotalFen: number | null;
  /** 人数 and 工作室地址 of the 管理变更申请表 (null until given). */
  memberCount: number | null;
  address: string | null;
  status: WorkshopStatus;
  createdAt: string;
  leadHistory: Array<{ talentId: string; talentName: string; fromDate: string; toDate: string | null; changeRequestId: string | null }>;
  timeline: WorkshopEvent[];
}

export function workshopView(w: WorkshopRow, leads: LeadRow[], timeline: WorkshopEvent[]): WorkshopView {
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
    leadHistory: leads.map((l) => ({ talentId: l.talent_id, talentName: l.talent_name, fromDate: l.from_date, toDate: l.to_date, changeRequestId: l.change_request_id })),
    timeline,
  };
}
