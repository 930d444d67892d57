import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { EMPLOYER_SECTORS, EmployerSector, ORGANIZATION_KINDS, OrganizationKind, UNION_LEVELS, UnionLevel } from '../entities/organization.entity';

export class CreateOrganizationDto {
  @ApiProperty({ example: '上海松江精密机械有限公司' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @ApiPropertyOptional({ description: 'a unit union: its district-level union' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ enum: UNION_LEVELS, description: 'unions only: unit 本单位工会, district 区局（产业）工会' })
  @IsOptional()
  @IsIn(UNION_LEVELS)
  level?: UnionLevel;

  @ApiPropertyOptional({ description: 'employers: 统一社会信用代码 (GB 32100-2015)', example: '91310117MA1J3B0X4Q' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  creditCode?: string;

  @ApiPropertyOptional({ example: '松江区' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  district?: string;

  @ApiPropertyOptional({ description: 'employers: the street (街镇/园区) organisation' })
  @IsOptional()
  @IsUUID()
  streetId?: string;

  @ApiPropertyOptional({ description: 'employers: the industry authority (行业主管单位), if any' })
  @IsOptional()
  @IsUUID()
  industryAuthorityId?: string;

  @ApiPropertyOptional({ description: 'employers: the unit union (本单位工会)' })
  @IsOptional()
  @IsUUID()
  unionId?: string;

  @ApiPropertyOptional({ enum: EMPLOYER_SECTORS, description: 'employers: enterprise 企业 (default; recommended by its street) or public_institution 事业单位 (recommended by its industry authority)' })
  @IsOptional()
  @IsIn(EMPLOYER_SECTORS)
  sector?: EmployerSector;

  @ApiPropertyOptional({ type: [String], example: ['hr@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  contactEmails?: string[];
}
