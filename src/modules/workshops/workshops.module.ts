import { Module } from '@nestjs/common';
import { TalentsModule } from '../talents/talents.module';
import { ChangeRequestsController } from './change-requests.controller';
import { ChangeRequestsRepository } from './change-requests.repository';
import { ChangeRequestsService } from './change-requests.service';
import { WorkshopTimeline } from './workshop-timeline';
import { WorkshopsController } from './workshops.controller';
import { WorkshopsRepository } from './workshops.repository';
import { WorkshopsService } from './workshops.service';

@Module({
  imports: [TalentsModule],
  controllers: [WorkshopsController, ChangeRequestsController],
  providers: [WorkshopsService, WorkshopsRepository, ChangeRequestsService, ChangeRequestsRepository, WorkshopTimeline],
  exports: [WorkshopsRepository, WorkshopTimeline],
})
export class WorkshopsModule {}
