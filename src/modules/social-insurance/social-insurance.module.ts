import { Module } from '@nestjs/common';
import { AdjustmentsModule } from '../adjustments/adjustments.module';
import { TalentsModule } from '../talents/talents.module';
import { SocialInsuranceImportService } from './social-insurance-import.service';
import { SocialInsuranceController } from './social-insurance.controller';

@Module({
  imports: [TalentsModule, AdjustmentsModule],
  controllers: [SocialInsuranceController],
  providers: [SocialInsuranceImportService],
})
export class SocialInsuranceModule {}
