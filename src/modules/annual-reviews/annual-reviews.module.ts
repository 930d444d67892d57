import { Module } from '@nestjs/common';
import { AdjustmentsModule } from '../adjustments/adjustments.module';
import { DesignationsModule } from '../designations/designations.module';
import { AnnualReviewsController } from './annual-reviews.controller';
import { AnnualReviewsService } from './annual-reviews.service';

@Module({
  imports: [DesignationsModule, AdjustmentsModule],
  controllers: [AnnualReviewsController],
  providers: [AnnualReviewsService],
})
export class AnnualReviewsModule {}
