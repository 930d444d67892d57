import type { ApplicationRow, BanRow } from './selection.repository';
import type { SelectionRound } from './entities/selection-round.entity';
import type { BusinessDate } from '../../core/clock/business-date';

export interface RoundView {
  id: string;
  cohort: string;
  quota: number;
  applicationsOpen: string;
  applicationsClose: string;
  status: string;
  /** Applications per stage (an employer counts only its own). */
  counts: Record<string, number>;
  total: number;
  employerNominationsMax: number;
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

export interface ApplicationView {
  id: string;
  roundId: string;
  cohort: string;
  channel: string;
  stage: string;
  talentId: string;
  name: string;
  gender: string;
  /** First 2 and last 4 digits only (SPEC §8). */
  idNumberMasked: string;
  phoneMasked: string | null;
  employerId: string;
  employerName: string;
  recommenderId: string;
  recommenderName: string;
  occupation: string;
  skillLevel: string;
  skillRecognisedBy: string | null;
  post: string;
  industry: string;
  achievements: string | null;
  awards: string | null;
  patents: string | null;
  team: string | null;
  otherTitles: string | null;
  employerSupport: string | null;
  warnings: ApplicationRow['warnings'];
  filedOn: string;
  filedAt: string;
  updatedAt: string | null;
  /** Until this day the employer may edit it. */
  editableUntil: string;
  recommendation: { decision: string; comment: string | null; by: string | null; at: string | null } | null;
  eligibility: { decision: string; reasons: string | null; falseMaterial: boolean; at: string | null } | null;
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
    occupation: a.occupation,
    skillLevel: a.skill_level,
    skillRecognisedBy: a.skill_recognised_by,
    post: a.post,
    industry: a.industry,
    achievements: a.achievements,
    awards: a.awards,
    patents: a.patents,
    team: a.team,
    otherTitles: a.other_titles,
    employerSupport: a.employer_support,
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

export interface BanView {
  id: string;
  subject: 'person' | 'employer';
  talentId: string | null;
  name: string | null;
  idNumberMasked: string | null;
  employerId: string | null;
  employerName: string | null;
  applicationId: string;
  cohort: string;
  reason: string;
  startsOn: string;
  /** The first day the subject may apply again. */
  endsOn: string;
  createdAt: string;
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
