import { Module } from '@nestjs/common';
import { DesignationPaymentsController } from './designation-payments.controller';
import { PaymentHistoryRepository } from './payment-history.repository';
import { PaymentHistoryService } from './payment-history.service';
import { MonthlyPaymentsJob } from './monthly-payments.job';
import { PaymentLedgerRepository } from './payment-ledger.repository';
import { PaymentRunService } from './payment-run.service';
import { PaymentRunsController } from './payment-runs.controller';
import { PaymentRunsRepository } from './payment-runs.repository';
import { RosterExporter } from './roster.exporter';

@Module({
  controllers: [PaymentRunsController, DesignationPaymentsController],
  providers: [PaymentRunService, PaymentHistoryService, PaymentHistoryRepository, PaymentLedgerRepository, PaymentRunsRepository, RosterExporter, MonthlyPaymentsJob],
})
export class PaymentsModule {}
