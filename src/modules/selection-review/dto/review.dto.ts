import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';
import { SCORE_ITEMS } from '../score-sheet';

export class ExpertsDto {
  @ApiProperty({ type: [String], description: 'user ids of role expert; replaces the round’s experts' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  expertUserIds: string[];
}

export class ScoreSheetDto {
  @ApiProperty({
    description: `the 13 items of 003 附件3, each a whole number from 0 to its maximum: ${SCORE_ITEMS.map((i) => `${i.key} ≤ ${i.max}`).join(', ')}`,
    example: { A1: 5, A2: 5, A3: 8, B1: 9, B2: 8, B3: 9, C1: 7, C2: 6, D: 5, E: 4, F: 8, G: 4, H: 3 },
  })
  @IsObject()
  items: Record<string, number>;

  @ApiProperty({ example: '技术精湛，带徒成效显著，同意推荐。', description: '专家总体评价意见' })
  @IsString()
  @Length(1, 2000)
  opinion: string;
}

export class ShortlistDto {
  @ApiProperty({ type: [String], description: 'the applications shortlisted, in any order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  applicationIds: string[];

  @ApiPropertyOptional({ description: 'required when the list exceeds the quota or passes over a higher score' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  reason?: string;
}

export class PublicityDto {
  @ApiProperty({ example: '2025-09-29', description: 'first day of the 公示; it lasts PUBLICITY_WORKING_DAYS working days on the official calendar' })
  @Validate(IsBusinessDate)
  startsOn: string;
}

export class ObjectionDto {
  @ApiProperty({ example: '群众来信反映其获奖情况与事实不符，经核实属实。' })
  @IsString()
  @Length(1, 4000)
  text: string;

  @ApiPropertyOptional({ description: 'true: the objection is upheld and the application leaves the list', default: false })
  @IsOptional()
  @IsBoolean()
  upheld?: boolean;
}

export class NamingDto {
  @ApiProperty({ example: '2025-10-20', description: '命名认定日期 of every designation the act creates' })
  @Validate(IsBusinessDate)
  designatedOn: string;
}

export const LIST_FORMATS = ['json', 'html', 'xlsx'] as const;

export class PublicityListQuery {
  @ApiPropertyOptional({ enum: LIST_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(LIST_FORMATS)
  format?: (typeof LIST_FORMATS)[number];
}

export class ScoreSheetQuery {
  @ApiPropertyOptional({ description: 'admin: the sheet of this expert (default: every assigned expert’s, one per page)' })
  @IsOptional()
  @IsUUID()
  expertId?: string;
}
