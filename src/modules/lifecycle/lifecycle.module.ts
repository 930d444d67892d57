import { Module } from '@nestjs/common';
import { AdjustmentsModule } from '../adjustments/adjustments.module';
import { DesignationsModule } from '../designations/designations.module';
import { TalentsModule } from '../talents/talents.module';
import { WorkshopsModule } from '../workshops/workshops.module';
import { LifecycleJob } from './lifecycle.job';
import { LifecycleService } from './lifecycle.service';

@Module({
  imports: [AdjustmentsModule, DesignationsModule, TalentsModule, WorkshopsModule],
  providers: [LifecycleService, LifecycleJob],
})
export class LifecycleModule {}
