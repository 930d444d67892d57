import { Module } from '@nestjs/common';
import { TalentsModule } from '../talents/talents.module';
import { WorkshopsController } from './workshops.controller';
import { WorkshopsRepository } from './workshops.repository';
import { WorkshopsService } from './workshops.service';

@Module({
  imports: [TalentsModule],
  controllers: [WorkshopsController],
  providers: [WorkshopsService, WorkshopsRepository],
  exports: [WorkshopsRepository],
})
export class WorkshopsModule {}
