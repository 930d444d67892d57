import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ORGANIZATION_KINDS = ['employer', 'street', 'industry_authority', 'union', 'district_office', 'city_office'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
/** Kinds of which there is one organisation: mail addressed to the kind goes to it (a unique index). */
export const SINGLE_OFFICE_KINDS: readonly OrganizationKind[] = ['district_office', 'city_office'];
export const UNION_LEVELS = ['unit', 'district'] as const;
export type UnionLevel = (typeof UNION_LEVELS)[number];
/** Employers only (003 四): an enterprise is recommended by its street, a public institution by its industry authority. */
export const EMPLOYER_SECTORS = ['enterprise', 'public_institution'] as const;
export type EmployerSector = (typeof EMPLOYER_SECTORS)[number];

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') kind: OrganizationKind;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { nullable: true }) level: UnionLevel | null;
  @Column('text', { name: 'credit_code', nullable: true }) creditCode: string | null;
  @Column('text', { nullable: true }) district: string | null;
  @Column('uuid', { name: 'street_id', nullable: true }) streetId: string | null;
  @Column('uuid', { name: 'industry_authority_id', nullable: true }) industryAuthorityId: string | null;
  @Column('uuid', { name: 'union_id', nullable: true }) unionId: string | null;
  @Column('text', { nullable: true }) sector: EmployerSector | null;
  @Column('text', { name: 'contact_emails', array: true, default: () => `'{}'` }) contactEmails: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
