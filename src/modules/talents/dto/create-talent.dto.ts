import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { RETIREMENT_CATEGORIES, RetirementCategory } from '../retirement-date';

export class CreateTalentDto {
  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ description: '18-digit 居民身份证号 (GB 11643-1999)', example: '310117198503150011' })
  @IsString()
  @MaxLength(40)
  idNumber: string;

  @ApiProperty({ description: 'the employer organisation' })
  @IsUUID()
  employerId: string;

  @ApiPropertyOptional({ description: 'mainland mobile number', example: '13812345678' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ enum: RETIREMENT_CATEGORIES, description: "men: male; women: follows the post, default female_worker" })
  @IsOptional()
  @IsIn(RETIREMENT_CATEGORIES)
  retirementCategory?: RetirementCategory;

  @ApiPropertyOptional({ example: '高级技师' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  skillLevel?: string;

  @ApiPropertyOptional({ example: '数控车工' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  occupation?: string;

  @ApiPropertyOptional({ example: '松江区', description: '社保缴费单位注册地' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  socialInsuranceDistrict?: string;
}
