import type { Client } from 'pg';
import { withClient } from '../../scripts/lib/pg';

/** The server part of a connection URL, without the database name. */
export function serverUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '';
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

/** `fn` on the server's maintenance database, where CREATE/DROP DATABASE run. */
export function withAdminClient<T>(base: string, fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(`${base}/postgres`, fn);
}
