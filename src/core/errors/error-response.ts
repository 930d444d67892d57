import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROW_CONSTRAINTS } from '../sheet/row-errors';
import { FieldProblem, HTTP_ERROR_CODES } from './error-body';
import type { RowError } from '../sheet/row-errors';

/**
 * Every error's body as documented in OpenAPI (components.schemas), so clients
 * and the console's generated types read one statement of it. What writes it:
 * http-exception.filter.ts and error-body.ts.
 */
export class FieldProblemView implements FieldProblem {
  @ApiProperty({ description: 'the field as class-validator names it: `score`, `contactEmails[0]`, `person.idNumber`' })
  field: string;

  @ApiProperty({ description: "class-validator's constraint (`isBusinessDate`, `max`, `whitelistValidation`…), or `required` / `invalid` for a service's own check" })
  constraint: string;
}

export class RowErrorView implements RowError {
  @ApiProperty({ description: 'the row as Excel shows it (header row 1)' })
  row: number;

  @ApiProperty({ description: "the column's machine name" })
  field: string;

  @ApiProperty({ description: `one of ${ROW_CONSTRAINTS.join(', ')}; or, for a row refused by a service's own checks, that check's error code or constraint` })
  constraint: string;

  @ApiProperty({ description: 'English, for API clients' })
  message: string;

  @ApiPropertyOptional({ description: 'the earlier row of the same thing (duplicateInFile)' })
  otherRow?: number;
}

export class ErrorResponse {
  @ApiProperty()
  statusCode: number;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'English; one per field for invalid input' })
  message: string | string[];

  @ApiProperty({ description: "the HTTP status's reason phrase" })
  error: string;

  @ApiProperty({
    description: `stable: a domain error's own code (e.g. DESIGNATION_OVERLAP, PERIOD_STALE, X_NOT_FOUND) or one of ${Object.values(HTTP_ERROR_CODES).join(', ')}`,
  })
  code: string;

  @ApiPropertyOptional({ type: [FieldProblemView], description: 'invalid input: every field at once' })
  fields?: FieldProblemView[];

  @ApiPropertyOptional({ type: [RowErrorView], description: 'a refused import: every row error, nothing imported' })
  errors?: RowErrorView[];
}
