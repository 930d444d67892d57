import { createHash } from 'node:crypto';
import type { Pool, QueryResult } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Statement names by text: the texts are the few fixed shapes of the hot queries. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `hot_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A read on the hot path of every request (the token lookup, a list's first
 * pages) as a named prepared statement, straight on the pool. Issue 20's
 * profile: PostgreSQL spent ~1.5 ms planning the list query and ~0.4 ms the
 * token lookup on every request, more than executing them, and TypeORM's
 * QueryRunner around each query cost the service as much as pg itself. A
 * named statement is parsed once per connection and, after PostgreSQL's five
 * custom plans, runs on a cached generic plan.
 *
 * Only for texts whose generic plan is the right one whatever the values:
 * equality on a unique key, or a keyset walk of the index in the ORDER BY. A
 * filter on skewed or free-text values (a status, a name prefix) keeps
 * planning with its values through `manager.query`. Inside a transaction it
 * is `manager.query` too, so the read sees the transaction. Errors are
 * TypeORM's QueryFailedError, as from `manager.query`.
 */
export async function preparedQuery<T>(db: DataSource | EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const manager = db instanceof DataSource ? db.manager : db;
  if (manager.queryRunner) return manager.query(text, values);
  const pool = (manager.connection.driver as PostgresDriver).master as Pool;
  try {
    const result: QueryResult = await pool.query({ name: statementName(text), text, values });
    return result.rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}

/**
 * A page size as SQL text, for the LIMIT of a prepared list: with the limit a
 * constant, the first page's statement has no parameters, so PostgreSQL runs
 * its one cached plan and never plans again; a parameter there would make it
 * plan each time. Only integers get through, whatever the caller's checks.
 */
export function sqlLimit(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`a page size must be a positive integer, not ${n}`);
  return String(n);
}
