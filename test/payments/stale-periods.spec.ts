import ExcelJS from 'exceljs';
import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15 item 1, SPEC §3.2 "figures are never silently out of date": after
 * an adjustment is decided (or a title, a designation, an opening row or a
 * workshop comes) the open period's summary says it is stale and for how many
 * designations; closing it is 409 naming the rule until it is run again; each
 * run has a number. And item 3's money effect of an adjustment before it is
 * approved: 停发自, 追回.
 */
describe('payment runs: stale periods, run numbers, the money effect of an adjustment', () => {
  let t: TestApp;
  let given: Given;
  let finance: string;
  let employerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    finance = (await t.http().post('/api/v1/users').send({ name: '人社财务', role: 'finance' }).expect(201)).body.token;
    employerId = (await given.employer()).id;
  });
  afterAll(() => t.close());

  const run = async (period: string) => (await t.http(finance).post('/api/v1/payment-runs').send({ period }).expect(200)).body;
  const summary = async (period: string) => (await t.http(finance).get(`/api/v1/payment-runs/${period}`).expect(200)).body;
  const close = (period: string) => t.http(finance).post(`/api/v1/payment-runs/${period}/close`);
  const xlsxOf = async (period: string) => {
    const res = await t
      .http(finance)
      .get(`/api/v1/payment-runs/${period}/roster?type=allowance&format=xlsx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ExcelJS.Buffer);
    return { workbook, fileName: decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(res.headers['content-disposition'])![1]) };
  };
  const person = async (designatedOn: string) => {
    const talent = await given.talent({ employerId });
    return { ...(await given.designation({ talentId: talent.id, designatedOn })), talentName: String(talent.name) };
  };

  it('marks the period stale when an approved adjustment changes its lines, refuses to close it, and numbers the re-run', async () => {
    const retiree = await person('2025-12-10');
    const other = await person('2025-12-10');
    const bystander = await person('2025-12-10');
    t.clock.setDate('2026-03-02');
    const first = await run('2026-03');
    expect(first).toMatchObject({ period: '2026-03', runNumber: 1, stale: false, staleDesignations: 0, counts: { regular: 3, arrears: 6 } });
    expect(await summary('2026-03')).toMatchObject({ runNumber: 1, stale: false, staleDesignations: 0 });

    // The office records the retirement late: pending, the months from 2026-01 are held, nothing paid changes yet.
    const adjustment = (await t.http().post(`/api/v1/designations/${retiree.id}/adjustments`).send({ reason: 'retired', effectiveOn: '2026-01-01' }).expect(201)).body;
    const effect = (await t.http().get(`/api/v1/adjustments/${adjustment.id}/effect`).expect(200)).body;
    expect(effect).toMatchObject({ adjustmentId: adjustment.id, effectiveOn: '2026-01-01', stopsOn: '2026-01-01', clawbackFen: -300000, grantClawbackFen: 0 });
    expect(effect.months).toEqual([
      { forPeriod: '2026-01', paidFen: 100000 },
      { forPeriod: '2026-02', paidFen: 100000 },
      { forPeriod: '2026-03', paidFen: 100000 },
    ]);
    // A pending adjustment holds the months at the next run: the report would change, so the period is stale too.
    expect(await summary('2026-03')).toMatchObject({ stale: true, staleDesignations: 1 });

    await t.http().post(`/api/v1/adjustments/${adjustment.id}/decision`).send({ decision: 'approve' }).expect(200);
    // A higher title recorded late: February and March go to it.
    await t.http().post(`/api/v1/talents/${other.talentId}/titles`).send({ title: '区领军人才', monthlyAmountFen: 150000, validFrom: '2026-02-01' }).expect(201);
    const stale = await summary('2026-03');
    expect(stale).toMatchObject({ status: 'open', runNumber: 1, stale: true, staleDesignations: 2 });
    // The list says so too.
    const listed = (await t.http(finance).get('/api/v1/payment-runs').expect(200)).body.items;
    expect(listed[0]).toMatchObject({ period: '2026-03', stale: true, staleDesignations: 2 });

    const refused = await close('2026-03').expect(409);
    expect(refused.body.message).toMatch(/stale.*2 designation.*run it again before closing/);
    expect((await summary('2026-03')).status).toBe('open');
    // A roster exported meanwhile says on each sheet that it is not what a run would pay now.
    const staleRoster = await xlsxOf('2026-03');
    for (const name of ['汇总', '明细']) expect(String(staleRoster.workbook.getWorksheet(name)!.getCell('A1').value)).toContain('自上次核算后 2 人有变化，请重新核算后再据此发放');

    const rerun = await run('2026-03');
    expect(rerun).toMatchObject({ runNumber: 2, stale: false, staleDesignations: 0, counts: { clawback: 5 } });
    expect(await summary('2026-03')).toMatchObject({ runNumber: 2, stale: false, staleDesignations: 0 });
    // The roster carries the run number; on its 汇总 a month paid and recovered in this very period is netted away.
    const { workbook, fileName } = await xlsxOf('2026-03');
    expect(fileName).toBe('首席技师津贴发放名册-2026-03-第2次核算.xlsx');
    const summarySheet = workbook.getWorksheet('汇总')!;
    expect(String(summarySheet.getCell('A1').value)).toContain('第 2 次核算');
    expect(String(summarySheet.getCell('A1').value)).not.toContain('请重新核算');
    const rowOf = (name: string) => {
      for (let r = 3; r <= summarySheet.rowCount; r++) if (summarySheet.getRow(r).getCell(2).value === name) return [6, 7, 8, 9, 10].map((c) => summarySheet.getRow(r).getCell(c).value);
      throw new Error(`no row for ${name}`);
    };
    // The retiree: January to March paid and all three recovered in 2026-03: nothing paid, nothing recovered.
    expect(rowOf(String(retiree.talentName))).toEqual([0, 0, 0, 0, 0]);
    // The other: February and March went to the higher title: January stays, as arrears.
    expect(rowOf(String(other.talentName))).toEqual([0, 1, 0, 0, 1000]);
    expect(rowOf(String(bystander.talentName))).toEqual([1, 2, 0, 0, 3000]);

    // Once run, what is clawed back is on the ledger: the effect counts nothing any more.
    expect((await t.http().get(`/api/v1/adjustments/${adjustment.id}/effect`).expect(200)).body).toMatchObject({ clawbackFen: 0, months: [] });

    // A change that touches no line of the period (a designation whose term starts later) leaves it fresh.
    t.clock.setDate('2026-03-20');
    await person('2026-03-15');
    expect(await summary('2026-03')).toMatchObject({ stale: false, staleDesignations: 0 });
    expect((await t.http(finance).get(`/api/v1/payment-runs/2026-03/lines?kind=clawback&limit=200`).expect(200)).body.items.every((l: { designationId: string }) => l.designationId !== bystander.id)).toBe(true);

    const closed = (await close('2026-03').expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', runNumber: 2, stale: false });
    await close('2026-03').expect(409);
  });

  it('counts a new designation with months owed and a new workshop grant; only the latest period goes stale', async () => {
    t.clock.setDate('2026-04-02');
    await run('2026-04');
    expect(await summary('2026-04')).toMatchObject({ runNumber: 1, stale: false });
    const late = await person('2026-01-20');
    expect(await summary('2026-04')).toMatchObject({ stale: true, staleDesignations: 1 });
    await run('2026-04');
    expect(await summary('2026-04')).toMatchObject({ runNumber: 2, stale: false });

    // A workshop registered now is owed its first instalment in 2026-05: not stale for April.
    const lead = await person('2025-11-10');
    await run('2026-04');
    await t.http().post('/api/v1/workshops').send({ kind: 'chief_technician', name: '张工首席技师工作室', employerId, leadTalentId: lead.talentId, level: 'district', namedOn: '2026-02-10' }).expect(201);
    expect(await summary('2026-04')).toMatchObject({ runNumber: 3, stale: true, staleDesignations: 1 });
    await run('2026-04');
    expect(await summary('2026-04')).toMatchObject({ runNumber: 4, stale: false, counts: { grant: 1 } });

    // An earlier open period cannot be run again: its changes go into the latest one, which is the one that says so.
    t.clock.setDate('2026-05-02');
    await run('2026-05');
    await t.http().post(`/api/v1/designations/${late.id}/adjustments`).send({ reason: 'other', effectiveOn: '2026-03-01' }).expect(201);
    expect(await summary('2026-04')).toMatchObject({ status: 'open', stale: false });
    expect(await summary('2026-05')).toMatchObject({ stale: true, staleDesignations: 1 });
    await close('2026-04').expect(200);
    await close('2026-05').expect(409);
  });

  it('states no clawback for an adjustment effective mid-month: the allowance stops from the next month', async () => {
    const d = await person('2025-10-10');
    t.clock.setDate('2026-05-10');
    await run('2026-05');
    const a = (await t.http().post(`/api/v1/designations/${d.id}/adjustments`).send({ reason: 'position_changed', effectiveOn: '2026-04-15' }).expect(201)).body;
    const effect = (await t.http().get(`/api/v1/adjustments/${a.id}/effect`).expect(200)).body;
    expect(effect).toMatchObject({ effectiveOn: '2026-04-15', stopsOn: '2026-05-01', clawbackFen: -100000, months: [{ forPeriod: '2026-05', paidFen: 100000 }] });
    await t.http().get('/api/v1/adjustments/00000000-0000-4000-8000-000000000000/effect').expect(404);
    await t.http(finance).get(`/api/v1/adjustments/${a.id}/effect`).expect(403);
  });
});
