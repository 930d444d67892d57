import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/roles.decorator';
import type { Page } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { PaymentHistoryService } from './payment-history.service';
import type { DesignationPaymentView, TalentPaymentView } from './payment-history.repository';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('designations')
export class DesignationPaymentsController {
  constructor(private readonly history: PaymentHistoryService) {}

  @Get(':id/payments')
  @Roles('admin', 'finance')
  @ApiOkResponse({ description: 'every ledger line of the designation, oldest run first (a term has at most 36 months, so one page)' })
  payments(@Param('id', uuidParam('id')) id: string): Promise<Page<DesignationPaymentView>> {
    return this.history.designationPayments(id);
  }
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('talents')
export class TalentPaymentsController {
  constructor(private readonly history: PaymentHistoryService) {}

  @Get(':id/payments')
  @Roles('admin', 'finance')
  @ApiOkResponse({ description: 'the person’s whole ledger: every line of every designation over all periods (opening lines first), as one page' })
  payments(@Param('id', uuidParam('id')) id: string): Promise<Page<TalentPaymentView>> {
    return this.history.talentPayments(id);
  }
}
