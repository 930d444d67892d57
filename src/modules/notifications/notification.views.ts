import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const ADDRESS_PROBLEM_CODES = ['ORGANIZATION_WITHOUT_CONTACT', 'NO_ORGANIZATION_OF_KIND', 'ROLE_WITHOUT_EMAIL', 'UNKNOWN_RECIPIENT'] as const;
export type AddressProblemCode = (typeof ADDRESS_PROBLEM_CODES)[number];

/**
 * Why a mail has no address, for the console to say what to fix (by `code`):
 * ORGANIZATION_WITHOUT_CONTACT → set the organisation's contactEmails (PATCH /organizations/{id});
 * NO_ORGANIZATION_OF_KIND → create the office; ROLE_WITHOUT_EMAIL → give a user of the role an e-mail;
 * UNKNOWN_RECIPIENT → a mail written before recipients were kept. `fixed`: a retry would now find an address.
 */
export class AddressProblem {
  @ApiProperty({ enum: ADDRESS_PROBLEM_CODES }) code: AddressProblemCode;
  @ApiProperty({ type: String, nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationKind: string | null;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
  @ApiProperty({ description: 'a retry would now find an address' }) fixed: boolean;
}

/** Whom the mail is addressed to: a role, an organisation, or the one organisation of a kind. */
export class NotificationRecipient {
  @ApiPropertyOptional() role?: string;
  @ApiPropertyOptional() organizationKind?: string;
  @ApiPropertyOptional() organizationId?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) organizationName?: string | null;
}

export class NotificationView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'assessment.opened' }) purpose: string;
  @ApiProperty({ type: [String] }) to: string[];
  @ApiProperty({ type: NotificationRecipient, nullable: true, description: 'looked up again at every retry; null for mails to given addresses' })
  recipient: NotificationRecipient | null;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: AddressProblem, nullable: true, description: 'set when the mail failed for want of an address' })
  addressProblem: AddressProblem | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) sentAt: string | null;
}
