import { ApiProperty } from '@nestjs/swagger';
import { PatentCountsDto } from './dto/report-query.dto';

/** A workshop's record for one year (SPEC §3.9): 创新成果, patents by type, exchange activities. */
export class AnnualResultsView {
  @ApiProperty() workshopId: string;
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty() results: number;
  @ApiProperty({ type: PatentCountsDto }) patents: PatentCountsDto;
  @ApiProperty() activities: number;
  @ApiProperty() recordedAt: string;
}
