import { MigrationInterface, QueryRunner } from 'typeorm';

/** The grant settings as the service's config reads them (same names, defaults and bounds). */
function grantSetting(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 1_000_000_000) throw new Error(`${name}: must be a whole number from 0 to 1000000000, got '${raw}'`);
  return Number(raw);
}

/**
 * Issue 12 item 3, SPEC §3.3: a chief technician workshop's grant total is
 * fixed when it is registered, so a later change of GRANT_MUNICIPAL_FEN /
 * GRANT_DISTRICT_FEN never re-prices instalments already owed. Existing
 * workshops get the totals of the settings in force when this migration runs.
 *
 * One chief technician workshop per designation, by a unique index. A
 * designation that already has more than one keeps them (their grants were
 * paid); the later ones are marked `legacy_duplicate` and left out of the
 * index, so no new duplicate can be added next to them.
 */
export class WorkshopGrantTotal1764000110000 implements MigrationInterface {
  name = 'WorkshopGrantTotal1764000110000';

  async up(q: QueryRunner): Promise<void> {
    const municipal = grantSetting('GRANT_MUNICIPAL_FEN', 8_000_000);
    const district = grantSetting('GRANT_DISTRICT_FEN', 5_000_000);
    await q.query(`ALTER TABLE workshops ADD COLUMN grant_total_fen bigint CHECK (grant_total_fen >= 0)`);
    await q.query(`UPDATE workshops SET grant_total_fen = CASE level WHEN 'municipal' THEN $1::bigint ELSE $2::bigint END WHERE kind = 'chief_technician'`, [municipal, district]);
    await q.query(`ALTER TABLE workshops ADD CONSTRAINT workshops_chief_technician_grant CHECK ((kind = 'chief_technician') = (grant_total_fen IS NOT NULL))`);
    await q.query(`ALTER TABLE workshops ADD COLUMN legacy_duplicate boolean NOT NULL DEFAULT false`);
    await q.query(`
      UPDATE workshops w SET legacy_duplicate = true
        FROM (SELECT id, row_number() OVER (PARTITION BY designation_id ORDER BY created_at, id) AS n FROM workshops WHERE kind = 'chief_technician') o
       WHERE o.id = w.id AND o.n > 1`);
    await q.query(`CREATE UNIQUE INDEX workshops_one_chief_technician_per_designation ON workshops (designation_id) WHERE kind = 'chief_technician' AND NOT legacy_duplicate`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workshops_one_chief_technician_per_designation`);
    await q.query(`ALTER TABLE workshops DROP COLUMN legacy_duplicate`);
    await q.query(`ALTER TABLE workshops DROP CONSTRAINT workshops_chief_technician_grant`);
    await q.query(`ALTER TABLE workshops DROP COLUMN grant_total_fen`);
  }
}
