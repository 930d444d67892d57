import { DesignationStatusFollowsDates1764000200000 } from '../../migrations/1764000200000-designation-status-follows-dates';
import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/** Rows the old approval left behind (suspended at once, even completed ones) are put back by the migration. */
describe('migration: designation status follows the dates', () => {
  let t: TestApp;
  let given: Given;
  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
  });
  afterAll(() => t.close());

  const statusOf = async (id: string) => (await t.db.query(`SELECT status, suspended_from::text FROM designations WHERE id = $1`, [id]))[0];
  const set = (id: string, fields: string) => t.db.query(`UPDATE designations SET ${fields} WHERE id = $1`, [id]);

  it('restores completed terms and future suspensions, and leaves the rest', async () => {
    const completed = await given.designation({ designatedOn: '2022-06-15' });
    await set(completed.id, `status = 'suspended', completed_on = '2025-07-01', suspended_from = '2025-01-01'`);
    const future = await given.designation({ designatedOn: '2025-06-15' });
    await set(future.id, `status = 'suspended', suspended_from = '2028-05-01'`);
    const past = await given.designation({ designatedOn: '2025-06-15' });
    await set(past.id, `status = 'suspended', suspended_from = '2025-09-01'`);
    // Re-designated meanwhile (the old bug): the earlier one cannot become active again.
    const earlier = await given.designation({ designatedOn: '2025-06-15' });
    const a = await t.http().post(`/api/v1/designations/${earlier.id}/adjustments`).send({ reason: 'other', effectiveOn: '2026-01-01' }).expect(201);
    await t.http().post(`/api/v1/adjustments/${a.body.id}/decision`).send({ decision: 'approve' }).expect(200);
    await given.designation({ talentId: earlier.talentId, designatedOn: '2025-12-20' });
    await set(earlier.id, `suspended_from = '2028-01-01'`);

    const runner = t.db.createQueryRunner();
    try {
      await new DesignationStatusFollowsDates1764000200000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await statusOf(completed.id)).toEqual({ status: 'completed', suspended_from: null });
    expect(await statusOf(future.id)).toEqual({ status: 'active', suspended_from: null });
    expect(await statusOf(past.id)).toEqual({ status: 'suspended', suspended_from: '2025-09-01' });
    expect(await statusOf(earlier.id)).toEqual({ status: 'suspended', suspended_from: '2028-01-01' });
    const audits = await t.db.query(`SELECT entity_id, after FROM audit_events WHERE action = 'designation.status_corrected' ORDER BY after->>'status'`);
    expect(audits).toEqual([
      { entity_id: future.id, after: { status: 'active' } },
      { entity_id: completed.id, after: { status: 'completed' } },
    ]);
  });
});
