import { Client } from 'pg';

/** The server part of a connection URL, without the database name. */
export function serverUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '';
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

export async function withAdminClient<T>(base: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
