import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationBan } from './entities/application-ban.entity';
import { SelectionApplication } from './entities/selection-application.entity';
import { SelectionRound } from './entities/selection-round.entity';
import { TalentsModule } from '../talents/talents.module';
import { SelectionReviewModule } from '../selection-review/selection-review.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';
import { SelectionMails } from './selection-mails';
import { SelectionRemindersJob } from './selection-reminders.job';
import { SelectionStepsService } from './selection-steps.service';
import { SelectionRepository } from './selection.repository';

/** 选拔 before designation (SPEC §3.8): rounds, applications, recommendations, eligibility, bans. */
@Module({
  imports: [TypeOrmModule.forFeature([SelectionRound, SelectionApplication, ApplicationBan]), TalentsModule, SelectionReviewModule],
  controllers: [RoundsController, ApplicationsController],
  providers: [RoundsService, ApplicationsService, SelectionStepsService, SelectionRepository, SelectionMails, SelectionRemindersJob],
  exports: [SelectionRepository, RoundsService],
})
export class SelectionModule {}
