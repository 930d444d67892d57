import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../../../core/http/pagination';

export class TalentQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @ApiPropertyOptional({ description: 'exact 居民身份证号: looked up by its keyed hash, never stored in logs' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  idNumber?: string;

  @ApiPropertyOptional({ description: 'name starts with' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'any part of the name (姓名中的任意字)', example: '秀英' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}
