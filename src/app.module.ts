import { AccountsModule } from './modules/accounts/accounts.module';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule } from './core/audit/audit.module';
import { AuthGuard } from './core/auth/auth.guard';
import { AuthModule } from './core/auth/auth.module';
import { Clock } from './core/clock/clock';
import { ClockModule } from './core/clock/clock.module';
import { APP_CONFIG, AppConfig } from './core/config/config';
import { DatabaseModule } from './core/database/database.module';
import { HttpExceptionFilter } from './core/errors/http-exception.filter';
import { HealthController } from './core/health/health.controller';
import { LoggingModule } from './core/logging/logging.module';
import { MailModule } from './core/mail/mail.module';
import { CryptoModule } from './core/crypto/crypto.module';
import { QueueModule } from './core/queue/queue.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { UsersModule } from './modules/users/users.module';
import { TalentsModule } from './modules/talents/talents.module';
import { DesignationsModule } from './modules/designations/designations.module';
import { AdjustmentsModule } from './modules/adjustments/adjustments.module';
import { AnnualReviewsModule } from './modules/annual-reviews/annual-reviews.module';
import { SocialInsuranceModule } from './modules/social-insurance/social-insurance.module';
import { LifecycleModule } from './modules/lifecycle/lifecycle.module';
import { WorkshopsModule } from './modules/workshops/workshops.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { AssessmentsModule } from './modules/assessments/assessments.module';
import { TemplatesModule } from './modules/templates/templates.module';
import { ReportsModule } from './modules/reports/reports.module';
import { SelectionModule } from './modules/selection/selection.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { SelectionReviewModule } from './modules/selection-review/selection-review.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Tests pass a clock they can move. */
  clock?: Clock;
  /** Cron ticks; tests turn them off and run jobs explicitly. */
  schedule?: boolean;
}

const FEATURES = [
  OrganizationsModule,
  UsersModule,
  AccountsModule,
  NotificationsModule,
  TalentsModule,
  DesignationsModule,
  AdjustmentsModule,
  AnnualReviewsModule,
  SocialInsuranceModule,
  LifecycleModule,
  WorkshopsModule,
  PaymentsModule,
  AssessmentsModule,
  TemplatesModule,
  ReportsModule,
  SelectionModule,
  CalendarModule,
  SelectionReviewModule,
];

@Module({})
export class AppModule {
  static forRoot({ config, clock, schedule = true }: AppModuleOptions): DynamicModule {
    const serves = config.appRole !== 'worker';
    const works = config.appRole !== 'api';
    return {
      module: AppModule,
      imports: [
        { module: ConfigHolder, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] },
        clock ? { module: ClockModule, global: true, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] } : ClockModule,
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(config),
        AuditModule,
        MailModule,
        CryptoModule,
        AuthModule,
        QueueModule.forRoot(config, { workers: works, schedule: schedule && works, http: serves }),
        ...FEATURES,
      ],
      controllers: serves ? [HealthController] : [],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}

@Module({})
class ConfigHolder {}
