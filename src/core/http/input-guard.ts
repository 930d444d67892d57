import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/** Deeper than any DTO goes, far shallower than what overflows class-transformer's recursion. */
export const MAX_INPUT_DEPTH = 32;

// An unpaired UTF-16 surrogate: no UTF-8 encoding exists, so it cannot be stored as given.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode text (it has an unpaired surrogate)';
  return undefined;
}

/**
 * What makes a request value unusable before any validator looks at it, as a
 * message naming where it is; undefined when there is nothing. Iterative, so
 * a hostile value cannot overflow the stack here.
 */
export function inputProblem(value: unknown, where: string, maxDepth = MAX_INPUT_DEPTH): string | undefined {
  // A field is named as class-validator names it (contactEmails[0], a.b); a value that is not an object by `where`.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 1 }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      const problem = stringProblem(current.value);
      if (problem) return `${current.path || where} ${problem}`;
      continue;
    }
    if (current.value === null || typeof current.value !== 'object') continue;
    if (current.depth > maxDepth) return `${where}: nested more than ${maxDepth} levels deep`;
    const isArray = Array.isArray(current.value);
    for (const [key, child] of Object.entries(current.value)) {
      const path = isArray ? `${current.path}[${key}]` : current.path === '' ? key : `${current.path}.${key}`;
      stack.push({ value: child, path, depth: current.depth + 1 });
    }
  }
  return undefined;
}

/**
 * The global ValidationPipe, refusing first what no DTO rule catches and would
 * otherwise end as a 500: a body nested thousands of levels deep overflows
 * class-transformer's recursion, and PostgreSQL can store neither a NUL
 * character nor an unpaired surrogate in text or jsonb.
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
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}
