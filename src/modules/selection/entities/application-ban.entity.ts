import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A bar on applying (SPEC §3.8 step 3): either a person or an employer, from `startsOn` until the day before `endsOn`. */
@Entity('application_bans')
export class ApplicationBan {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'talent_id', nullable: true }) talentId: string | null;
  @Column('uuid', { name: 'employer_id', nullable: true }) employerId: string | null;
  @Column('uuid', { name: 'application_id' }) applicationId: string;
  @Column('text') reason: string;
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on' }) endsOn: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
