import { withAdminClient } from './pg-admin';

export default async function globalTeardown(): Promise<void> {
  const base = process.env.TEST_PG_SERVER;
  const template = process.env.TEST_PG_TEMPLATE;
  if (base && template) {
    await withAdminClient(base, async (c) => {
      const prefix = template.replace('sjct_tpl_', 'sjct_t_');
      const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `${prefix}%`]);
      for (const { datname } of rows as Array<{ datname: string }>) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }).catch(() => undefined);
  }
  await (globalThis as { __embeddedPg?: { stop(): Promise<void> } }).__embeddedPg?.stop();
}
