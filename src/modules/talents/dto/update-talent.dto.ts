import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { RetirementCategory } from '../retirement-date';
import { CreateTalentDto } from './create-talent.dto';

/**
 * PATCH /talents/{id}: what changes about a person after registration (SPEC
 * §5), with POST /talents' rules (IsEmail refuses an address over 254
 * characters); what a field means for a change is said here.
 */
export class UpdateTalentDto extends PartialType(PickType(CreateTalentDto, ['employerId', 'phone', 'email', 'retirementCategory'] as const)) {
  @ApiPropertyOptional({ description: 'the new employer organisation' })
  override employerId?: string;

  @ApiPropertyOptional({ description: "a woman's category follows her post; a new one recomputes statutoryRetirementDate" })
  override retirementCategory?: RetirementCategory;
}
