import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min, Validate } from 'class-validator';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { IsBusinessDate } from '../../core/http/validators';
import { uuidParam } from '../../core/http/params';
import { GRADES, Grade } from './grades';
import { AnnualReviewsService, AnnualReviewView } from './annual-reviews.service';

export class RecordAnnualReviewDto {
  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2199)
  year: number;

  @ApiProperty({ enum: GRADES })
  @IsIn(GRADES)
  grade: Grade;

  @ApiProperty({ example: '2025-12-20' })
  @Validate(IsBusinessDate)
  reviewedOn: string;
}

@ApiTags('designations')
@ApiBearerAuth()
@Controller('designations')
export class AnnualReviewsController {
  constructor(private readonly reviews: AnnualReviewsService) {}

  @Post(':id/annual-reviews')
  @HttpCode(201)
  @Roles('admin', 'employer')
  @ApiCreatedResponse({ description: "the review; an 'unqualified' grade also proposes an annual_review_failed adjustment; an employer records its own people's (003 五(一)), others 404" })
  record(@Param('id', uuidParam('id')) id: string, @Body() dto: RecordAnnualReviewDto, @CurrentPrincipal() principal: Principal): Promise<AnnualReviewView> {
    return this.reviews.record(id, dto, principal);
  }
}
