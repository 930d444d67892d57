import { ApiProperty } from '@nestjs/swagger';
import { ApplicationContentView, applicationContentView } from './application-content';
import { CHANNELS, STAGES, type ApplicationWarning } from './entities/selection-application.entity';
import type { ApplicationRow, BanRow } from './selection.repository';
import type { SelectionRound } from './entities/selection-round.entity';
import type { BusinessDate } from '../../core/clock/business-date';

export class RoundView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2025' }) cohort: string;
  @ApiProperty() quota: number;
  @ApiProperty() applicationsOpen: string;
  @ApiProperty() applicationsClose: string;
  @ApiProperty({ example: 'open', description: '`open` reads `reviewing` once the window has closed' }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'applications per stage (an employer counts only its own)' })
  counts: Record<string, number>;
  @ApiProperty() total: number;
  @ApiProperty() employerNominationsMax: number;
}

/** `open` becomes `reviewing` once the window has closed: the office needs no step to say so. */
export function roundStatusOn(r: Pick<SelectionRound, 'status' | 'applicationsClose'>, today: BusinessDate): string {
  return r.status === 'open' && today > r.applicationsClose ? 'reviewing' : r.status;
}

export function roundView(r: SelectionRound, today: BusinessDate, counts: Record<string, number>, employerNominationsMax: number): RoundView {
  return {
    id: r.id,
    cohort: r.cohort,
    quota: r.quota,
    applicationsOpen: r.applicationsOpen,
    applicationsClose: r.applicationsClose,
    status: roundStatusOn(r, today),
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    employerNominationsMax,
  };
}

export class ApplicationWarningView {
  @ApiProperty({ enum: ['NEAR_RETIREMENT', 'SKILL_BELOW_TECHNICIAN'] }) code: ApplicationWarning['code'];
  @ApiProperty() message: string;
}

export class RecommendationView {
  @ApiProperty() decision: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true }) by: string | null;
  @ApiProperty({ type: String, nullable: true }) at: string | null;
}

export class EligibilityView {
  @ApiProperty() decision: string;
  @ApiProperty({ type: String, nullable: true }) reasons: string | null;
  @ApiProperty() falseMaterial: boolean;
  @ApiProperty({ type: String, nullable: true }) at: string | null;
}

export class ApplicationView extends ApplicationContentView {
  @ApiProperty() id: string;
  @ApiProperty() roundId: string;
  @ApiProperty() cohort: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ enum: STAGES }) stage: string;
  @ApiProperty() talentId: string;
  @ApiProperty() name: string;
  @ApiProperty() gender: string;
  @ApiProperty({ description: 'first 2 and last 4 digits only (SPEC §8)' }) idNumberMasked: string;
  @ApiProperty({ type: String, nullable: true }) phoneMasked: string | null;
  @ApiProperty() employerId: string;
  @ApiProperty() employerName: string;
  @ApiProperty() recommenderId: string;
  @ApiProperty() recommenderName: string;
  @ApiProperty({ type: [ApplicationWarningView] }) warnings: ApplicationWarningView[];
  @ApiProperty() filedOn: string;
  @ApiProperty() filedAt: string;
  @ApiProperty({ type: String, nullable: true }) updatedAt: string | null;
  @ApiProperty({ description: 'until this day the employer may edit it' }) editableUntil: string;
  @ApiProperty({ type: RecommendationView, nullable: true }) recommendation: RecommendationView | null;
  @ApiProperty({ type: EligibilityView, nullable: true }) eligibility: EligibilityView | null;
}

export function applicationView(a: ApplicationRow): ApplicationView {
  return {
    id: a.id,
    roundId: a.round_id,
    cohort: a.cohort,
    channel: a.channel,
    stage: a.stage,
    talentId: a.talent_id,
    name: a.talent_name,
    gender: a.gender,
    idNumberMasked: a.id_number_masked,
    phoneMasked: a.phone_masked,
    employerId: a.employer_id,
    employerName: a.employer_name,
    recommenderId: a.recommender_id,
    recommenderName: a.recommender_name,
    ...applicationContentView(a),
    warnings: a.warnings,
    filedOn: a.filed_on,
    filedAt: a.filed_at.toISOString(),
    updatedAt: a.updated_at?.toISOString() ?? null,
    editableUntil: a.applications_close,
    recommendation: a.recommendation
      ? { decision: a.recommendation, comment: a.recommendation_comment, by: a.recommended_by_name, at: a.recommended_at?.toISOString() ?? null }
      : null,
    eligibility: a.eligibility ? { decision: a.eligibility, reasons: a.eligibility_reasons, falseMaterial: a.false_material, at: a.eligibility_at?.toISOString() ?? null } : null,
  };
}

export class BanView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['person', 'employer'] }) subject: 'person' | 'employer';
  @ApiProperty({ type: String, nullable: true }) talentId: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) idNumberMasked: string | null;
  @ApiProperty({ type: String, nullable: true }) employerId: string | null;
  @ApiProperty({ type: String, nullable: true }) employerName: string | null;
  @ApiProperty() applicationId: string;
  @ApiProperty() cohort: string;
  @ApiProperty() reason: string;
  @ApiProperty() startsOn: string;
  @ApiProperty({ description: 'the first day the subject may apply again' }) endsOn: string;
  @ApiProperty() createdAt: string;
}

export function banView(b: BanRow): BanView {
  return {
    id: b.id,
    subject: b.talent_id ? 'person' : 'employer',
    talentId: b.talent_id,
    name: b.talent_name,
    idNumberMasked: b.id_number_masked,
    employerId: b.employer_id,
    employerName: b.employer_name,
    applicationId: b.application_id,
    cohort: b.cohort,
    reason: b.reason,
    startsOn: b.starts_on,
    endsOn: b.ends_on,
    createdAt: b.created_at.toISOString(),
  };
}
