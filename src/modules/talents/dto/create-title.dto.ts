import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, Validate } from 'class-validator';
import { IsBusinessDate } from '../../../core/http/validators';

/** Another allowance-bearing talent title, for the take-the-higher rule (就高原则). */
export class CreateTitleDto {
  @ApiProperty({ example: '区领军人才' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ example: 150000, description: 'fen per month' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  monthlyAmountFen: number;

  @ApiProperty({ example: '2024-01-01' })
  @Validate(IsBusinessDate)
  validFrom: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Validate(IsBusinessDate)
  validTo?: string;
}
