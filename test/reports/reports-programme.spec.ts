import { DashboardRepository } from '../../src/modules/reports/dashboard.repository';
import { creditCode, Given } from '../support/given';
import { PaymentsWorld } from '../support/payments-world';
import { binary, readSheets } from '../support/xlsx-read';

/**
 * Issue 18 items 1, 2 and 4: the dashboard, the yearly 考核情况 report and the
 * payment histories, built from a programme whose every figure the test knows,
 * and each workbook read back cell by cell.
 *
 * Two employers: 甲 (street A, industry authority X) and 乙 (street B, none).
 * Cohort 2024 (named 2024-06): a1, a2 at 甲; b1, b2 at 乙 — b1 suspended from
 * 2024-09-01 after being paid for it (a clawback), b2 registered late (arrears).
 * Cohort 2023 at staggered dates so that on 2024-10-15 one mid-term assessment is
 * overdue (c1, due 2024-08-31), one done unqualified (c2), one due soon (c3, 2024-10-31).
 * a1 leads a district chief technician workshop (a grant). Periods 2024-07 to
 * 2024-09 are closed, 2024-10 is open.
 */
describe('reports on a known programme', () => {
  let w: PaymentsWorld;
  let given: Given;
  let finance: string;
  const d: Record<string, { id: string; talentId: string }> = {};
  let emp1: { id: string; name: string };
  let emp2: { id: string; name: string };
  let streetA: { id: string; name: string };
  let streetB: { id: string; name: string };
  let authority: { id: string; name: string };
  const summaries: Record<string, { totals: { allowanceFen: number; grantFen: number; clawbackFen: number; netFen: number } }> = {};

  beforeAll(async () => {
    w = await PaymentsWorld.start();
    given = w.given;
    const http = () => w.t.http();
    finance = (await w.user('finance')).token;
    w.today('2024-07-01');
    streetA = (await given.organization({ name: '岳阳街道', kind: 'street' })) as typeof streetA;
    streetB = (await given.organization({ name: '永丰街道', kind: 'street' })) as typeof streetB;
    authority = (await given.organization({ name: '区教育局', kind: 'industry_authority' })) as typeof authority;
    emp1 = (await given.organization({ name: '甲精密机械有限公司', kind: 'employer', creditCode: creditCode(), streetId: streetA.id, industryAuthorityId: authority.id })) as typeof emp1;
    emp2 = (await given.organization({ name: '乙电子科技有限公司', kind: 'employer', creditCode: creditCode(), streetId: streetB.id })) as typeof emp2;
    const designate = async (key: string, employerId: string, designatedOn: string) => {
      const talent = await given.talent({ employerId, name: `技师${key}` });
      d[key] = await given.designation({ talentId: talent.id, designatedOn });
    };
    await designate('a1', emp1.id, '2024-06-15');
    await designate('a2', emp1.id, '2024-06-15');
    await designate('b1', emp2.id, '2024-06-15');
    await designate('c1', emp2.id, '2023-02-10');
    await designate('c2', emp1.id, '2023-03-10');
    await designate('c3', emp1.id, '2023-04-10');
    await http().post('/api/v1/workshops').send({ kind: 'chief_technician', name: '甲首席技师工作室', employerId: emp1.id, leadTalentId: d.a1.talentId, level: 'district', namedOn: '2024-07-01' }).expect(201);
    for (const p of ['2024-07', '2024-08']) {
      await w.run(p);
      await w.closePeriod(p, finance);
    }
    w.today('2024-09-01');
    await designate('b2', emp2.id, '2024-06-20');
    await w.run('2024-09');
    await w.closePeriod('2024-09', finance);
    w.today('2024-09-20');
    await w.suspend(d.b1.id, '2024-09-01');
    await w.run('2024-10');
    w.today('2024-10-15');
    await w.fileAdjustment(d.a2.id, '2025-03-01', 'other');
    await http().post('/api/v1/jobs/assessments/run').send({ asOf: '2024-10-15' }).expect(200);
    const tasks = (await http().get(`/api/v1/assessments?designationId=${d.c2.id}`).expect(200)).body.items;
    await http().post(`/api/v1/assessments/${tasks[0].id}/result`).send({ grade: 'unqualified', score: 52, assessedOn: '2024-09-20' }).expect(200);
    await http().post(`/api/v1/designations/${d.a1.id}/annual-reviews`).send({ year: 2024, grade: 'excellent', reviewedOn: '2024-10-10' }).expect(201);
    await http().post(`/api/v1/designations/${d.a2.id}/annual-reviews`).send({ year: 2024, grade: 'unqualified', reviewedOn: '2024-10-12' }).expect(201);
    for (const p of ['2024-07', '2024-08', '2024-09', '2024-10']) summaries[p] = await w.summary(p);
  }, 240_000);
  afterAll(() => w.close());

  it('counts designations by cohort, street, industry authority and status', async () => {
    const dash = (await w.t.http(finance).get('/api/v1/reports/dashboard').expect(200)).body;
    expect(dash.asOf).toBe('2024-10-15');
    const counts = (rows: Array<{ key: string | null; name: string | null; count: number }>) => rows.map((r) => [r.name ?? r.key, r.count]);
    expect(counts(dash.designations.activeByCohort)).toEqual([['2023', 3], ['2024', 3]]);
    expect(counts(dash.designations.activeByStreet).sort()).toEqual([['岳阳街道', 4], ['永丰街道', 2]]);
    expect(counts(dash.designations.activeByIndustryAuthority)).toEqual([['区教育局', 4], [null, 2]]);
    expect(counts(dash.designations.byStatus)).toEqual([['active', 6], ['suspended', 1]]);
    expect(dash.assessments.byKind).toEqual([{ kind: 'mid_term', dueSoon: 1, overdue: 1, done: 1 }]);
    expect(dash.adjustments.pending).toBe(3);
    expect(dash.adjustments.pendingByReason.map((r: { key: string; count: number }) => [r.key, r.count]).sort()).toEqual([
      ['annual_review_failed', 1],
      ['assessment_failed', 1],
      ['other', 1],
    ]);
    expect(dash.workshops.byStatus).toEqual([{ kind: 'chief_technician', status: 'active', count: 1 }]);
  });

  it('shows per run period the same money as the payment runs, closed periods and the open one alike', async () => {
    const dash = (await w.t.http().get('/api/v1/reports/dashboard').expect(200)).body;
    expect(dash.payments.months).toHaveLength(36);
    expect([dash.payments.from, dash.payments.to]).toEqual(['2021-11', '2024-10']);
    const byPeriod = new Map(dash.payments.months.map((m: { period: string }) => [m.period, m]));
    let net = 0;
    for (const [period, s] of Object.entries(summaries)) {
      const m = byPeriod.get(period) as { regularFen: number; arrearsFen: number; clawbackFen: number; grantFen: number; netFen: number };
      expect({ period, allowanceFen: m.regularFen + m.arrearsFen, grantFen: m.grantFen, clawbackFen: m.clawbackFen, netFen: m.netFen }).toEqual({ period, ...s.totals });
      net += s.totals.netFen;
    }
    expect(dash.payments.totals.netFen).toBe(net);
    // The world has each kind: arrears (c1's months before 2024-07), a clawback (b1), a grant.
    const oct = byPeriod.get('2024-10') as { clawbackFen: number };
    const jul = byPeriod.get('2024-07') as { arrearsFen: number };
    const aug = byPeriod.get('2024-08') as { grantFen: number };
    expect(oct.clawbackFen).toBe(-100000);
    expect(jul.arrearsFen).toBeGreaterThan(0);
    expect(aug.grantFen).toBe(1666666); // the first instalment, in the month after the workshop was registered
    expect(dash.payments.months.filter((m: { netFen: number }) => m.netFen !== 0).map((m: { period: string }) => m.period)).toEqual(['2024-07', '2024-08', '2024-09', '2024-10']);
  });

  it('gives the numbers behind every chart as xlsx, and one chart alone', async () => {
    const res = await binary(w.t.http(finance).get('/api/v1/reports/dashboard?format=xlsx')).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['cache-control']).toBe('no-store');
    const sheets = await readSheets(res.body as Buffer);
    expect(Object.keys(sheets)).toEqual(['按届别', '按街镇', '按行业主管单位', '按状态', '按月发放', '考核', '动态调整', '工作室']);
    expect(sheets['按届别']).toEqual([['在期首席技师：按届别（截至 2024-10-15）'], ['届别', '人数'], ['2023届', 3], ['2024届', 3], ['合计', 6]]);
    expect(sheets['按行业主管单位'].slice(1)).toEqual([['行业主管单位', '人数'], ['区教育局', 4], ['（无行业主管单位）', 2], ['合计', 6]]);
    expect(sheets['按状态'].slice(2)).toEqual([['在期', 6], ['中止', 1], ['合计', 7]]);
    expect(sheets['考核'].slice(1)).toEqual([['考核类型', '30天内到期', '已逾期', '已完成'], ['届中考核', 1, 1, 1], ['合计', 1, 1, 1]]);
    expect(sheets['工作室'].slice(2)).toEqual([['首席技师工作室', '正常', 1], ['合计', null, 1]]);
    const money = sheets['按月发放'];
    expect(money[1]).toEqual(['发放期间', '正常（元）', '补发（元）', '追回（元）', '工作室资助（元）', '实发合计（元）']);
    expect(money).toHaveLength(2 + 36 + 1);
    const oct = money.find((r) => r[0] === '2024-10')!;
    expect(oct[5]).toBe(summaries['2024-10'].totals.netFen / 100);
    expect(oct[3]).toBe(-1000);
    const total = Object.values(summaries).reduce((s, x) => s + x.totals.netFen, 0);
    expect(money[money.length - 1][0]).toBe('合计');
    expect(money[money.length - 1][5]).toBeCloseTo(total / 100, 2);
    const one = await readSheets((await binary(w.t.http().get('/api/v1/reports/dashboard?format=xlsx&chart=street')).expect(200)).body as Buffer);
    expect(Object.keys(one)).toEqual(['按街镇']);
    expect(one['按街镇'].slice(2, 4).sort()).toEqual([['岳阳街道', 4], ['永丰街道', 2]]);
  });

  it('refuses an unknown chart or format with a 400 naming it', async () => {
    expect((await w.t.http().get('/api/v1/reports/dashboard?chart=pie&format=xlsx').expect(400)).body.message.join(' ')).toContain('chart');
    expect((await w.t.http().get('/api/v1/reports/dashboard?format=pdf').expect(400)).body.message.join(' ')).toContain('format');
  });

  it('lists the year’s assessments and annual reviews with grade, organiser, date and the adjustments they caused (考核情况)', async () => {
    const report = (await w.t.http().get('/api/v1/reports/assessments/2024').expect(200)).body;
    const rows = report.items.map((i: Record<string, unknown>) => [i.kind, i.talentName, i.organizer, i.assessedOn ?? i.dueOn, i.grade, (i.adjustment as { reason: string } | null)?.reason ?? null]);
    expect(rows).toEqual([
      ['mid_term', '技师c1', '永丰街道', '2024-08-31', null, null],
      ['mid_term', '技师c2', '区教育局', '2024-09-20', 'unqualified', 'assessment_failed'],
      ['mid_term', '技师c3', '区教育局', '2024-10-31', null, null],
      ['annual_review', '技师a1', '甲精密机械有限公司', '2024-10-10', 'excellent', null],
      ['annual_review', '技师a2', '甲精密机械有限公司', '2024-10-12', 'unqualified', 'annual_review_failed'],
    ]);
    expect(report.summary.find((s: { kind: string }) => s.kind === 'mid_term')).toMatchObject({ total: 3, notHeld: 2, adjustments: 1, grades: { unqualified: 1 } });

    const sheets = await readSheets((await binary(w.t.http().get('/api/v1/reports/assessments/2024?format=xlsx')).expect(200)).body as Buffer);
    expect(sheets['汇总'].slice(1)).toEqual([
      ['考核类型', '人次', '优秀', '合格', '基本合格', '不合格', '未考核', '引起动态调整'],
      ['届中考核', 3, 0, 0, 0, 1, 2, 1],
      ['届满考核', 0, 0, 0, 0, 0, 0, 0],
      ['日常考查', 2, 1, 0, 0, 1, 0, 1],
      ['合计', 5, 1, 0, 0, 2, 2, 2],
    ]);
    const detail = sheets['明细'];
    expect(detail[1]).toEqual(['序号', '考核类型', '姓名', '身份证号', '工作单位', '届别', '组织单位', '考核日期', '等次', '分数', '状态', '引起的动态调整']);
    expect(detail[3]).toEqual([2, '届中考核', '技师c2', expect.stringMatching(/^\d{2}\*{12}\d{3}[\dX]$/), '甲精密机械有限公司', '2023', '区教育局', '2024-09-20', '不合格', 52, '已完成', '考核不合格，自 2024-09-20 起中止（待决定）']);
    expect(detail[2].slice(6, 11)).toEqual(['永丰街道', null, null, null, '已逾期未考核（2024-08-31 到期）']);
    expect(detail[6].slice(1, 3)).toEqual(['日常考查', '技师a2']);
    expect(detail[6][11]).toBe('日常考查不合格，自 2024-10-12 起中止（待决定）');
    expect(detail).toHaveLength(7);

    const html = await w.t.http().get('/api/v1/reports/assessments/2024?format=html').expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('2024年度松江区首席技师考核情况');
    expect(html.text).toContain('考核不合格，自 2024-09-20 起中止（待决定）');
    expect(html.text).toContain('@page { size: A4 landscape');
    expect((await w.t.http().get('/api/v1/reports/assessments/2023').expect(200)).body.items).toEqual([]);
    expect((await w.t.http().get('/api/v1/reports/assessments/1999').expect(400)).body.message).toContain('year');
    await w.t.http(finance).get('/api/v1/reports/assessments/2024').expect(403);
  });

  it('gives one person’s payment history, all of it or since a period, as xlsx matching the ledger', async () => {
    const ledger = (await w.t.http().get(`/api/v1/designations/${d.b1.id}/payments`).expect(200)).body.items as Array<{ runPeriod: string; amountFen: number; kind: string }>;
    const all = (await w.t.http(finance).get(`/api/v1/reports/payment-history/talents/${d.b1.talentId}`).expect(200)).body;
    expect(all.items.map((l: { runPeriod: string; amountFen: number; kind: string }) => [l.runPeriod, l.kind, l.amountFen])).toEqual(ledger.map((l) => [l.runPeriod, l.kind, l.amountFen]));
    expect(all.totalFen).toBe(200000); // 07, 08 (paid in 07, 08), 09 paid in 09 and clawed back in 10
    expect(all.payee.identifier).toMatch(/^\d{2}\*{12}/);
    const since = (await w.t.http(finance).get(`/api/v1/reports/payment-history/talents/${d.b1.talentId}?since=2024-09`).expect(200)).body;
    expect(since.byPeriod).toEqual([
      { runPeriod: '2024-09', allowanceFen: 100000, clawbackFen: 0, grantFen: 0, netFen: 100000 },
      { runPeriod: '2024-10', allowanceFen: 0, clawbackFen: -100000, grantFen: 0, netFen: -100000 },
    ]);
    const res = await binary(w.t.http(finance).get(`/api/v1/reports/payment-history/talents/${d.b1.talentId}?since=2024-09&format=xlsx`)).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const sheets = await readSheets(res.body as Buffer);
    expect(sheets['汇总'].slice(1)).toEqual([['发放期间', '津贴（元）', '追回（元）', '工作室资助（元）', '合计（元）'], ['2024-09', 1000, 0, 0, 1000], ['2024-10', 0, -1000, 0, -1000], ['合计', 1000, -1000, 0, 0]]);
    expect(sheets['明细'].slice(2)).toEqual([
      [1, '2024-09', '2024-09', '技师b1', '2024', 3, '正常', 1000],
      [2, '2024-10', '2024-09', '技师b1', '2024', 3, '追回', -1000, expect.any(String)],
      ['合计', null, null, null, null, null, null, 0],
    ].map((r) => r.filter((c) => c !== undefined)));
    await w.t.http(finance).get(`/api/v1/reports/payment-history/talents/${d.b1.talentId}?since=2024-13`).expect(400);
    await w.t.http(finance).get(`/api/v1/reports/payment-history/talents/00000000-0000-4000-8000-000000000009`).expect(404);
  });

  it('gives an employer’s history: its grants and the allowances of the people who worked for it when paid, even after they moved', async () => {
    const before = (await w.t.http(finance).get(`/api/v1/reports/payment-history/employers/${emp2.id}`).expect(200)).body;
    const people = new Set(before.items.map((l: { subject: string }) => l.subject));
    expect([...people].sort()).toEqual(['技师b1', '技师b2', '技师c1']);
    const ledgerTotal = async (designationId: string) =>
      ((await w.t.http().get(`/api/v1/designations/${designationId}/payments`).expect(200)).body.items as Array<{ amountFen: number }>).reduce((s, l) => s + l.amountFen, 0);
    expect(before.totalFen).toBe((await ledgerTotal(d.b1.id)) + (await ledgerTotal(d.b2.id)) + (await ledgerTotal(d.c1.id)));
    const emp1History = (await w.t.http(finance).get(`/api/v1/reports/payment-history/employers/${emp1.id}?since=2024-07`).expect(200)).body;
    expect(emp1History.items.filter((l: { kind: string }) => l.kind === 'grant').map((l: { subject: string; amountFen: number }) => [l.subject, l.amountFen])).toEqual([['甲首席技师工作室', 1666666]]);

    // c1 moves to 甲: what 乙 was paid for c1 stays 乙's; 甲's history does not gain it.
    await w.t.http().patch(`/api/v1/talents/${d.c1.talentId}`).send({ employerId: emp1.id }).expect(200);
    const after = (await w.t.http(finance).get(`/api/v1/reports/payment-history/employers/${emp2.id}`).expect(200)).body;
    expect(after.totalFen).toBe(before.totalFen);
    const emp1After = (await w.t.http(finance).get(`/api/v1/reports/payment-history/employers/${emp1.id}?since=2024-07`).expect(200)).body;
    expect(emp1After.items.some((l: { subject: string }) => l.subject === '技师c1')).toBe(false);
    const sheets = await readSheets((await binary(w.t.http(finance).get(`/api/v1/reports/payment-history/employers/${emp2.id}?format=xlsx`)).expect(200)).body as Buffer);
    expect(sheets['明细']).toHaveLength(2 + after.items.length + 1);
    expect(sheets['明细'][sheets['明细'].length - 1][7]).toBeCloseTo(after.totalFen / 100, 2);
    await w.t.http(finance).get(`/api/v1/reports/payment-history/employers/${streetA.id}`).expect(404);
    void streetB;
  });

  it('follows a person who moved employer, and folding the counts changes no figure', async () => {
    // c1 moved from 乙 (永丰街道, no authority) to 甲 (岳阳街道, 区教育局) in the test before.
    const before = (await w.t.http().get('/api/v1/reports/dashboard').expect(200)).body.designations;
    const counts = (rows: Array<{ key: string | null; name: string | null; count: number }>) => rows.map((r) => [r.name ?? r.key, r.count]);
    expect(counts(before.activeByStreet).sort()).toEqual([['岳阳街道', 5], ['永丰街道', 1]]);
    expect(counts(before.activeByIndustryAuthority)).toEqual([['区教育局', 5], [null, 1]]);
    const deltas = async () => Number((await w.t.db.query(`SELECT count(*) AS n FROM report_designation_deltas`))[0].n);
    expect(await deltas()).toBeGreaterThan(4);
    await w.t.app.get(DashboardRepository).compactDesignationCounts();
    expect(await deltas()).toBe(4); // 甲 2023 active, 甲 2024 active, 乙 2024 active, 乙 2024 suspended
    expect((await w.t.http().get('/api/v1/reports/dashboard').expect(200)).body.designations).toEqual(before);
  });
});
