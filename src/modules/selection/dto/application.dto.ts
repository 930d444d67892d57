import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';
import { CreateTalentDto } from '../../talents/dto/create-talent.dto';
import { Channel, CHANNELS, INDUSTRIES, Industry, SKILL_LEVELS, SkillLevel, Stage, STAGES } from '../entities/selection-application.entity';

/**
 * A person not yet in the registry, registered with the application: POST
 * /talents' fields and rules for who the person is (the rest of the 申报表 is
 * the application's own).
 */
export class ApplicantPersonDto extends PickType(CreateTalentDto, ['name', 'idNumber', 'employerId', 'phone', 'email', 'retirementCategory'] as const) {
  @ApiProperty({ description: 'the employer organisation (an employer user: its own)' })
  override employerId: string;
}

const text = (max: number) => [IsOptional(), IsString(), Length(1, max)];
function Text(max: number): PropertyDecorator {
  return (target, key) => text(max).forEach((d) => d(target, key));
}

/** The 申报表 fields of 003 附件1 that an employer may edit until the window closes. */
export class ApplicationContentDto {
  @ApiProperty({ example: '数控车工', description: '工种' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'occupation must not be blank' })
  occupation: string;

  @ApiProperty({ enum: SKILL_LEVELS, description: '高级技师 / 技师 / 高级工 / 其他 / 相当水平（需 skillRecognisedBy）' })
  @IsIn(SKILL_LEVELS)
  skillLevel: SkillLevel;

  @ApiPropertyOptional({ description: 'equivalent: who recognised the level', example: '上海市职业技能鉴定中心' })
  @Text(200)
  skillRecognisedBy?: string;

  @ApiProperty({ example: '数控车间主任', description: '岗位' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'post must not be blank' })
  post: string;

  @ApiProperty({ enum: INDUSTRIES, description: '所属产业（003 二（一））' })
  @IsIn(INDUSTRIES)
  industry: Industry;

  @ApiPropertyOptional({ description: '主要业绩' }) @Text(5000) achievements?: string;
  @ApiPropertyOptional({ description: '获奖情况' }) @Text(5000) awards?: string;
  @ApiPropertyOptional({ description: '专利、技术革新' }) @Text(5000) patents?: string;
  @ApiPropertyOptional({ description: '工作团队' }) @Text(5000) team?: string;
  @ApiPropertyOptional({ description: '已获其他人才称号' }) @Text(2000) otherTitles?: string;
  @ApiPropertyOptional({ description: '单位支持措施（工作室/团队、津贴、培训经费）' }) @Text(5000) employerSupport?: string;
}

export class FileApplicationDto extends ApplicationContentDto {
  @ApiProperty({ enum: CHANNELS, description: 'employer 单位推荐 (an employer user files only this), expert_or_association 专家或社会团体举荐, self 个人自荐' })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ description: 'a person in the registry; else give person' })
  @IsOptional()
  @IsUUID()
  talentId?: string;

  @ApiPropertyOptional({ type: ApplicantPersonDto, description: 'a person not yet registered (an ID number already registered is that person)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApplicantPersonDto)
  person?: ApplicantPersonDto;
}

/** PATCH /applications/{id}: any content field; the person and the channel stay. */
export class UpdateApplicationDto extends PartialType(ApplicationContentDto) {}

export const RECOMMENDATIONS = ['recommend', 'decline'] as const;
export class RecommendationDto {
  @ApiProperty({ enum: RECOMMENDATIONS, description: '推荐 / 不推荐' })
  @IsIn(RECOMMENDATIONS)
  decision: (typeof RECOMMENDATIONS)[number];

  @ApiProperty({ example: '同意推荐', description: '推荐意见' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'comment must not be blank' })
  comment: string;
}

export const ELIGIBILITY_DECISIONS = ['eligible', 'ineligible'] as const;
export class EligibilityDto {
  @ApiProperty({ enum: ELIGIBILITY_DECISIONS, description: '资格审查：符合 / 不符合' })
  @IsIn(ELIGIBILITY_DECISIONS)
  decision: (typeof ELIGIBILITY_DECISIONS)[number];

  @ApiProperty({ example: '符合申报条件', description: 'the reasons (理由)' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'reasons must not be blank' })
  reasons: string;

  @ApiPropertyOptional({ description: 'false material found (弄虚作假): ineligible, and bans the person (and, for the employer channel, the employer) for APPLICATION_BAN_YEARS' })
  @IsOptional()
  @IsBoolean()
  falseMaterial?: boolean;
}

export class ApplicationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: Stage;
}

export class AllApplicationsQuery extends ApplicationQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() roundId?: string;
}

export class BanQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only bans in force today' }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

