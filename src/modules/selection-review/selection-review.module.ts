import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DesignationsModule } from '../designations/designations.module';
import { ExpertReviewService } from './expert-review.service';
import { PaperSheetsService } from './paper-sheets.service';
import { RoundReviewExport } from './review-export';
import { SelectionOutcomeService } from './selection-outcome.service';
import { SelectionReviewController } from './selection-review.controller';
import { SelectionReviewRepository } from './selection-review.repository';

/** Selection, part 2 (SPEC §3.8 steps 4–7): expert review, shortlist, publicity, naming. */
@Module({
  imports: [CalendarModule, DesignationsModule],
  controllers: [SelectionReviewController],
  providers: [ExpertReviewService, SelectionOutcomeService, PaperSheetsService, SelectionReviewRepository, RoundReviewExport],
  exports: [SelectionReviewRepository, RoundReviewExport],
})
export class SelectionReviewModule {}
