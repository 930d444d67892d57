import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CHANNELS = ['employer', 'expert_or_association', 'self'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Application stages. Part 1 moves an application `submitted` → `recommended` |
 * `declined` (street / industry authority) → `eligible` | `ineligible` (office).
 * `scoring`, `shortlisted`, `publicised` and `named` are the later steps'
 * (SPEC §3.8 steps 4–7); the named CHECK `selection_applications_stage_check`
 * is what a later migration extends: part 2 (migration 1764001510000) adds
 * `removed`, an application an upheld objection took off the publicity list.
 */
export const STAGES = ['submitted', 'recommended', 'declined', 'eligible', 'ineligible', 'scoring', 'shortlisted', 'publicised', 'named', 'removed'] as const;
export type Stage = (typeof STAGES)[number];

export const SKILL_LEVELS = ['senior_technician', 'technician', 'senior_worker', 'other', 'equivalent'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

/** 003 二（一）: the seven industries, or other. */
export const INDUSTRIES = ['ai', 'integrated_circuits', 'biomedicine', 'smart_security', 'new_energy', 'new_materials', 'modern_services', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export interface ApplicationWarning {
  code: 'NEAR_RETIREMENT' | 'SKILL_BELOW_TECHNICIAN';
  message: string;
}

@Entity('selection_applications')
export class SelectionApplication {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'round_id' }) roundId: string;
  @Column('uuid', { name: 'talent_id' }) talentId: string;
  /** The person's employer when filed: the recommendation and the per-employer limit follow it. */
  @Column('uuid', { name: 'employer_id' }) employerId: string;
  /** The street (enterprise) or industry authority (public institution) whose queue the application is in. */
  @Column('uuid', { name: 'recommender_id' }) recommenderId: string;
  @Column('text') channel: Channel;
  @Column('text') stage: Stage;
  @Column('text') occupation: string;
  @Column('text', { name: 'skill_level' }) skillLevel: SkillLevel;
  @Column('text', { name: 'skill_recognised_by', nullable: true }) skillRecognisedBy: string | null;
  @Column('text') post: string;
  @Column('text') industry: Industry;
  @Column('text', { nullable: true }) achievements: string | null;
  @Column('text', { nullable: true }) awards: string | null;
  @Column('text', { nullable: true }) patents: string | null;
  @Column('text', { nullable: true }) team: string | null;
  @Column('text', { name: 'other_titles', nullable: true }) otherTitles: string | null;
  @Column('text', { name: 'employer_support', nullable: true }) employerSupport: string | null;
  @Column('jsonb') warnings: ApplicationWarning[];
  @Column('uuid', { name: 'filed_by' }) filedBy: string;
  @Column('timestamptz', { name: 'filed_at' }) filedAt: Date;
  @Column('date', { name: 'filed_on' }) filedOn: string;
  @Column('timestamptz', { name: 'updated_at', nullable: true }) updatedAt: Date | null;
  @Column('text', { nullable: true }) recommendation: 'recommend' | 'decline' | null;
  @Column('text', { name: 'recommendation_comment', nullable: true }) recommendationComment: string | null;
  @Column('uuid', { name: 'recommended_by', nullable: true }) recommendedBy: string | null;
  @Column('timestamptz', { name: 'recommended_at', nullable: true }) recommendedAt: Date | null;
  @Column('timestamptz', { name: 'recommendation_reminded_at', nullable: true }) recommendationRemindedAt: Date | null;
  @Column('text', { nullable: true }) eligibility: 'eligible' | 'ineligible' | null;
  @Column('text', { name: 'eligibility_reasons', nullable: true }) eligibilityReasons: string | null;
  @Column('boolean', { name: 'false_material' }) falseMaterial: boolean;
  @Column('uuid', { name: 'eligibility_by', nullable: true }) eligibilityBy: string | null;
  @Column('timestamptz', { name: 'eligibility_at', nullable: true }) eligibilityAt: Date | null;
}
