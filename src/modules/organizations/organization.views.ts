import { ApiProperty } from '@nestjs/swagger';
import { EMPLOYER_SECTORS, EmployerSector, Organization, ORGANIZATION_KINDS, OrganizationKind, UNION_LEVELS, UnionLevel } from './entities/organization.entity';

/** An organisation as the API shows it: every stored field, createdAt as ISO text. */
export class OrganizationView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty({ type: String, nullable: true }) parentId: string | null;
  @ApiProperty({ enum: UNION_LEVELS, nullable: true, description: 'unions only' }) level: UnionLevel | null;
  @ApiProperty({ type: String, nullable: true, description: 'employers only' }) creditCode: string | null;
  @ApiProperty({ type: String, nullable: true }) district: string | null;
  @ApiProperty({ type: String, nullable: true }) streetId: string | null;
  @ApiProperty({ type: String, nullable: true }) industryAuthorityId: string | null;
  @ApiProperty({ type: String, nullable: true }) unionId: string | null;
  @ApiProperty({ enum: EMPLOYER_SECTORS, nullable: true, description: 'employers only' }) sector: EmployerSector | null;
  @ApiProperty({ type: [String], description: 'where mail to the organisation goes' }) contactEmails: string[];
  @ApiProperty() createdAt: string;
}

export function organizationView(o: Organization): OrganizationView {
  return { ...o, createdAt: o.createdAt.toISOString() };
}
