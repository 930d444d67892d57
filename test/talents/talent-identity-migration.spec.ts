import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { runMigrationsLocked } from '../../src/core/database/migration-runner';
import { PiiCipher } from '../../src/core/crypto/pii-cipher';
import type { AppConfig } from '../../src/core/config/config';
import { makeIdNumber } from '../../src/modules/talents/id-number';
import { creditCode } from '../support/given';
import { startTestApp, TEST_PII_KEY } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const MINIMISED = 1764000500000;

/** Issue 13 item 1: data stored before the fix loses its plain dates and old masks, in the audit trail too. */
describe('migration TalentIdentityMinimised', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(() => database.drop());

  it('drops the plain birth and retirement dates, keeps the year, and rewrites masks in talents and audit rows', async () => {
    const idNumber = makeIdNumber('310117', '1966-05-20', '013');
    const oldMask = `310117********${idNumber.slice(-4)}`;
    const cipher = new PiiCipher({ piiKey: TEST_PII_KEY } as AppConfig);
    await cipher.onModuleInit();

    const before = new DataSource({ type: 'postgres', url: database.url, migrations: MIGRATIONS.filter((m) => Number(new m().name.match(/\d+$/)![0]) < MINIMISED), logging: false });
    await before.initialize();
    try {
      await runMigrationsLocked(before);
      const [street] = await before.query(`INSERT INTO organizations (name, kind) VALUES ('街道', 'street') RETURNING id`);
      const [employer] = await before.query(`INSERT INTO organizations (name, kind, credit_code, street_id) VALUES ('某公司', 'employer', $1, $2) RETURNING id`, [creditCode(), street.id]);
      const [talent] = await before.query(
        `INSERT INTO talents (name, id_number_enc, id_number_hash, id_number_masked, gender, birth_date, retirement_category, statutory_retirement_date, employer_id)
         VALUES ('王建国', $1, $2, $3, 'male', '1966-05-20', 'male', '2026-10-20', $4) RETURNING id`,
        [cipher.encrypt(idNumber), cipher.lookupHash(idNumber), oldMask, employer.id],
      );
      const view = { id: talent.id, name: '王建国', gender: 'male', birthDate: '1966-05-20', idNumberMasked: oldMask, statutoryRetirementDate: '2026-10-20', employerId: employer.id };
      await before.query(`INSERT INTO audit_events (actor, action, entity_type, entity_id, after) VALUES ('system', 'talent.created', 'talent', $1, $2)`, [talent.id, JSON.stringify(view)]);
      await before.query(`INSERT INTO audit_events (actor, action, entity_type, entity_id, after) VALUES ('system', 'social_insurance.imported', 'social_insurance', 'import', $1)`, [
        JSON.stringify({ rows: 1, matched: 0, unmatched: [{ row: 2, idNumberMasked: oldMask }] }),
      ]);
    } finally {
      await before.destroy();
    }

    const t = await startTestApp({ database, queue: false });
    try {
      const [row] = await t.db.query(`SELECT * FROM talents`);
      expect(row).toMatchObject({ id_number_masked: `31************${idNumber.slice(-4)}`, retirement_year: 2026 });
      expect(row).not.toHaveProperty('birth_date');
      expect(row).not.toHaveProperty('statutory_retirement_date');
      const audit: Array<{ action: string; after: Record<string, unknown> }> = await t.db.query(`SELECT action, after FROM audit_events WHERE action IN ('talent.created', 'social_insurance.imported') ORDER BY id`);
      expect(audit).toEqual([
        { action: 'talent.created', after: { id: row.id, name: '王建国', gender: 'male', idNumberMasked: `31************${idNumber.slice(-4)}`, employerId: row.employer_id } },
        { action: 'social_insurance.imported', after: { rows: 1, matched: 0, unmatched: [{ row: 2, idNumberMasked: `31************${idNumber.slice(-4)}` }] } },
      ]);
      // The dates come back for the district office from the sealed number.
      const res = await t.http().get(`/api/v1/talents/${row.id}`).expect(200);
      expect(res.body).toMatchObject({ birthDate: '1966-05-20', statutoryRetirementDate: '2026-10-20', idNumberMasked: `31************${idNumber.slice(-4)}` });
    } finally {
      await t.close();
    }
  });
});
