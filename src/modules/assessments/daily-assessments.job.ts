import { BusinessDate } from '../../core/clock/business-date';
import { Job, JobHandler, JobInput } from '../../core/queue/job';
import { AssessmentsRunResult, AssessmentsService } from './assessments.service';

@JobHandler('assessments')
export class DailyAssessmentsJob implements Job<AssessmentsRunResult> {
  constructor(private readonly assessments: AssessmentsService) {}

  runKey(asOf: BusinessDate): string {
    return asOf;
  }

  run({ asOf }: JobInput): Promise<AssessmentsRunResult> {
    return this.assessments.run(asOf);
  }
}
