import { Module } from '@nestjs/common';
import { TalentIdentity } from './talent-identity';
import { TalentsController } from './talents.controller';
import { TalentsRepository } from './talents.repository';
import { TalentsService } from './talents.service';

@Module({
  controllers: [TalentsController],
  providers: [TalentsService, TalentsRepository, TalentIdentity],
  exports: [TalentsRepository, TalentIdentity],
})
export class TalentsModule {}
