import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator';
import { Roles } from '../../core/auth/roles.decorator';
import type { Principal } from '../../core/context/request-context';
import { Page, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { PaymentHistoryService } from './payment-history.service';
import { DesignationPaymentView, TalentPaymentView } from './payment-history.repository';

@ApiTags('payments')
@ApiBearerAuth()
@Controller('designations')
export class DesignationPaymentsController {
  constructor(private readonly history: PaymentHistoryService) {}

  @Get(':id/payments')
  @Roles('admin', 'finance', 'employer')
  @ApiOkResponse({ description: 'every ledger line of the designation, oldest run first (a term has at most 36 months, so one page); an employer: its own people only', type: pageOf(DesignationPaymentView) })
  payments(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<Page<DesignationPaymentView>> {
    return this.history.designationPayments(id, principal);
  }
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('workshops')
export class WorkshopPaymentsController {
  constructor(private readonly history: PaymentHistoryService) {}

  @Get(':id/payments')
  @Roles('admin', 'finance', 'employer')
  @ApiOkResponse({ description: 'the workshop’s grant lines (工作资助), oldest run first; an employer: its own workshops only', type: pageOf(DesignationPaymentView) })
  payments(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<Page<DesignationPaymentView>> {
    return this.history.workshopPayments(id, principal);
  }
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller('talents')
export class TalentPaymentsController {
  constructor(private readonly history: PaymentHistoryService) {}

  @Get(':id/payments')
  @Roles('admin', 'finance')
  @ApiOkResponse({ description: 'the person’s whole ledger: every line of every designation over all periods (opening lines first), as one page', type: pageOf(TalentPaymentView) })
  payments(@Param('id', uuidParam('id')) id: string): Promise<Page<TalentPaymentView>> {
    return this.history.talentPayments(id);
  }
}
