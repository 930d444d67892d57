import ExcelJS from 'exceljs';
import { ScoreItems } from '../../src/modules/selection-review/score-sheet';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { ReviewWorld } from './review-world';

const FULL: ScoreItems = { A1: 5, A2: 5, A3: 10, B1: 10, B2: 10, B3: 10, C1: 10, C2: 10, D: 5, E: 5, F: 10, G: 5, H: 5 };
/** Items a sheet loses points from first, B and C last: the totals vary without touching the tie-breakers. */
const GIVE_FIRST: Array<keyof ScoreItems> = ['A3', 'F', 'A1', 'A2', 'D', 'E', 'G', 'H', 'C1', 'C2'];

/** A sheet with the given total, `bLoss` points taken from B. */
function sheet(total: number, bLoss = 0): ScoreItems {
  const items = { ...FULL, B1: FULL.B1 - bLoss };
  let loss = 100 - total - bLoss;
  for (const key of GIVE_FIRST) {
    const take = Math.min(loss, items[key]);
    items[key] -= take;
    loss -= take;
  }
  if (loss !== 0) throw new Error(`cannot make a sheet of ${total}`);
  return items;
}

/**
 * Issue 17, "Done when": an intake of 30 applications through 3 experts (one
 * tie broken by B), a shortlist of 25, a publicity from 2025-09-29 across the
 * National Day holiday and its 调休 Saturday, one upheld objection, and naming
 * that creates 24 designations the payment run then pays.
 */
describe('selection, steps 4–7: from the experts’ sheets to designations that get paid', () => {
  let t: TestApp;
  let world: ReviewWorld;
  let roundId: string;
  const applications: Array<{ id: string; talentId: string; idNumber: string; target: number; bLoss: number }> = [];
  let experts: Array<{ id: string; token: string }>;
  let outsider: { id: string; token: string };
  const employerMail = (i: number) => `hr${i}@employer.example`;

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock('2025-09-01') });
    world = new ReviewWorld(t);
    // Steps 1–3 through part 1's API: 15 employers on 3 streets file two people each, their streets recommend, the office finds all 30 eligible.
    roundId = await world.openRound({ cohort: '2025', quota: 25, applicationsOpen: '2025-08-01', applicationsClose: '2025-09-15' });
    const streets = [await world.given.street(), await world.given.street(), await world.given.street()];
    const streetTokens = [];
    for (const s of streets) streetTokens.push((await world.user('assessor', s.id)).token);
    const employers = [];
    for (let i = 0; i < 15; i++) {
      const e = await world.given.employer({ streetId: streets[i % 3].id, contactEmails: [employerMail(i)] });
      employers.push({ id: e.id, token: (await world.user('employer', e.id)).token });
    }
    for (let i = 0; i < 30; i++) {
      // Targets 95 … 67; applications 10 and 11 both 85, 11 with the higher B (filed later, so only B can put it first).
      const target = i < 10 ? 95 - i : i < 12 ? 85 : 84 - (i - 12);
      const bLoss = i === 10 ? 5 : 0;
      t.clock.advance(1000);
      applications.push({ ...(await world.intake(roundId, employers[i % 15], streetTokens[i % 3])), target, bLoss });
    }
    experts = [await world.expert('王专家'), await world.expert('李专家'), await world.expert('赵专家')];
    outsider = await world.expert('钱专家');
  }, 120_000);
  afterAll(() => t.close());

  const put = (token: string, applicationId: string, items: ScoreItems | Record<string, unknown>, opinion = '同意推荐') =>
    t.http(token).put(`/api/v1/applications/${applicationId}/scores/me`).send({ items, opinion });

  it('the office assigns three experts to the round; only users of role expert qualify', async () => {
    const finance = (await t.http().post('/api/v1/users').send({ name: '财务', role: 'finance' }).expect(201)).body;
    const refused = await t.http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: [experts[0].id, finance.id] }).expect(422);
    expect(refused.body.message).toContain('not expert');
    const res = await t.http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: experts.map((e) => e.id) }).expect(200);
    expect(res.body.experts.map((e: { name: string; toScore: number; scored: number }) => [e.name, e.scored, e.toScore])).toEqual([
      ['王专家', 0, 30],
      ['李专家', 0, 30],
      ['赵专家', 0, 30],
    ]);
  });

  it('an expert sees the applications with masked ID numbers only; an expert not assigned sees nothing', async () => {
    const res = await t.http(experts[0].token).get(`/api/v1/rounds/${roundId}/review`).expect(200);
    expect(res.body.items).toHaveLength(30);
    expect(res.body.items[0].idNumberMasked).toMatch(/^\d{2}\*{12}[\dX]{4}$/);
    for (const a of applications) expect(res.text).not.toContain(a.idNumber);
    await t.http(outsider.token).get(`/api/v1/rounds/${roundId}/review`).expect(404);
    // The rounds themselves: an expert reads those it is assigned to, no other.
    expect((await t.http(experts[0].token).get('/api/v1/rounds').expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([roundId]);
    await t.http(experts[0].token).get(`/api/v1/rounds/${roundId}`).expect(200);
    expect((await t.http(outsider.token).get('/api/v1/rounds').expect(200)).body.items).toEqual([]);
    await t.http(outsider.token).get(`/api/v1/rounds/${roundId}`).expect(404);
    const listed = await t.http(experts[0].token).get(`/api/v1/rounds/${roundId}/applications?limit=200`).expect(200);
    expect(listed.body.items).toHaveLength(30);
    for (const a of applications) expect(listed.text).not.toContain(a.idNumber);
    await t.http(outsider.token).get(`/api/v1/rounds/${roundId}/applications`).expect(404);
    await put(outsider.token, applications[0].id, sheet(90)).expect(404);
  });

  it('refuses an item out of range or missing, naming it', async () => {
    const tooHigh = await put(experts[0].token, applications[0].id, { ...FULL, B2: 11 }).expect(400);
    expect(tooHigh.body.message).toContain('items.B2 must be a whole number from 0 to 10');
    expect(tooHigh.body.errors).toEqual([{ field: 'items.B2', constraint: 'invalidScore', message: 'items.B2 must be a whole number from 0 to 10' }]);
    const { H: _h, ...noH } = FULL;
    expect((await put(experts[0].token, applications[0].id, noH).expect(400)).body.message).toContain('items.H');
    expect((await put(experts[0].token, applications[0].id, { ...FULL, A1: 2.5 }).expect(400)).body.message).toContain('items.A1');
    await t.http(experts[0].token).put(`/api/v1/applications/${applications[0].id}/scores/me`).send({ items: FULL }).expect(400);
    expect((await put(experts[0].token, applications[0].id, FULL, '   ').expect(400)).body.message).toContain('opinion');
  });

  it('the three experts score all thirty; scoring cannot close while a sheet is missing', async () => {
    for (const [k, expert] of experts.entries()) {
      for (const a of applications) {
        if (k === 2 && a === applications[29]) continue;
        await put(expert.token, a.id, sheet(a.target + (k - 1), a.bLoss), `意见${k}`).expect(200);
      }
    }
    const missing = await t.http().post(`/api/v1/rounds/${roundId}/scoring/close`).expect(409);
    expect(missing.body.message).toContain('赵专家 1');
    await put(experts[2].token, applications[29].id, sheet(applications[29].target + 1)).expect(200);
  });

  it('an expert sees only their own sheets until the office closes scoring, then everyone’s', async () => {
    const before = await t.http(experts[0].token).get(`/api/v1/applications/${applications[0].id}/scores`).expect(200);
    expect(before.body.items.map((s: { expertName: string; total: number }) => [s.expertName, s.total])).toEqual([['王专家', 94]]);
    const closed = await t.http().post(`/api/v1/rounds/${roundId}/scoring/close`).expect(200);
    expect(closed.body.status).toBe('scoring_closed');
    const after = await t.http(experts[0].token).get(`/api/v1/applications/${applications[0].id}/scores`).expect(200);
    expect(after.body.items.map((s: { total: number }) => s.total).sort()).toEqual([94, 95, 96]);
  });

  it('refuses a sheet after scoring is closed (409)', async () => {
    const res = await put(experts[0].token, applications[0].id, sheet(60)).expect(409);
    expect(res.body.message).toContain('closed');
  });

  it('ranks by the mean of the totals, the tie at 85.00 broken by B', async () => {
    const table = (await t.http().get(`/api/v1/rounds/${roundId}/scores`).expect(200)).body.items as Array<{
      applicationId: string;
      score: number;
      scoreB: number;
      rank: number;
      spread: number;
      totals: unknown[];
      itemMeans: Record<string, number>;
    }>;
    const order = table.map((l) => applications.findIndex((a) => a.id === l.applicationId));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 10, ...Array.from({ length: 18 }, (_, i) => 12 + i)]);
    expect(table[10]).toMatchObject({ score: 85, scoreB: 30, rank: 11 });
    expect(table[11]).toMatchObject({ score: 85, scoreB: 25, rank: 12 });
    expect(table[0]).toMatchObject({ score: 95, spread: 2 });
    expect(table[0].totals).toHaveLength(3);
    expect(table[11].itemMeans.B1).toBe(5);
  });

  let shortlisted: string[];
  it('shortlists the top 25; more than the quota or passing over a higher score needs a reason', async () => {
    const table = (await t.http().get(`/api/v1/rounds/${roundId}/scores`).expect(200)).body.items as Array<{ applicationId: string }>;
    const ids = table.map((l) => l.applicationId);
    const over = await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: ids.slice(0, 26) }).expect(422);
    expect(over.body.message).toContain('quota of 25');
    const skipping = await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: [...ids.slice(0, 24), ids[25]] }).expect(422);
    expect(skipping.body.message).toContain(`passes over application ${ids[24]}`);
    shortlisted = ids.slice(0, 25);
    const res = await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: [...shortlisted].reverse() }).expect(200);
    expect(res.body).toMatchObject({ status: 'shortlisted', quota: 25, applicationIds: shortlisted, reason: null });
  });

  it('naming before the publicity is 409', async () => {
    await t.http().post(`/api/v1/rounds/${roundId}/naming`).send({ designatedOn: '2025-09-01' }).expect(409);
  });

  it('starts the publicity on 2025-09-29: five working days end on Saturday 2025-10-11, the 调休 day after National Day', async () => {
    const res = await t.http().post(`/api/v1/rounds/${roundId}/publicity`).send({ startsOn: '2025-09-29' }).expect(200);
    expect(res.body).toMatchObject({ startsOn: '2025-09-29', endsOn: '2025-10-11', applications: 25 });
    await t.http().post(`/api/v1/rounds/${roundId}/publicity`).send({ startsOn: '2025-09-30' }).expect(409);
  });

  it('prints the publicity list: name, employer, occupation, skill level', async () => {
    const html = await t.http().get(`/api/v1/rounds/${roundId}/publicity-list?format=html`).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('2025届松江区首席技师拟入选人员公示名单');
    expect(html.text).toContain('2025-09-29 至 2025-10-11（5个工作日）');
    expect(html.text).toContain('高级技师');
    const json = (await t.http().get(`/api/v1/rounds/${roundId}/publicity-list`).expect(200)).body;
    expect(json.items).toHaveLength(25);
    const xlsx = await t.http().get(`/api/v1/rounds/${roundId}/publicity-list?format=xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  let removed: string;
  it('records objections during the publicity; an upheld one takes the application off the list', async () => {
    t.clock.setDate('2025-10-10');
    removed = shortlisted[3];
    const upheld = await t.http().post(`/api/v1/applications/${removed}/objections`).send({ text: '群众来信反映获奖情况不实，经核实属实。', upheld: true }).expect(201);
    expect(upheld.body).toMatchObject({ upheld: true, stage: 'removed', recordedOn: '2025-10-10' });
    const notUpheld = await t.http().post(`/api/v1/applications/${shortlisted[4]}/objections`).send({ text: '反映其专利权属有争议，经核实不属实。' }).expect(201);
    expect(notUpheld.body).toMatchObject({ upheld: false, stage: 'publicised' });
    await t.http().post(`/api/v1/applications/${removed}/objections`).send({ text: '再次反映' }).expect(409);
    const list = (await t.http().get(`/api/v1/rounds/${roundId}/publicity-list`).expect(200)).body.items as Array<{ applicationId: string }>;
    expect(list).toHaveLength(24);
    expect(list.map((l) => l.applicationId)).not.toContain(removed);
  });

  it('accepts objections until the end day and not after; naming waits for the day after it', async () => {
    t.clock.setDate('2025-10-11');
    await t.http().post(`/api/v1/applications/${shortlisted[5]}/objections`).send({ text: '最后一天的来信，经核实不属实。' }).expect(201);
    const early = await t.http().post(`/api/v1/rounds/${roundId}/naming`).send({ designatedOn: '2025-10-11' }).expect(409);
    expect(early.body.message).toContain('2025-10-11');
    t.clock.setDate('2025-10-12');
    const late = await t.http().post(`/api/v1/applications/${shortlisted[6]}/objections`).send({ text: '公示期后的来信' }).expect(409);
    expect(late.body.message).toContain('ended on 2025-10-11');
  });

  it('names the 24 in one act with the round’s cohort, mails the employers, and marks the round named', async () => {
    t.clock.setDate('2025-10-13');
    const res = await t.http().post(`/api/v1/rounds/${roundId}/naming`).send({ designatedOn: '2025-10-13' }).expect(200);
    expect(res.body).toMatchObject({ status: 'named', created: 24 });
    const designations = (await t.http().get('/api/v1/designations?cohort=2025&limit=200').expect(200)).body.items as Array<{ talentId: string; termStart: string; status: string }>;
    expect(designations).toHaveLength(24);
    const named = new Set(designations.map((d) => d.talentId));
    expect(applications.filter((a) => named.has(a.talentId)).map((a) => a.id).sort()).toEqual(shortlisted.filter((id) => id !== removed).sort());
    expect(designations.every((d) => d.termStart === '2025-11-01' && d.status === 'active')).toBe(true);
    const [{ status }] = await t.db.query(`SELECT status FROM selection_rounds WHERE id = $1`, [roundId]);
    expect(status).toBe('named');
    const mails: Array<{ to_addresses: string[]; text_body: string }> = await t.db.query(`SELECT to_addresses, text_body FROM notifications WHERE purpose = 'round.named'`);
    expect(mails).toHaveLength(15);
    const first = applications.findIndex((a) => a.id === shortlisted[0]);
    const mailToFirst = mails.find((m) => m.to_addresses.includes(employerMail(first % 15)))!;
    expect(mailToFirst.text_body).toContain('2025届松江区首席技师');
    await t.http().post(`/api/v1/rounds/${roundId}/naming`).send({ designatedOn: '2025-10-13' }).expect(409);
  });

  it('exports the round with the scores per item and the publicity list', async () => {
    const res = await t.http().get(`/api/v1/rounds/${roundId}/export`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['申报汇总', '专家评分', '公示名单']);
    const scores = workbook.getWorksheet('专家评分')!;
    expect(scores.rowCount).toBe(31);
    expect((scores.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['名次', '姓名', '身份证号（脱敏）', '工作单位', 'A1（5）均分']);
    expect(scores.getRow(2).getCell(1).value).toBe(1);
    expect(scores.getRow(2).getCell(21).value).toBe(95); // 4 + 13 items + 3 experts + 得分
    const list = workbook.getWorksheet('公示名单')!;
    expect(list.getRow(1).getCell(1).value).toBe('公示时间：2025-09-29 至 2025-10-11（5个工作日）');
    expect(list.rowCount).toBe(2 + 24);
    expect(scores.getRow(2).getCell(3).value).toMatch(/^\d{2}\*{12}[\dX]{4}$/);
  });

  it('the payment run pays the 24 from the month after naming', async () => {
    t.clock.setDate('2025-11-05');
    const run = await t.http().post('/api/v1/payment-runs').send({ period: '2025-11' }).expect(200);
    expect(run.body.counts.regular).toBe(24);
    expect(run.body.totals.allowanceFen).toBe(24 * 100000);
  });
});
