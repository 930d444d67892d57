import { ApiProperty } from '@nestjs/swagger';
import type { AssessmentKind, TaskRow, TaskStatus } from './assessment-tasks.repository';
import { ASSESSMENT_KINDS, TASK_STATUSES } from './dto/assessment.dto';

export class AssessmentView {
  @ApiProperty() id: string;
  @ApiProperty() designationId: string;
  @ApiProperty() talentName: string;
  @ApiProperty() employerName: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS }) kind: AssessmentKind;
  @ApiProperty() organizerId: string;
  @ApiProperty() organizerName: string;
  @ApiProperty() opensOn: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ type: String, nullable: true, description: 'excellent, qualified, basically_qualified or unqualified once recorded' }) grade: string | null;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ type: String, nullable: true }) comments: string | null;
  @ApiProperty({ type: String, nullable: true }) assessedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelledReason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the latest correction by the district office (SPEC §3.4), if any' }) correctedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) correctionReason: string | null;
  @ApiProperty({ type: [String], description: 'workshops (active or needing attention) the person leads: what a 不合格 result’s suspension also reaches' })
  leadsWorkshops: string[];
}

export function assessmentView(t: TaskRow): AssessmentView {
  return {
    id: t.id,
    designationId: t.designation_id,
    talentName: t.talent_name,
    employerName: t.employer_name,
    kind: t.kind,
    organizerId: t.organizer_id,
    organizerName: t.organizer_name,
    opensOn: t.opens_on,
    dueOn: t.due_on,
    status: t.status,
    grade: t.grade,
    score: t.score === null ? null : Number(t.score),
    comments: t.comments,
    assessedOn: t.assessed_on,
    cancelledReason: t.cancelled_reason,
    correctedAt: t.corrected_at?.toISOString() ?? null,
    correctionReason: t.correction_reason,
    leadsWorkshops: t.leads_workshops,
  };
}
