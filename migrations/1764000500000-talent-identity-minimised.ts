import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §8: no unencrypted column may hold the pieces that rebuild an ID number.
 * The birth date is read from the encrypted number when it is needed, and the
 * statutory retirement date (birth date + a known age) with it, so both plain
 * columns go. What stays for SQL is the retirement YEAR, enough for the
 * lifecycle job to narrow its candidates; a month would leave a few dozen
 * candidate numbers per person, a year a few hundred. Masks keep the first 2
 * and last 4 characters only; old masks in the audit trail are rewritten, and
 * the dates are dropped from the talent views audited at registration.
 *
 * Nothing here needs PII_KEY: the new mask and the year come from what the
 * old columns hold.
 */
export class TalentIdentityMinimised1764000500000 implements MigrationInterface {
  name = 'TalentIdentityMinimised1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE talents ADD COLUMN retirement_year smallint`);
    await q.query(`
      UPDATE talents SET retirement_year = extract(year FROM statutory_retirement_date)::smallint,
                         id_number_masked = left(id_number_masked, 2) || repeat('*', 12) || right(id_number_masked, 4)`);
    await q.query(`ALTER TABLE talents ALTER COLUMN retirement_year SET NOT NULL`);
    await q.query(`ALTER TABLE talents DROP COLUMN birth_date, DROP COLUMN statutory_retirement_date`);
    await q.query(`CREATE INDEX talents_retirement_year_idx ON talents (retirement_year)`);
    for (const column of ['before', 'after']) {
      await q.query(`
        UPDATE audit_events
           SET ${column} = regexp_replace(${column}::text, '"([0-9]{2})[0-9]{4}\\*{8}([0-9X]{4})"', '"\\1************\\2"', 'g')::jsonb
         WHERE ${column}::text ~ '[0-9]{6}\\*{8}[0-9X]{4}'`);
      await q.query(`
        UPDATE audit_events SET ${column} = ${column} - 'birthDate' - 'statutoryRetirementDate'
         WHERE jsonb_typeof(${column}) = 'object' AND (${column} ? 'birthDate' OR ${column} ? 'statutoryRetirementDate')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The dropped dates can only be rebuilt by decrypting every ID number; an empty registry is the one safe way back.
    const [{ n }]: Array<{ n: number }> = await q.query(`SELECT count(*)::int AS n FROM talents`);
    if (n > 0) throw new Error('cannot revert TalentIdentityMinimised1764000500000 with talents registered: the birth dates are only in the encrypted ID numbers; restore a backup instead');
    await q.query(`DROP INDEX talents_retirement_year_idx`);
    await q.query(`ALTER TABLE talents DROP COLUMN retirement_year, ADD COLUMN birth_date date NOT NULL, ADD COLUMN statutory_retirement_date date NOT NULL`);
  }
}
