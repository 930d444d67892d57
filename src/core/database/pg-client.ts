import { Client } from 'pg';

/** Runs `fn` on a fresh connection to `url`, closed however `fn` ends (a leaked client keeps the process alive). */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
