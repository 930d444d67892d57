import type { HonourRow, TalentRow, TitleRow } from './talents.repository';

export interface HonourView {
  id: string;
  talentId: string;
  title: string;
  awardedOn: string;
  issuer: string | null;
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

/** What a response may show of a person: ID number and phone masked, always. */
export interface TalentView {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  email: string | null;
  employerId: string;
  retirementCategory: string;
  statutoryRetirementDate: string;
  skillLevel: string | null;
  occupation: string | null;
  socialInsuranceDistrict: string;
  socialInsuranceSince: string | null;
  createdAt: string;
}

export function talentView(r: TalentRow): TalentView {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    idNumberMasked: r.id_number_masked,
    phoneMasked: r.phone_masked,
    email: r.email,
    employerId: r.employer_id,
    retirementCategory: r.retirement_category,
    statutoryRetirementDate: r.statutory_retirement_date,
    skillLevel: r.skill_level,
    occupation: r.occupation,
    socialInsuranceDistrict: r.social_insurance_district,
    socialInsuranceSince: r.social_insurance_since,
    createdAt: r.created_at.toISOString(),
  };
}

export function honourView(r: HonourRow): HonourView {
  return { id: r.id, talentId: r.talent_id, title: r.title, awardedOn: r.awarded_on, issuer: r.issuer, revoked: r.revoked_at !== null };
}

export function titleView(r: TitleRow): TitleView {
  return { id: r.id, talentId: r.talent_id, title: r.title, monthlyAmountFen: Number(r.monthly_amount_fen), validFrom: r.valid_from, validTo: r.valid_to };
}
