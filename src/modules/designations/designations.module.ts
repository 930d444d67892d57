import { Module } from '@nestjs/common';
import { TalentsModule } from '../talents/talents.module';
import { DesignationImportService } from './designation-import.service';
import { DesignationTimeline } from './designation-timeline';
import { DesignationsController } from './designations.controller';
import { DesignationsRepository } from './designations.repository';
import { DesignationsService } from './designations.service';

@Module({
  imports: [TalentsModule],
  controllers: [DesignationsController],
  providers: [DesignationsService, DesignationsRepository, DesignationImportService, DesignationTimeline],
  exports: [DesignationsRepository, DesignationTimeline, DesignationsService],
})
export class DesignationsModule {}
