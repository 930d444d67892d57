import { Module } from '@nestjs/common';
import { MonthlyPaymentsJob } from './monthly-payments.job';
import { PaymentLedgerRepository } from './payment-ledger.repository';
import { PaymentRunService } from './payment-run.service';
import { PaymentRunsController } from './payment-runs.controller';
import { PaymentRunsRepository } from './payment-runs.repository';
import { RosterExporter } from './roster.exporter';

@Module({
  controllers: [PaymentRunsController],
  providers: [PaymentRunService, PaymentLedgerRepository, PaymentRunsRepository, RosterExporter, MonthlyPaymentsJob],
})
export class PaymentsModule {}
