/**
 * Worlds a test file starts from, built on startTestApp and Given: an app with
 * the district office registered, a cohort imported in bulk, a copy of a database.
 */
import { Client } from 'pg';
import { cohortRows, toCsv } from './designations-csv';
import { Given } from './given';
import { ok } from './http';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app';
import { cloneDatabase, type TestDatabase } from './test-database';

export { cloneDatabase, Given };

export interface AppWorld {
  t: TestApp;
  given: Given;
  office: { id: string } & Record<string, unknown>;
}

/**
 * The app on a database of its own with the 区协调小组办公室 registered (the jobs
 * write to it), for `beforeAll(async () => ({ t, given } = await districtOfficeWorld()))`.
 */
export async function districtOfficeWorld(contactEmails?: string[], options?: TestAppOptions): Promise<AppWorld> {
  const t = await startTestApp(options);
  const given = new Given(t);
  const office = await given.districtOffice(contactEmails);
  return { t, given, office };
}

/**
 * `people` designations of the 2025 cohort (designated 2025-05-20, one employer),
 * imported through the API into `database` in files of 10,000, then ANALYZEd.
 */
export async function seedCohort(database: TestDatabase, people: number): Promise<void> {
  const seeder = await startTestApp({ database, queue: false });
  try {
    const employer = await new Given(seeder).employer();
    const rows = cohortRows(people, { employerCreditCode: employer.creditCode, cohort: '2025', designatedOn: '2025-05-20' });
    for (let i = 0; i < people; i += 10_000) {
      ok(await seeder.http().post('/api/v1/designations/import').set('Content-Type', 'text/csv').send(toCsv(rows.slice(i, i + 10_000))), 201, 'import');
    }
    await seeder.db.query('ANALYZE');
  } finally {
    await seeder.close();
  }
}

/** A plain client on a test database, for watching it from outside the apps. */
export async function clientOf(database: TestDatabase): Promise<Client> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return client;
}
