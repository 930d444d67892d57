import type { Type as Class } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InvalidInputError } from '../errors/domain-error';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: base64url of the sort key of the last item. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

// The sort-key parts lists put in cursors: created_at (toISOString), a uuid, a bigint id (as pg returns it), an integer.
const KEY_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const KEY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_BIGINT = /^-?\d{1,18}$/;

function isKeyPart(k: unknown): k is string | number {
  if (typeof k === 'number') return Number.isSafeInteger(k) && Math.abs(k) <= 2 ** 31 - 1;
  return typeof k === 'string' && (KEY_UUID.test(k) || KEY_BIGINT.test(k) || (KEY_TIME.test(k) && !Number.isNaN(Date.parse(k))));
}

/**
 * The sort key in a cursor, each part checked to be one a list puts there: a
 * forged or mangled key is a 400 naming cursor, never a database error (500).
 */
export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every(isKeyPart)) return key;
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('cursor is not a cursor this list gave out');
}

/**
 * Builds a page from rows fetched with limit + 1: the extra row only tells
 * whether another page exists.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => (string | number)[], view: (row: R) => T): Page<T> {
  const pageRows = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    items: pageRows.map(view),
    nextCursor: more && pageRows.length > 0 ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}

export function pageSize(query: PageQuery): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

const pageClasses = new Map<Class, Class>();

/**
 * The OpenAPI schema of a page of `item`, named `<Item>Page` (e.g. LineViewPage),
 * for `@ApiOkResponse({ type: pageOf(LineView) })`; the console's types are generated from it.
 */
export function pageOf<T>(item: Class<T>): Class<Page<T>> {
  let page = pageClasses.get(item);
  if (!page) {
    class ItemPage {
      @ApiProperty({ type: [item] })
      items: T[];

      @ApiProperty({ type: String, nullable: true, description: 'cursor of the next page; null on the last' })
      nextCursor: string | null;
    }
    Object.defineProperty(ItemPage, 'name', { value: `${item.name}Page` });
    page = ItemPage;
    pageClasses.set(item, page);
  }
  return page as Class<Page<T>>;
}
