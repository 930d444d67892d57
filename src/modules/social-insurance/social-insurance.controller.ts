import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/roles.decorator';
import { SheetUpload } from '../../core/http/request-body';
import { SOCIAL_INSURANCE_HEADER, SocialInsuranceImportService, SocialInsuranceResult } from './social-insurance-import.service';

@ApiTags('adjustments')
@ApiBearerAuth()
@Controller('social-insurance')
export class SocialInsuranceController {
  constructor(private readonly importer: SocialInsuranceImportService) {}

  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  @SheetUpload()
  @ApiBody({ schema: { type: 'string', example: `${SOCIAL_INSURANCE_HEADER.join(',')}\n310117198503150011,青浦区,2025-03-01` } })
  @ApiOkResponse({ description: '{matched, proposed, unmatched: [{row, idNumberMasked}]}' })
  import(@Body() body: unknown, @Headers('content-type') contentType?: string): Promise<SocialInsuranceResult> {
    return this.importer.import(body, contentType);
  }
}
