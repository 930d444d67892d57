import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/** Deeper than any DTO goes, far shallower than what overflows class-transformer's recursion. */
export const MAX_INPUT_DEPTH = 32;

/** Whether objects/arrays in the value nest more than maxDepth levels; iterative, so a hostile value cannot overflow the stack here. */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The global ValidationPipe, refusing over-deep input first: class-transformer
 * recurses once per level, so a JSON body nested a few thousand levels deep
 * (well under the 1 MB limit) would overflow the stack and answer 500.
 */
export class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
      throw new BadRequestException(`${metadata.type === 'custom' ? 'input' : metadata.type}: nested more than ${MAX_INPUT_DEPTH} levels deep`);
    }
    return super.transform(value, metadata);
  }
}
