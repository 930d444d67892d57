import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/** Deeper than any DTO goes, far shallower than what overflows class-transformer's recursion. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Fields plus list items in one request value. The largest DTO has a few dozen;
 * class-validator's whitelist check costs more than linear time in the number
 * of keys, so a body of tens of thousands of keys held the event loop for seconds.
 */
export const MAX_INPUT_VALUES = 1_000;

/**
 * What no stored text may hold: C0 control characters other than tab, LF and
 * CR, Unicode non-characters (U+FDD0–U+FDEF and the last two code points of
 * every plane) and unpaired surrogates. PostgreSQL cannot store NUL or a lone
 * surrogate, and XML 1.0 (so an xlsx roster) cannot hold any of them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\p{Noncharacter_Code_Point}|\p{Cs}/u;

/** Why this text may not be stored, to follow a field name; undefined when it may. */
export function textProblem(s: string): string | undefined {
  const found = UNSTORABLE.exec(s);
  if (!found) return undefined;
  const codePoint = found[0].codePointAt(0)!;
  const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (codePoint === 0) return 'must not contain the NUL character (U+0000)';
  if (codePoint < 0x20) return `must not contain the control character ${name}`;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'must be valid Unicode text (it has an unpaired surrogate)';
  return `must not contain ${name}, a Unicode non-character`;
}

/**
 * What makes a request value unusable before any validator looks at it, as a
 * message naming where it is; undefined when there is nothing. Iterative, so
 * a hostile value cannot overflow the stack here.
 */
export function inputProblem(value: unknown, where: string, maxDepth = MAX_INPUT_DEPTH, maxValues = MAX_INPUT_VALUES): string | undefined {
  // A field is named as class-validator names it (contactEmails[0], a.b); a value that is not an object by `where`.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 1 }];
  let values = 0;
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      const problem = textProblem(current.value);
      if (problem) return `${current.path || where} ${problem}`;
      continue;
    }
    // A CSV upload arrives as bytes; its parser checks it row by row.
    if (current.value === null || typeof current.value !== 'object' || Buffer.isBuffer(current.value)) continue;
    if (current.depth > maxDepth) return `${where}: nested more than ${maxDepth} levels deep`;
    const isArray = Array.isArray(current.value);
    const entries = Object.entries(current.value);
    values += entries.length;
    if (values > maxValues) return `${where}: more than ${maxValues} fields and list items in all; the limit is ${maxValues}`;
    for (const [key, child] of entries) {
      const path = isArray ? `${current.path}[${key}]` : current.path === '' ? key : `${current.path}.${key}`;
      stack.push({ value: child, path, depth: current.depth + 1 });
    }
  }
  return undefined;
}

/**
 * The global ValidationPipe, refusing first what no DTO rule catches and would
 * otherwise end as a 500 or a broken export: a body nested thousands of levels
 * deep overflows class-transformer's recursion, tens of thousands of keys
 * stall the whitelist check, and text no database column or xlsx can hold
 * (see UNSTORABLE). One linear pass, before class-transformer runs.
 */
export class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = inputProblem(value, metadata.data ?? metadata.type);
      if (problem) throw new BadRequestException(problem);
    }
    return super.transform(metadata.type === 'body' ? withoutNullFields(value) : value, metadata);
  }
}

/**
 * A field sent as null means the same as a field left out: every optional DTO
 * field treats them alike (@IsOptional lets both through), so services see one.
 */
function withoutNullFields(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}
