import { Module } from '@nestjs/common';
import { AdjustmentsModule } from '../adjustments/adjustments.module';
import { DesignationsModule } from '../designations/designations.module';
import { AssessmentTasksRepository } from './assessment-tasks.repository';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { DailyAssessmentsJob } from './daily-assessments.job';

@Module({
  imports: [DesignationsModule, AdjustmentsModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentTasksRepository, DailyAssessmentsJob],
})
export class AssessmentsModule {}
