import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';

export const CHANGE_REASONS = ['deceased', 'resigned', 'retired', 'other'] as const;
export const CHANGE_ACTIONS = ['change_lead', 'exit_keep_title', 'exit_revoke'] as const;
export const CHANGE_STATUSES = ['submitted', 'union_reviewed', 'approved', 'rejected'] as const;

export class FileChangeRequestDto {
  @ApiProperty({ enum: CHANGE_REASONS, description: '领衔工匠已故 / 离职 / 退休 / 其他' })
  @IsIn(CHANGE_REASONS)
  reason: (typeof CHANGE_REASONS)[number];

  @ApiPropertyOptional({ description: 'required when reason is other', example: '领衔人调往外省工作' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'reasonDetail must not be blank' })
  reasonDetail?: string;

  @ApiProperty({ enum: CHANGE_ACTIONS, description: '领衔人变更 / 退出管理序列（保留称号）/ 退出管理序列（摘牌）' })
  @IsIn(CHANGE_ACTIONS)
  action: (typeof CHANGE_ACTIONS)[number];

  @ApiPropertyOptional({ description: 'change_lead: the new lead, who must hold 上海工匠' })
  @IsOptional()
  @IsUUID()
  newLeadTalentId?: string;

  @ApiPropertyOptional({ description: '联系人 on the form (004 附件3)', example: '李红' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  @Matches(/\S/, { message: 'contactName must not be blank' })
  contactName?: string;

  @ApiPropertyOptional({ description: '联系电话: a mobile or a landline; stored encrypted, shown in full only to the unions and the city office', example: '021-62307008' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  contactPhone?: string;

  @ApiPropertyOptional({ description: '人数 on the form; becomes the workshop’s', example: 12 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  memberCount?: number;

  @ApiPropertyOptional({ description: '工作室地址 on the form; becomes the workshop’s', example: '上海市松江区荣乐东路 2 号' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'address must not be blank' })
  address?: string;
}

export class ChangeDecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ example: '同意变更' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

export class ChangeRequestQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHANGE_STATUSES }) @IsOptional() @IsIn(CHANGE_STATUSES) status?: (typeof CHANGE_STATUSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsUUID() workshopId?: string;
}
