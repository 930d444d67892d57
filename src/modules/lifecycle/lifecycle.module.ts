import { Module } from '@nestjs/common';
import { AdjustmentsModule } from '../adjustments/adjustments.module';
import { LifecycleJob } from './lifecycle.job';
import { LifecycleService } from './lifecycle.service';

@Module({
  imports: [AdjustmentsModule],
  providers: [LifecycleService, LifecycleJob],
})
export class LifecycleModule {}
