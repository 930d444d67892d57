import type { DesignationRow } from './designations.repository';
import { ApiProperty } from '@nestjs/swagger';
import { TimelineEntry } from '../../core/timeline/event-timeline';
import { DESIGNATION_STATUSES, type DesignationStatus } from './dto/designation-query.dto';

export class DesignationView {
  @ApiProperty() id: string;
  @ApiProperty() talentId: string;
  @ApiProperty() talentName: string;
  @ApiProperty() employerId: string;
  @ApiProperty({ example: '2024' }) cohort: string;
  @ApiProperty() designatedOn: string;
  @ApiProperty({ enum: DESIGNATION_STATUSES }) status: DesignationStatus;
  @ApiProperty() termStart: string;
  @ApiProperty() termEnd: string;
  @ApiProperty() midTermDue: string;
  @ApiProperty() endTermDue: string;
  @ApiProperty() monthlyAllowanceFen: number;
  @ApiProperty({ type: String, nullable: true }) suspendedFrom: string | null;
  @ApiProperty({ type: String, nullable: true }) completedOn: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SPEC §5: the effective day of an approved adjustment that has not yet suspended this active designation, else null' })
  suspendsOn: string | null;
  @ApiProperty() createdAt: string;
}

export class DesignationDetail extends DesignationView {
  @ApiProperty({ type: [TimelineEntry] }) timeline: TimelineEntry[];
}

export function designationView(r: DesignationRow): DesignationView {
  return {
    id: r.id,
    talentId: r.talent_id,
    talentName: r.talent_name,
    employerId: r.employer_id,
    cohort: r.cohort,
    designatedOn: r.designated_on,
    status: r.status,
    termStart: r.term_start,
    termEnd: r.term_end,
    midTermDue: r.mid_term_due,
    endTermDue: r.end_term_due,
    monthlyAllowanceFen: Number(r.monthly_allowance_fen),
    suspendedFrom: r.suspended_from,
    completedOn: r.completed_on,
    suspendsOn: r.suspends_on,
    createdAt: r.created_at.toISOString(),
  };
}
