import { Module } from '@nestjs/common';
import { AdjustmentsModule } from '../adjustments/adjustments.module';
import { DesignationsModule } from '../designations/designations.module';
import { WorkshopsModule } from '../workshops/workshops.module';
import { LifecycleJob } from './lifecycle.job';
import { LifecycleService } from './lifecycle.service';

@Module({
  imports: [AdjustmentsModule, DesignationsModule, WorkshopsModule],
  providers: [LifecycleService, LifecycleJob],
})
export class LifecycleModule {}
