import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';

/** PUT /calendar/{year}: the year's whole arrangement, as the State Council's notice gives it. */
export class CalendarYearDto {
  @ApiProperty({ type: [String], example: ['2027-01-01', '2027-02-06'], description: 'public holidays (放假), weekend days inside a holiday included' })
  @IsArray()
  @ArrayMaxSize(366)
  @Validate(IsBusinessDate, { each: true })
  holidays: string[];

  @ApiProperty({ type: [String], example: ['2027-02-14'], description: 'weekend days worked in exchange (调休上班)' })
  @IsArray()
  @ArrayMaxSize(366)
  @Validate(IsBusinessDate, { each: true })
  workdays: string[];
}
