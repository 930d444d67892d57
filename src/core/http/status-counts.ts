import { ApiProperty } from '@nestjs/swagger';

/** A list's items per status, as the list would show them (the console's tab counts). */
export class StatusCounts {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { pending: 3, approved: 12 } })
  byStatus: Record<string, number>;
}
