import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail addressed to the district office or the city office goes to the one
 * organisation of that kind (issue 13 item 9): a second one — e.g. made by
 * another role with its own address — would receive the office's mail.
 * Existing duplicates are not guessed away: the migration stops and names
 * them, so the office decides which one is its own.
 */
export class OneOfficeOfEachKind1764000300000 implements MigrationInterface {
  name = 'OneOfficeOfEachKind1764000300000';

  async up(q: QueryRunner): Promise<void> {
    const duplicates: Array<{ kind: string; orgs: string }> = await q.query(
      `SELECT kind, string_agg(id || ' ' || name || ' (created ' || created_at || ')', '; ' ORDER BY created_at, id) AS orgs
         FROM organizations WHERE kind IN ('district_office','city_office')
        GROUP BY kind HAVING count(*) > 1`,
    );
    if (duplicates.length > 0) {
      const list = duplicates.map((d) => `${d.kind}: ${d.orgs}`).join(' | ');
      throw new Error(
        `there may be only one organisation of kind district_office and one of kind city_office, found more (${list}); ` +
          `delete or re-point the ones that are not the office's own (UPDATE users SET organization_id = <kept> WHERE organization_id = <other>; DELETE FROM organizations WHERE id = <other>), then start again`,
      );
    }
    await q.query(`CREATE UNIQUE INDEX organizations_one_office_idx ON organizations (kind) WHERE kind IN ('district_office','city_office')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX organizations_one_office_idx`);
  }
}
