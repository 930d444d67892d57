import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';

export const KNOWN_HONOURS = ['上海工匠', '松江工匠', '青浦工匠', '上海质量工匠', '全国劳模', '上海市劳模'] as const;
export const SHANGHAI_CRAFTSMAN = '上海工匠';

export class CreateHonourDto {
  @ApiProperty({ example: SHANGHAI_CRAFTSMAN, description: `e.g. ${KNOWN_HONOURS.join('、')}` })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ example: '2023-05-01' })
  @Validate(IsBusinessDate)
  awardedOn: string;

  @ApiPropertyOptional({ example: 'SHGJ-2023-0123', description: '证书编号, as printed on the certificate' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'certificateNumber must not be blank' })
  certificateNumber?: string;

  @ApiPropertyOptional({ example: '上海市总工会' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'issuer must not be blank' })
  issuer?: string;
}
