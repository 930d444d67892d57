import { Module } from '@nestjs/common';
import { AssessmentReportRepository } from './assessment-report.repository';
import { AssessmentReportService } from './assessment-report.service';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';
import { PaymentHistoryReport } from './payment-history.report';
import { ReportsController } from './reports.controller';
import { UnionFormsExporter } from './union-forms.exporter';
import { WorkshopResultsController } from './workshop-results.controller';
import { WorkshopResultsRepository } from './workshop-results.repository';
import { WorkshopResultsService } from './workshop-results.service';

/** SPEC §3.9: the dashboard, the yearly reports and forms, payment histories, and the workshops' yearly results they draw on. */
@Module({
  controllers: [ReportsController, WorkshopResultsController],
  providers: [
    DashboardRepository,
    DashboardService,
    AssessmentReportRepository,
    AssessmentReportService,
    UnionFormsExporter,
    PaymentHistoryReport,
    WorkshopResultsRepository,
    WorkshopResultsService,
  ],
})
export class ReportsModule {}
