import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateOrganizationDto } from './create-organization.dto';

/** PATCH /organizations/{id}: any field of the create body but `kind` (an organisation does not change what it is). */
export class UpdateOrganizationDto extends PartialType(OmitType(CreateOrganizationDto, ['kind'] as const)) {}
