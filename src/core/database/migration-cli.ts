import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../app.module';
import { loadConfig } from '../config/config';
import { startEmbeddedDatabase } from './embedded-database';

/**
 * npm run migration:run | migration:revert | migration:generate -- <Name>
 * Uses the same database the service would (embedded when DATABASE_URL is unset).
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  let config = loadConfig(process.env);
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedDatabase({ dataDir: join(config.dataDir, 'postgres'), port: config.embeddedPgPort, database: 'songjiang', persistent: true, log: () => undefined });
  if (embedded) config = { ...config, databaseUrl: embedded.url };
  // The application context brings every entity; start-up migration is what "run" does anyway.
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config: { ...config, appRole: 'worker', logLevel: 'warn' }, schedule: false }), { logger: ['error'] });
  const db = app.get(DataSource);
  try {
    if (command === 'run') {
      process.stdout.write('migrations are up to date\n');
    } else if (command === 'revert') {
      await db.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else if (command === 'generate') {
      if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error('usage: npm run migration:generate -- <Name>');
      const sql = await db.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        process.stdout.write('no changes between entities and schema\n');
        return;
      }
      const timestamp = Date.now(); // eslint-disable-line no-restricted-syntax -- a file name, not a business time
      const q = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
      const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((u) => `    await q.query(${q(u.query)});`).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((d) => `    await q.query(${q(d.query)});`).join('\n')}
  }
}
`;
      const file = join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
      await writeFile(file, body);
      process.stdout.write(`wrote ${file}; add ${name}${timestamp} to migrations/index.ts\n`);
    } else {
      throw new Error('usage: migration-cli run | revert | generate <Name>');
    }
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
