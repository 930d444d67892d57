import { BusinessDate } from '../../core/clock/business-date';
import { Job, JobHandler, JobInput } from '../../core/queue/job';
import { ReminderRunResult, SelectionStepsService } from './selection-steps.service';

/** Daily: reminds a street or industry authority of applications waiting RECOMMENDATION_REMINDER_DAYS for its 推荐意见. */
@JobHandler('selection')
export class SelectionRemindersJob implements Job<ReminderRunResult> {
  constructor(private readonly steps: SelectionStepsService) {}

  runKey(asOf: BusinessDate): string {
    return asOf;
  }

  run({ asOf }: JobInput): Promise<ReminderRunResult> {
    return this.steps.remind(asOf);
  }
}
