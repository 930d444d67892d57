import { BusinessDate } from '../../core/clock/business-date';
import { Job, JobHandler, JobInput } from '../../core/queue/job';
import { LifecycleResult, LifecycleService } from './lifecycle.service';

@JobHandler('lifecycle')
export class LifecycleJob implements Job<LifecycleResult> {
  constructor(private readonly lifecycle: LifecycleService) {}

  runKey(asOf: BusinessDate): string {
    return asOf;
  }

  run({ asOf }: JobInput): Promise<LifecycleResult> {
    return this.lifecycle.run(asOf);
  }
}
