import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';

export const WORKSHOP_KINDS = ['chief_technician', 'craftsman_innovation'] as const;
export type WorkshopKind = (typeof WORKSHOP_KINDS)[number];
export const WORKSHOP_LEVELS = ['municipal', 'district'] as const;
export type WorkshopLevel = (typeof WORKSHOP_LEVELS)[number];

export class CreateWorkshopDto {
  @ApiProperty({ enum: WORKSHOP_KINDS, description: 'chief_technician: admin registers; craftsman_innovation: the city office names' })
  @IsIn(WORKSHOP_KINDS)
  kind: WorkshopKind;

  @ApiProperty({ example: '张伟首席技师工作室' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty()
  @IsUUID()
  employerId: string;

  @ApiProperty({ description: '领衔人' })
  @IsUUID()
  leadTalentId: string;

  @ApiPropertyOptional({ enum: WORKSHOP_LEVELS, description: 'chief technician workshops: decides the grant (SPEC §3.3)' })
  @IsOptional()
  @IsIn(WORKSHOP_LEVELS)
  level?: WorkshopLevel;

  @ApiProperty({ example: '2025-03-01' })
  @Validate(IsBusinessDate)
  namedOn: string;

  @ApiPropertyOptional({ description: 'the unit union (本单位工会); default the employer’s' })
  @IsOptional()
  @IsUUID()
  unionId?: string;

  @ApiPropertyOptional({ description: '人数: the workshop team size, as on the 管理变更申请表 (004 附件3)', example: 12 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  memberCount?: number;

  @ApiPropertyOptional({ description: '工作室地址', example: '上海市松江区荣乐东路 2 号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'address must not be blank' })
  address?: string;
}
