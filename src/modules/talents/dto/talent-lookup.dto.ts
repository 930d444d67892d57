import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** POST /talents/lookup: the ID number in the body, so it stays out of URLs, proxy logs and browser history. */
export class TalentLookupDto {
  @ApiProperty({ description: 'exact 居民身份证号: looked up by its keyed hash, never stored in logs', example: '310117198503150011' })
  @IsString()
  @MaxLength(40)
  idNumber: string;
}
