import { idNumberFor, Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15 item 7: finance finds a period's lines by name or the ID number's
 * last 4 and opens a person's whole ledger; the register finds people by any
 * part of the name or by ID number (keyed hash); the audit log by person and
 * action, with the actor's name. Searches stay on indexes and never echo an ID number.
 */
describe('finding things', () => {
  let t: TestApp;
  let given: Given;
  let finance: string;
  const xiuyingId = idNumberFor('1979-03-08', 'female');
  let xiuying: { id: string };
  let jianguo: { id: string };
  let first: { id: string };
  let second: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    t.clock.setDate('2024-09-02');
    const employer = await given.employer({ name: '上海松江精工机械有限公司' });
    xiuying = await given.talent({ employerId: employer.id, name: '王秀英', idNumber: xiuyingId, retirementCategory: 'female_cadre' });
    jianguo = await given.talent({ employerId: employer.id, name: '王建国' });
    await given.talent({ name: '李英明' });
    first = await given.designation({ talentId: xiuying.id, designatedOn: '2021-06-15', cohort: '2021' });
    // The first term is ended by an approved adjustment, so a second one can follow.
    const adj = await t.http().post(`/api/v1/designations/${first.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2024-01-01' }).expect(201);
    await t.http().post(`/api/v1/adjustments/${adj.body.id}/decision`).send({ decision: 'approve' }).expect(200);
    second = await given.designation({ talentId: xiuying.id, designatedOn: '2024-06-15', cohort: '2024' });
    other = await given.designation({ talentId: jianguo.id, designatedOn: '2024-06-15' });
    // The employer's grant: its workshop's first instalment falls in 2024-08.
    await t.http().post('/api/v1/workshops').send({ kind: 'chief_technician', name: '王建国首席技师工作室', employerId: employer.id, leadTalentId: jianguo.id, level: 'district', namedOn: '2024-07-10' }).expect(201);
    finance = (await t.http().post('/api/v1/users').send({ name: '李会计', role: 'finance' }).expect(201)).body.token;
    await t.http(finance).post('/api/v1/payment-runs').send({ period: '2024-09' }).expect(200);
  });
  afterAll(() => t.close());

  it('finds a period’s lines by any part of the payee’s name or the last 4 of the ID number', async () => {
    const lines = (q: string) => t.http(finance).get(`/api/v1/payment-runs/2024-09/lines?q=${encodeURIComponent(q)}&limit=200`).expect(200);
    const all = (await t.http(finance).get('/api/v1/payment-runs/2024-09/lines?limit=200').expect(200)).body.items;
    const byName = (await lines('秀英')).body.items;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((l: { payee: string }) => l.payee === '王秀英')).toBe(true);
    expect(byName.length).toBe(all.filter((l: { payee: string }) => l.payee === '王秀英').length);
    expect(new Set(byName.map((l: { designationId: string }) => l.designationId))).toEqual(new Set([first.id, second.id]));
    const bySurname = (await lines('王')).body.items;
    expect(new Set(bySurname.map((l: { payee: string }) => l.payee))).toEqual(new Set(['王秀英', '王建国']));
    const byLast4 = (await lines(xiuyingId.slice(-4))).body.items;
    expect(byLast4.map((l: { id: string }) => l.id)).toEqual(byName.map((l: { id: string }) => l.id));
    expect((await lines('秀国')).body.items).toEqual([]);
    const byEmployer = (await lines('精工')).body.items;
    expect(byEmployer.length).toBeGreaterThan(0);
    expect(byEmployer.every((l: { kind: string; payee: string }) => l.kind === 'grant' && l.payee === '上海松江精工机械有限公司')).toBe(true);
    expect((await lines('%')).body.items).toEqual([]);
    // Pages of a search follow each other like any list's.
    const page1 = (await t.http(finance).get(`/api/v1/payment-runs/2024-09/lines?q=${encodeURIComponent('王')}&limit=2`).expect(200)).body;
    const page2 = (await t.http(finance).get(`/api/v1/payment-runs/2024-09/lines?q=${encodeURIComponent('王')}&limit=200&cursor=${page1.nextCursor}`).expect(200)).body;
    expect([...page1.items, ...page2.items].map((l: { id: string }) => l.id)).toEqual(bySurname.map((l: { id: string }) => l.id));
    const tooLong = await t.http(finance).get(`/api/v1/payment-runs/2024-09/lines?q=${'x'.repeat(51)}`).expect(400);
    expect(tooLong.body.fields).toEqual([{ field: 'q', constraint: 'isLength' }]);
  });

  it('opens a person’s whole ledger: every line of every designation over all periods', async () => {
    const ledger = (await t.http(finance).get(`/api/v1/talents/${xiuying.id}/payments`).expect(200)).body;
    expect(ledger.nextCursor).toBeNull();
    expect(new Set(ledger.items.map((l: { designationId: string }) => l.designationId))).toEqual(new Set([first.id, second.id]));
    expect(ledger.items.find((l: { designationId: string }) => l.designationId === first.id)).toMatchObject({ cohort: '2021', runPeriod: '2024-09' });
    const byDesignation = [
      ...(await t.http(finance).get(`/api/v1/designations/${first.id}/payments`).expect(200)).body.items,
      ...(await t.http(finance).get(`/api/v1/designations/${second.id}/payments`).expect(200)).body.items,
    ];
    expect(ledger.items).toHaveLength(byDesignation.length);
    expect(ledger.items.map((l: { amountFen: number }) => l.amountFen).reduce((a: number, b: number) => a + b, 0)).toBe(
      byDesignation.map((l: { amountFen: number }) => l.amountFen).reduce((a: number, b: number) => a + b, 0),
    );
    expect(JSON.stringify(ledger)).not.toContain(xiuyingId.slice(6, 14));
    const missing = await t.http(finance).get('/api/v1/talents/00000000-0000-4000-8000-000000000000/payments').expect(404);
    expect(missing.body.code).toBe('TALENT_NOT_FOUND');
  });

  it('finds the register by any part of the name, or by the full ID number through its keyed hash', async () => {
    const names = async (path: string) => (await t.http().get(path).expect(200)).body.items.map((x: { talentName?: string; name?: string }) => x.talentName ?? x.name).sort();
    expect(await names(`/api/v1/talents?q=${encodeURIComponent('英')}`)).toEqual(['李英明', '王秀英']);
    expect(await names(`/api/v1/talents?q=${encodeURIComponent('秀英')}`)).toEqual(['王秀英']);
    expect(await names(`/api/v1/designations?q=${encodeURIComponent('建')}`)).toEqual(['王建国']);
    expect(await names(`/api/v1/designations?q=${encodeURIComponent('英')}`)).toEqual(['王秀英', '王秀英']);
    const found = await t.http().post('/api/v1/talents/lookup').send({ idNumber: xiuyingId }).expect(200);
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([xiuying.id]);
    expect(JSON.stringify(found.body)).not.toContain(xiuyingId);
    const designations = await t.http().get(`/api/v1/designations?talentId=${xiuying.id}`).expect(200);
    expect(designations.body.items.map((d: { id: string }) => d.id).sort()).toEqual([first.id, second.id].sort());
    // A part of an ID number finds no one: the number is matched whole, by its hash.
    await t.http().post('/api/v1/talents/lookup').send({ idNumber: xiuyingId.slice(0, 17) }).expect(400);
  });

  it('filters the audit log by person and by action, naming the actor', async () => {
    const events = async (q: string) => (await t.http().get(`/api/v1/audit-events?${q}&limit=200`).expect(200)).body.items;
    const aboutXiuying = await events(`person=${encodeURIComponent('秀英')}`);
    const subjects = new Set(aboutXiuying.map((e: { entityId: string }) => e.entityId));
    expect([...subjects].sort()).toEqual(expect.arrayContaining([xiuying.id, first.id, second.id]));
    expect(subjects.has(other.id)).toBe(false);
    expect(subjects.has(jianguo.id)).toBe(false);
    expect(aboutXiuying.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['talent.created', 'designation.created', 'adjustment.proposed']));
    const created = await events(`action=designation.created,talent.created`);
    expect(new Set(created.map((e: { action: string }) => e.action))).toEqual(new Set(['designation.created', 'talent.created']));
    expect(created).toHaveLength(3 + 3);
    const byFinance = await events(`action=payment_run.completed`);
    expect(byFinance[0]).toMatchObject({ actorName: '李会计', entityId: '2024-09' });
    expect((await events(`person=${encodeURIComponent('李会计')}&action=user.created`)).map((e: { actorName: string }) => e.actorName)).toEqual(['区协调小组办公室管理员']);
    await t.http().get('/api/v1/audit-events?action=DROP%20TABLE').expect(400);
  });

  it('keeps the searches on indexes', async () => {
    const plan = async (sql: string, params: unknown[]) => {
      const runner = t.db.createQueryRunner();
      try {
        await runner.query('BEGIN');
        await runner.query('SET LOCAL enable_seqscan = off');
        const rows: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN ${sql}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await runner.query('ROLLBACK');
        await runner.release();
      }
    };
    expect(await plan(`SELECT id FROM talents WHERE name_grams(name) @> $1::text[] AND strpos(lower(name), $2) > 0`, [['秀英'], '秀英'])).toContain('talents_name_grams_idx');
    expect(await plan(`SELECT id FROM talents WHERE right(id_number_masked, 4) = $1`, ['0015'])).toContain('talents_id_last4_idx');
    expect(await plan(`SELECT id FROM audit_events WHERE action = ANY($1::text[]) ORDER BY id DESC LIMIT 50`, [['talent.created']])).toContain('audit_events_action_idx');
  });
});
