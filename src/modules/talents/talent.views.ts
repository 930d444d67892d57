import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LifeDates } from './talent-identity';
import type { HonourRow, TalentRow, TitleRow } from './talents.repository';

export class HonourView {
  @ApiProperty() id: string;
  @ApiProperty() talentId: string;
  @ApiProperty({ example: '上海工匠' }) title: string;
  @ApiProperty() awardedOn: string;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateNumber: string | null;
  @ApiProperty({ description: 'a revoked honour stays listed' }) revoked: boolean;
}

export class TitleView {
  @ApiProperty() id: string;
  @ApiProperty() talentId: string;
  @ApiProperty() title: string;
  @ApiProperty() monthlyAmountFen: number;
  @ApiProperty() validFrom: string;
  @ApiProperty({ type: String, nullable: true }) validTo: string | null;
}

/**
 * What a response may show of a person: ID number and phone masked, always. The
 * birth and statutory retirement dates only for the district office (SPEC §5):
 * with the mask's last digits they would give the number back.
 */
export class TalentView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['male', 'female'] }) gender: 'male' | 'female';
  @ApiPropertyOptional({ description: 'admin only' }) birthDate?: string;
  @ApiProperty() idNumberMasked: string;
  @ApiProperty({ type: String, nullable: true }) phoneMasked: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty() employerId: string;
  @ApiProperty() retirementCategory: string;
  @ApiPropertyOptional({ description: 'admin only' }) statutoryRetirementDate?: string;
  @ApiProperty({ type: String, nullable: true }) skillLevel: string | null;
  @ApiProperty({ type: String, nullable: true }) occupation: string | null;
  @ApiProperty() socialInsuranceDistrict: string;
  @ApiProperty({ type: String, nullable: true }) socialInsuranceSince: string | null;
  @ApiProperty() createdAt: string;
}

/** One person with the honours and titles recorded for them (GET /talents/{id}). */
export class TalentDetail extends TalentView {
  @ApiProperty({ type: [HonourView] }) honours: HonourView[];
  @ApiProperty({ type: [TitleView] }) titles: TitleView[];
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
