import { Module } from '@nestjs/common';
import { DesignationsModule } from '../designations/designations.module';
import { AdjustmentProposals } from './adjustment-proposals.service';
import { AdjustmentsController } from './adjustments.controller';
import { AdjustmentsRepository } from './adjustments.repository';
import { AdjustmentsService } from './adjustments.service';

@Module({
  imports: [DesignationsModule],
  controllers: [AdjustmentsController],
  providers: [AdjustmentsService, AdjustmentsRepository, AdjustmentProposals],
  exports: [AdjustmentProposals, AdjustmentsRepository],
})
export class AdjustmentsModule {}
