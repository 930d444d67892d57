import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Round statuses (SPEC §5 GET /rounds). `open` and `reviewing` belong to part 1
 * (applications, recommendation, eligibility); the others are set by the
 * expert-review, shortlist, publicity and naming steps. Backed by the named
 * CHECK `selection_rounds_status_check`.
 */
export const ROUND_STATUSES = ['open', 'reviewing', 'scoring_closed', 'shortlisted', 'publicity', 'named'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

@Entity('selection_rounds')
export class SelectionRound {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') cohort: string;
  @Column('int') quota: number;
  @Column('date', { name: 'applications_open' }) applicationsOpen: string;
  @Column('date', { name: 'applications_close' }) applicationsClose: string;
  @Column('text') status: RoundStatus;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
