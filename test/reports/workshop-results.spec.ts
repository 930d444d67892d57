import { Given } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { binary, readSheets } from '../support/xlsx-read';
import { userWithRole } from '../support/http';

/**
 * Issue 18 item 3: workshops' yearly results, recorded by their unit union (or
 * the district office), and the unions' statistics forms built from them and the
 * registry (004 附件2, 001 附件3), read back cell by cell.
 *
 * 区总工会 D has two unit unions, U1 and U2. W1 (U1, named 2023) and W2 (U2, named
 * 2024) are craftsman innovation workshops; W3 (U2) was revoked; W4 (U1) is named in 2025.
 */
describe('workshop annual results and the unions’ forms', () => {
  let t: TestApp;
  let given: Given;
  const union: Record<string, { id: string; token: string }> = {};
  const ws: Record<string, string> = {};
  let city: string;
  let finance: string;

  const record = (workshop: string, token: string | undefined, body: Record<string, unknown>) => t.http(token).post(`/api/v1/workshops/${ws[workshop]}/annual-results`).send(body);
  const form = async (unionId: string, year: number, token?: string, query = '') => readSheets((await binary(t.http(token).get(`/api/v1/reports/workshops/${unionId}/${year}${query}`)).expect(200)).body as Buffer);

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    t.clock.setDate('2025-11-20');
    const district = await given.organization({ name: '松江区总工会', kind: 'union', level: 'district' });
    for (const name of ['U1', 'U2']) {
      const u = await given.organization({ name: `${name}单位工会`, kind: 'union', level: 'unit', parentId: district.id });
      union[name] = { id: u.id, token: await userWithRole(t, 'union', u.id) };
    }
    union.D = { id: district.id, token: await userWithRole(t, 'union', district.id) };
    const other = await given.organization({ name: '外区总工会', kind: 'union', level: 'district' });
    union.X = { id: other.id, token: await userWithRole(t, 'union', other.id) };
    city = await userWithRole(t, 'city_office');
    finance = await userWithRole(t, 'finance');
    const craftsmanWorkshop = async (key: string, unionKey: string, namedOn: string) => {
      const employer = await given.employer({ unionId: union[unionKey].id });
      const lead = await given.talent({ employerId: employer.id, name: `领衔人${key}` });
      await t.http().post(`/api/v1/talents/${lead.id}/honours`).send({ title: '上海工匠', awardedOn: '2022-05-01' }).expect(201);
      ws[key] = (await t.http(city).post('/api/v1/workshops').send({ kind: 'craftsman_innovation', name: `${key}工匠创新工作室`, employerId: employer.id, leadTalentId: lead.id, namedOn }).expect(201)).body.id;
    };
    await craftsmanWorkshop('W1', 'U1', '2023-05-01');
    await craftsmanWorkshop('W2', 'U2', '2024-03-01');
    await craftsmanWorkshop('W3', 'U2', '2023-09-01');
    await craftsmanWorkshop('W4', 'U1', '2025-04-01');
    await t.db.query(`UPDATE workshops SET status = 'revoked' WHERE id = $1`, [ws.W3]);
  }, 120_000);
  afterAll(() => t.close());

  it('lets a unit union record its own workshops’ year, the office any, and nobody else', async () => {
    const w1 = await record('W1', union.U1.token, { year: 2024, results: 3, patents: { invention: 1, utilityModel: 2, design: 0 }, activities: 3 }).expect(201);
    expect(w1.body).toMatchObject({ workshopId: ws.W1, year: 2024, results: 3, patents: { invention: 1, utilityModel: 2, design: 0 }, activities: 3 });
    await record('W2', union.U2.token, { year: 2024, results: 2, patents: { invention: 0, utilityModel: 1, design: 1 }, activities: 1 }).expect(201);
    await record('W3', undefined, { year: 2024, results: 10, patents: { invention: 5, utilityModel: 0, design: 0 }, activities: 2 }).expect(201);
    await record('W1', undefined, { year: 2023, results: 1, patents: { invention: 0, utilityModel: 0, design: 0 }, activities: 0 }).expect(201);
    // Another unit union cannot see W1 (404); the district union sees it but does not file for it (403); the city office neither.
    await record('W1', union.U2.token, { year: 2024, results: 9, patents: { invention: 0, utilityModel: 0, design: 0 }, activities: 0 }).expect(404);
    await record('W1', union.D.token, { year: 2024, results: 9, patents: { invention: 0, utilityModel: 0, design: 0 }, activities: 0 }).expect(403);
    await record('W1', city, { year: 2024, results: 9, patents: { invention: 0, utilityModel: 0, design: 0 }, activities: 0 }).expect(403);
    // Bad input names its field.
    const bad = async (body: Record<string, unknown>, field: string) => expect(JSON.stringify((await record('W1', union.U1.token, body).expect(400)).body.message)).toContain(field);
    await bad({ year: 2024, results: 3, activities: 1 }, 'patents');
    await bad({ year: 2024, results: -1, patents: { invention: 0, utilityModel: 0, design: 0 }, activities: 1 }, 'results');
    await bad({ year: 1999, results: 1, patents: { invention: 0, utilityModel: 0, design: 0 }, activities: 1 }, 'year');
    await bad({ year: 2024, results: 1, patents: { invention: 'x', utilityModel: 0, design: 0 }, activities: 1 }, 'invention');
  });

  it('replaces a year’s record when filed again, and audits both', async () => {
    await record('W1', union.U1.token, { year: 2024, results: 4, patents: { invention: 1, utilityModel: 2, design: 0 }, activities: 3 }).expect(201);
    const list = (await t.http(union.D.token).get(`/api/v1/workshops/${ws.W1}/annual-results`).expect(200)).body.items;
    expect(list.map((r: { year: number; results: number }) => [r.year, r.results])).toEqual([[2024, 4], [2023, 1]]);
    await t.http(union.U2.token).get(`/api/v1/workshops/${ws.W1}/annual-results`).expect(404);
    const audit = (await t.http().get(`/api/v1/audit-events?entityType=workshop&entityId=${ws.W1}`).expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a.startsWith('workshop.annual_results'))).toEqual(expect.arrayContaining(['workshop.annual_results_recorded', 'workshop.annual_results_corrected']));
  });

  it('fills the 004 附件2 统计表 of a district union for a year, in the form’s layout, unknown fields blank', async () => {
    const sheets = await form(union.D.id, 2024, union.D.token);
    const s = sheets['统计表'];
    expect(s.slice(0, 17)).toEqual([
      ['区局（产业）工会工匠创新工作室创建情况统计表'],
      ['区局（产业）工会名称', '松江区总工会'],
      ['联系人', null, '联系方式'],
      ['是否开展本地区、本系统工作室创建活动（附方案、小结等）', '□ 是     □ 否'],
      ['本地区、本系统工匠创新工作室创建数', 2], // W1, W2: W3 revoked, W4 named in 2025
      ['本地区、本系统创新工作室创新成果数量', 16], // 4 + 2 + 10 (W3's year still counts: it had results)
      ['本地区、本系统创新工作室联盟（交流）活动次数', 6],
      ['创新成果专利情况', '发明专利（项）', '实用新型（项）', '外观设计（项）'],
      [null, 6, 3, 1],
      ['2024年度上海市工匠创新工作室申报汇总情况'],
      ['序号', '申报单位', '工作室名称', '领衔人'],
      [1],
      [2],
      [3],
      [4],
      [5],
      ['区局（产业）工会意见', '盖章：\n\n年    月    日'],
    ]);
    const detail = sheets['工作室明细'];
    expect(detail[1]).toEqual(['序号', '工作室名称', '类型', '所属单位', '领衔人', '命名日期', '已登记', '创新成果', '发明专利', '实用新型', '外观设计', '交流活动']);
    expect(detail.slice(2).map((r) => [r[0], r[1], r[6], r[7], r[8]])).toEqual([
      [1, 'W1工匠创新工作室', '是', 4, 1],
      [2, 'W3工匠创新工作室', '是', 10, 5],
      [3, 'W2工匠创新工作室', '是', 2, 0],
      ['合计', null, null, 16, 6],
    ]);
  });

  it('scopes a unit union’s form to its own workshops, and refuses other unions’ forms', async () => {
    const s = (await form(union.U1.id, 2024, union.U1.token))['统计表'];
    expect([s[1][1], s[4][1], s[5][1], s[6][1], s[8]]).toEqual(['U1单位工会', 1, 4, 3, [null, 1, 2, 0]]);
    expect((await form(union.U1.id, 2025, undefined))['统计表'][4][1]).toBe(2); // W4 named in 2025
    await form(union.U1.id, 2024, union.D.token); // the district union sees the unions under it
    await form(union.U1.id, 2024, city);
    await t.http(union.U2.token).get(`/api/v1/reports/workshops/${union.U1.id}/2024`).expect(404);
    await t.http(union.U1.token).get(`/api/v1/reports/workshops/${union.D.id}/2024`).expect(404);
    await t.http(union.X.token).get(`/api/v1/reports/workshops/${union.U1.id}/2024`).expect(404);
    await t.http(finance).get(`/api/v1/reports/workshops/${union.U1.id}/2024`).expect(403);
    await t.http().get(`/api/v1/reports/workshops/${ws.W1}/2024`).expect(404); // not a union
    await t.http().get(`/api/v1/reports/workshops/not-a-uuid/2024`).expect(400);
    await t.http().get(`/api/v1/reports/workshops/${union.U1.id}/20x4`).expect(400);
    await t.http().get(`/api/v1/reports/workshops/${union.U1.id}/2024?form=002`).expect(400);
  });

  it('fills the counts of the 001 附件3 统计表 the data holds: people holding 上海工匠 in the union’s employers', async () => {
    const s = (await form(union.D.id, 2024, union.D.token, '?form=001-3'))['统计表'];
    expect(s.slice(0, 13)).toEqual([
      ['“上海工匠”培养选树工作情况统计表'],
      ['区局（产业）工会/社团', '松江区总工会'],
      ['联系人', null, '联系方式'],
      ['历年工匠培养选树工作情况（附小结）'],
      ['何时起开展工匠培养选树命名活动', '        年'],
      ['活动参与总人数', null, '本地区、本系统工匠选树总人数'],
      ['申报“上海工匠”总人数', null, '获得“上海工匠”总人数', 4],
      ['是否有下属工会开展工匠培养选树命名活动', '□ 是   □ 否'],
      ['2024年上海工匠培养选树工作情况'],
      ['是否开展本地区、本系统工匠培养选树命名活动（附方案）', '□ 是   □ 否'],
      ['活动参与人数', '本地区、本系统工匠选树人数', '申报“上海工匠”人数', '参与活动职工月平均可支配收入'],
      [],
      ['区局（产业）工会/社团意见', '盖章：\n\n年    月    日'],
    ]);
    expect((await form(union.U2.id, 2021, union.U2.token, '?form=001-3'))['统计表'][6][3]).toBe(0); // titles awarded in 2022
  });
});
