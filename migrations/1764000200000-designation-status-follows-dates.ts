import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §3.1 (issue 12): status follows the dates. Until now approving an
 * adjustment suspended the designation at once, whatever its effectiveOn,
 * and even a completed one. Rows left that way are put back: a completed term
 * (completed_on set) is completed again; one suspended from a day still to
 * come is active again (the lifecycle job suspends it on that day), unless the
 * person holds another active designation meanwhile. Each change is on the
 * timeline and in the audit log.
 */
export class DesignationStatusFollowsDates1764000200000 implements MigrationInterface {
  name = 'DesignationStatusFollowsDates1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH restored AS (
        UPDATE designations SET status = 'completed', suspended_from = NULL
         WHERE status = 'suspended' AND completed_on IS NOT NULL
        RETURNING id, completed_on
      ), events AS (
        INSERT INTO designation_events (designation_id, on_date, kind, summary, data)
        SELECT id, completed_on, 'completed', '任期已届满：届满后的动态调整只追回津贴，不改变状态（数据更正）', '{"migration": true}' FROM restored
      )
      INSERT INTO audit_events (actor, action, entity_type, entity_id, before, after)
      SELECT 'migration', 'designation.status_corrected', 'designation', id::text, '{"status":"suspended"}', '{"status":"completed"}' FROM restored`);
    await q.query(`
      WITH today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d),
      restored AS (
        UPDATE designations x SET status = 'active', suspended_from = NULL
          FROM today
         WHERE x.status = 'suspended' AND x.completed_on IS NULL AND x.suspended_from > today.d
           AND NOT EXISTS (SELECT 1 FROM designations o WHERE o.talent_id = x.talent_id AND o.status = 'active')
           -- One per person (the latest term), so at most one becomes active.
           AND x.id = (SELECT y.id FROM designations y WHERE y.talent_id = x.talent_id AND y.status = 'suspended' AND y.completed_on IS NULL
                        AND y.suspended_from > today.d ORDER BY y.term_start DESC, y.id LIMIT 1)
        RETURNING x.id
      ), events AS (
        INSERT INTO designation_events (designation_id, on_date, kind, summary, data)
        SELECT id, (SELECT d FROM today), 'reactivated', '中止日期尚未到来，恢复为在册（数据更正）；到期由系统中止', '{"migration": true}' FROM restored
      )
      INSERT INTO audit_events (actor, action, entity_type, entity_id, before, after)
      SELECT 'migration', 'designation.status_corrected', 'designation', id::text, '{"status":"suspended"}', '{"status":"active"}' FROM restored`);
  }

  async down(): Promise<void> {
    // Data corrections only: the earlier statuses were the bug.
  }
}
