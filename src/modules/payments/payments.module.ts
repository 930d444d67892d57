import { Module } from '@nestjs/common';
import { TalentsModule } from '../talents/talents.module';
import { OpeningLedgerRepository } from './opening-ledger.repository';
import { OpeningLedgerService } from './opening-ledger.service';
import { PaymentsController } from './payments.controller';
import { ReconciliationReportService } from './reconciliation-report.service';
import { DesignationPaymentsController, TalentPaymentsController, WorkshopPaymentsController } from './designation-payments.controller';
import { PaymentHistoryRepository } from './payment-history.repository';
import { PaymentHistoryService } from './payment-history.service';
import { MonthlyPaymentsJob } from './monthly-payments.job';
import { PaymentLedgerRepository } from './payment-ledger.repository';
import { PaymentRunService } from './payment-run.service';
import { PaymentRunsController } from './payment-runs.controller';
import { PaymentRunsRepository } from './payment-runs.repository';
import { PaymentStaleness } from './payment-staleness';
import { RosterExporter } from './roster.exporter';
import { RosterRepository } from './roster.repository';

@Module({
  imports: [TalentsModule],
  controllers: [PaymentRunsController, DesignationPaymentsController, TalentPaymentsController, WorkshopPaymentsController, PaymentsController],
  providers: [PaymentRunService, PaymentHistoryService, PaymentHistoryRepository, PaymentLedgerRepository, PaymentRunsRepository, RosterExporter, RosterRepository, MonthlyPaymentsJob, OpeningLedgerService, OpeningLedgerRepository, ReconciliationReportService, PaymentStaleness],
})
export class PaymentsModule {}
