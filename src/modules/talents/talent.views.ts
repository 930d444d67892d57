import type { LifeDates } from './talent-identity';
import type { HonourRow, TalentRow, TitleRow } from './talents.repository';

export interface HonourView {
  id: string;
  talentId: string;
  title: string;
  awardedOn: string;
  issuer: string | null;
  certificateNumber: string | null;
  revoked: boolean;
}

export interface TitleView {
  id: string;
  talentId: string;
  title: string;
  monthlyAmountFen: number;
  validFrom: string;
  validTo: string | null;
}

/**
 * What a response may show of a person: ID number and phone masked, always. The
 * birth and statutory retirement dates only for the district office (SPEC §5):
 * with the mask's last digits they would give the number back.
 */
export interface TalentView {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birthDate?: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  email: string | null;
  employerId: string;
  retirementCategory: string;
  statutoryRetirementDate?: string;
  skillLevel: string | null;
  occupation: string | null;
  socialInsuranceDistrict: string;
  socialInsuranceSince: string | null;
  createdAt: string;
}

/** `dates` only for a reader allowed to see them (admin); audit rows never get them. */
export function talentView(r: TalentRow, dates?: LifeDates): TalentView {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    ...(dates && { birthDate: dates.birthDate }),
    idNumberMasked: r.id_number_masked,
    phoneMasked: r.phone_masked,
    email: r.email,
    employerId: r.employer_id,
    retirementCategory: r.retirement_category,
    ...(dates && { statutoryRetirementDate: dates.statutoryRetirementDate }),
    skillLevel: r.skill_level,
    occupation: r.occupation,
    socialInsuranceDistrict: r.social_insurance_district,
    socialInsuranceSince: r.social_insurance_since,
    createdAt: r.created_at.toISOString(),
  };
}

export function honourView(r: HonourRow): HonourView {
  return { id: r.id, talentId: r.talent_id, title: r.title, awardedOn: r.awarded_on, issuer: r.issuer, certificateNumber: r.certificate_number, revoked: r.revoked_at !== null };
}

export function titleView(r: TitleRow): TitleView {
  return { id: r.id, talentId: r.talent_id, title: r.title, monthlyAmountFen: Number(r.monthly_amount_fen), validFrom: r.valid_from, validTo: r.valid_to };
}
