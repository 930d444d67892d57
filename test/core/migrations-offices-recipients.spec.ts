import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { OneOfficeOfEachKind1764000300000 } from '../../migrations/1764000300000-one-office-of-each-kind';
import { runMigrationsLocked } from '../../src/core/database/migration-runner';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Existing data through the migrations of issue 12 item 6 and issue 13 item 9. */
describe('migrations: one office of each kind, mail recipients kept', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterEach(() => database.drop());

  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(OneOfficeOfEachKind1764000300000));
  const migrate = async (migrations: typeof MIGRATIONS, work?: (ds: DataSource) => Promise<void>) => {
    const ds = new DataSource({ type: 'postgres', url: database.url, migrations, logging: false });
    await ds.initialize();
    try {
      await runMigrationsLocked(ds);
      await work?.(ds);
    } finally {
      await ds.destroy();
    }
  };

  it('stops, naming them, when a database holds two district offices', async () => {
    await migrate(before, async (ds) => {
      await ds.query(`INSERT INTO organizations (name, kind) VALUES ('区协调办', 'district_office'), ('冒充的区协调办', 'district_office')`);
    });
    await expect(migrate(MIGRATIONS)).rejects.toThrow(/only one organisation of kind district_office.*冒充的区协调办/);
  });

  it('gives mails that failed for want of an address their recipient back, from the error text', async () => {
    let orgId = '';
    await migrate(before, async (ds) => {
      [{ id: orgId }] = await ds.query(`INSERT INTO organizations (name, kind) VALUES ('永丰街道', 'street') RETURNING id`);
      await ds.query(
        `INSERT INTO notifications (purpose, to_addresses, subject, text_body, status, last_error) VALUES
           ('a', '{}', 's', 't', 'failed', 'no e-mail address for organisation ${orgId}'),
           ('b', '{}', 's', 't', 'failed', 'no e-mail address for role finance'),
           ('c', '{}', 's', 't', 'failed', 'no e-mail address for organisations of kind district_office'),
           ('d', '{x@example.com}', 's', 't', 'failed', 'SMTP 550'),
           ('e', '{x@example.com}', 's', 't', 'sent', null)`,
      );
    });
    await migrate(MIGRATIONS, async (ds) => {
      const rows = await ds.query(`SELECT purpose, recipient FROM notifications ORDER BY purpose`);
      expect(rows).toEqual([
        { purpose: 'a', recipient: { organizationId: orgId } },
        { purpose: 'b', recipient: { role: 'finance' } },
        { purpose: 'c', recipient: { organizationKind: 'district_office' } },
        { purpose: 'd', recipient: null },
        { purpose: 'e', recipient: null },
      ]);
    });
  });
});
