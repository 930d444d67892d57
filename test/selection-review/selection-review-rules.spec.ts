import ExcelJS from 'exceljs';
import { ScoreItems } from '../../src/modules/selection-review/score-sheet';
import { XLSX } from '../support/sheets';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { ReviewWorld } from './review-world';

const FULL: ScoreItems = { A1: 5, A2: 5, A3: 10, B1: 10, B2: 10, B3: 10, C1: 10, C2: 10, D: 5, E: 5, F: 10, G: 5, H: 5 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function expectStatus(pending: Promise<{ status: number; text: string; body: any }>, status: number) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await pending;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  return res;
}

describe('selection review: calendar years, paper sheets, printed sheets, naming all or none', () => {
  let t: TestApp;
  let world: ReviewWorld;

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock('2027-09-01') });
    world = new ReviewWorld(t);
  });
  afterAll(() => t.close());

  /** A round with `n` eligible applications, one expert, everything scored and closed. */
  async function closedRound(cohort: string, n: number) {
    const roundId = await world.round({ cohort, quota: n });
    const employer = await world.given.employer({ contactEmails: [`hr-${cohort}@employer.example`] });
    const apps = [];
    for (let i = 0; i < n; i++) apps.push(await world.eligibleApplication(roundId, employer));
    const expert = await world.expert(`专家${cohort}`);
    await t.http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: [expert.id] }).expect(200);
    for (const [i, a] of apps.entries()) await t.http(expert.token).put(`/api/v1/applications/${a.id}/scores/me`).send({ items: { ...FULL, H: i % 6 }, opinion: '同意' }).expect(200);
    await t.http().post(`/api/v1/rounds/${roundId}/scoring/close`).expect(200);
    return { roundId, apps, expert, employer };
  }

  it('a publicity in a year with no calendar is 422; once the office enters the year, the end day follows it', async () => {
    const { roundId, apps } = await closedRound('2027', 2);
    await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: apps.map((a) => a.id) }).expect(200);
    const missing = await t.http().post(`/api/v1/rounds/${roundId}/publicity`).send({ startsOn: '2027-09-29' }).expect(422);
    expect(missing.body.message).toContain('no official calendar for 2027');
    // Nothing moved: the round is still shortlisted.
    expect((await t.db.query(`SELECT status FROM selection_rounds WHERE id = $1`, [roundId]))[0].status).toBe('shortlisted');
    // National Day 2027 as the office enters it: 10-01..10-07 off, Saturday 10-09 worked.
    const holidays = ['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'];
    await t.http().put('/api/v1/calendar/2027').send({ holidays, workdays: ['2027-10-09'] }).expect(200);
    // Wed 09-29, Thu 09-30, (holiday), Fri 10-08, Sat 10-09 (worked), Mon 10-11: not 10-05 as plain weekdays would give.
    const res = await t.http().post(`/api/v1/rounds/${roundId}/publicity`).send({ startsOn: '2027-09-29' }).expect(200);
    expect(res.body).toMatchObject({ startsOn: '2027-09-29', endsOn: '2027-10-11' });
  });

  it('naming is all or none: a designation rule refusing one application creates nothing and names it', async () => {
    t.clock.setDate('2026-05-01');
    const { roundId, apps } = await closedRound('2026', 3);
    await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: apps.map((a) => a.id) }).expect(200);
    await t.http().post(`/api/v1/rounds/${roundId}/publicity`).send({ startsOn: '2026-05-06' }).expect(200);
    // Meanwhile one of them was designated by hand.
    await t.http().post('/api/v1/designations').send({ talentId: apps[1].talentId, cohort: '2026', designatedOn: '2026-05-01' }).expect(201);
    t.clock.setDate('2026-05-20');
    const refused = await t.http().post(`/api/v1/rounds/${roundId}/naming`).send({ designatedOn: '2026-05-20' }).expect(409);
    expect(refused.body.message).toContain(`application ${apps[1].id}`);
    expect(refused.body.message).toContain('nothing was named');
    const count = await t.db.query(`SELECT count(*)::int AS n FROM designations WHERE talent_id = ANY($1::uuid[])`, [apps.map((a) => a.talentId)]);
    expect(count[0].n).toBe(1);
    expect((await t.db.query(`SELECT status FROM selection_rounds WHERE id = $1`, [roundId]))[0].status).toBe('publicity');
    expect((await t.http().post(`/api/v1/rounds/${roundId}/naming`).send({ designatedOn: '2026-06-20' }).expect(400)).body.message).toContain('designatedOn');
  });

  it('takes more than the quota with a written reason, may be redone until the publicity, and keeps an expert who has scored', async () => {
    const { roundId, apps, expert } = await closedRound('2029', 3);
    await t.http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: [] }).expect(409);
    await t.db.query(`UPDATE selection_rounds SET quota = 2 WHERE id = $1`, [roundId]);
    const ids = apps.map((a) => a.id);
    await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: ids }).expect(422);
    const over = await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: ids, reason: '第三名与第二名仅差一分，经协调小组研究增补' }).expect(200);
    expect(over.body).toMatchObject({ quota: 2, reason: '第三名与第二名仅差一分，经协调小组研究增补' });
    expect(over.body.applicationIds).toHaveLength(3);
    const table = (await t.http().get(`/api/v1/rounds/${roundId}/scores`).expect(200)).body.items as Array<{ applicationId: string }>;
    const redo = await t.http().post(`/api/v1/rounds/${roundId}/shortlist`).send({ applicationIds: table.slice(0, 2).map((l) => l.applicationId) }).expect(200);
    expect(redo.body).toMatchObject({ reason: null, applicationIds: table.slice(0, 2).map((l) => l.applicationId) });
    const stages = await t.db.query(`SELECT id, stage FROM selection_applications WHERE round_id = $1`, [roundId]);
    expect(stages.find((r: { id: string }) => r.id === table[2].applicationId).stage).toBe('eligible');
    // An expert of the round reads its sheets of others now that scoring is closed; the audit trail has every step.
    await t.http(expert.token).get(`/api/v1/applications/${ids[0]}/scores`).expect(200);
    const audit = (await t.http().get(`/api/v1/audit-events?entityType=selection_round&entityId=${roundId}`).expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['round.experts_set', 'round.scoring_closed', 'round.shortlisted']));
  });

  describe('paper scoring', () => {
    let roundId: string;
    let apps: Array<{ id: string }>;
    let expert: { id: string; token: string };

    beforeAll(async () => {
      t.clock.setDate('2025-03-01');
      roundId = await world.round({ cohort: '2025', quota: 3 });
      const employer = await world.given.employer();
      apps = [];
      for (let i = 0; i < 3; i++) apps.push(await world.eligibleApplication(roundId, employer, { filedAt: new Date(Date.UTC(2025, 1, 1, 0, i)).toISOString() }));
      expert = await world.expert('纸质专家');
      await t.http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: [expert.id] }).expect(200);
    });

    async function downloaded(token?: string): Promise<ExcelJS.Workbook> {
      const res = await t.http(token).get(`/api/v1/rounds/${roundId}/score-sheets/${expert.id}`).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe(XLSX);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
      return workbook;
    }

    const upload = async (workbook: ExcelJS.Workbook) => {
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      return t.http().post(`/api/v1/rounds/${roundId}/score-sheets/${expert.id}`).set('Content-Type', XLSX).send(bytes);
    };

    it('generates the expert’s sheet: one row per application, the 13 items with their maxima', async () => {
      const sheet = (await downloaded()).worksheets[0];
      expect(sheet.name).toBe('专家评分表');
      expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['申报编号', '姓名', '申报单位', '工种', 'A1（5分）']);
      expect(sheet.getRow(1).getCell(18).value).toBe('专家总体评价意见');
      expect(sheet.rowCount).toBe(4);
      expect(sheet.getRow(2).getCell(1).value).toBe(apps[0].id);
      // The expert downloads their own; another expert gets 404.
      await downloaded(expert.token);
      const other = await world.expert('别的专家');
      await t.http(other.token).get(`/api/v1/rounds/${roundId}/score-sheets/${expert.id}`).expect(404);
    });

    it('refuses a filled sheet with errors, by the row numbers Excel shows, and saves nothing', async () => {
      const workbook = await downloaded();
      const sheet = workbook.worksheets[0];
      const fill = (row: number, over: Record<number, unknown> = {}) => {
        const values = [5, 5, 10, 10, 10, 10, 10, 10, 5, 5, 10, 5, 5, '同意推荐'];
        values.forEach((v, i) => (sheet.getRow(row).getCell(5 + i).value = (over[5 + i] ?? v) as ExcelJS.CellValue));
      };
      fill(2);
      fill(3, { 6: 6 }); // A2 is out of 5
      fill(4, { 18: '', 13: 'x' }); // no opinion, D not a number
      const res = await expectStatus(upload(workbook), 400);
      expect(res.body.errors).toEqual([
        { row: 3, field: 'A2', constraint: 'invalidScore', message: 'A2 must be a whole number from 0 to 5' },
        { row: 4, field: 'D', constraint: 'invalidScore', message: 'D must be a whole number from 0 to 5' },
        { row: 4, field: 'opinion', constraint: 'required', message: 'opinion (专家总体评价意见) is required' },
      ]);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM selection_scores WHERE expert_id = $1`, [expert.id]))[0].n).toBe(0);
    });

    it('imports a correct sheet, skipping rows left blank, as the expert’s own sheets', async () => {
      const workbook = await downloaded();
      const sheet = workbook.worksheets[0];
      [8, 5, 9, 10, 9, 8, 7, 6, 5, 4, 9, 5, 3, '技能突出'].forEach((v, i) => (sheet.getRow(2).getCell(5 + i).value = v));
      [5, 5, 10, 10, 10, 10, 10, 10, 5, 5, 10, 5, 5, '同意'].forEach((v, i) => (sheet.getRow(3).getCell(5 + i).value = v));
      const bad = await expectStatus(upload(workbook), 400);
      expect(bad.body.errors).toEqual([{ row: 2, field: 'A1', constraint: 'invalidScore', message: 'A1 must be a whole number from 0 to 5' }]);
      sheet.getRow(2).getCell(5).value = 4;
      expect((await expectStatus(upload(workbook), 200)).body).toEqual({ imported: 2, skipped: 1 });
      const mine = (await t.http(expert.token).get(`/api/v1/applications/${apps[0].id}/scores`).expect(200)).body.items;
      expect(mine).toEqual([expect.objectContaining({ expertId: expert.id, total: 84, source: 'paper', opinion: '技能突出' })]);
      // The downloaded sheet now carries what was recorded.
      const again = (await downloaded()).worksheets[0];
      expect(again.getRow(3).getCell(18).value).toBe('同意');
    });

    it('prints the 专家评审表 filled with the expert’s sheet, and refuses the paper import once scoring is closed', async () => {
      const html = await t.http(expert.token).get(`/api/v1/applications/${apps[0].id}/score-sheet`).expect(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.text).toContain('松江区首席技师选拔与培养专家评审表');
      expect(html.text).toContain('技能突出');
      expect(html.text).toContain('纸质专家');
      expect(html.text).toContain('<td class="c">84</td>');
      const office = await t.http().get(`/api/v1/applications/${apps[0].id}/score-sheet?expertId=${expert.id}`).expect(200);
      expect(office.text).toContain('技能突出');
      const workbook = await downloaded();
      [5, 5, 10, 10, 10, 10, 10, 10, 5, 5, 10, 5, 5, '同意'].forEach((v, i) => (workbook.worksheets[0].getRow(4).getCell(5 + i).value = v));
      expect((await expectStatus(upload(workbook), 200)).body.imported).toBe(3);
      await t.http().post(`/api/v1/rounds/${roundId}/scoring/close`).expect(200);
      expect((await expectStatus(upload(workbook), 409)).body.message).toContain('closed');
    });
  });

  describe('the printed 申报表 for the experts (issue 17)', () => {
    it('an assigned expert reads an application under review, ID number masked, no birth month; another expert, or an application not yet eligible, 404', async () => {
      const roundId = await world.round({ cohort: '2023', quota: 2 });
      const employer = await world.given.employer();
      const app = await world.eligibleApplication(roundId, employer);
      const early = await world.eligibleApplication(roundId, employer, { stage: 'recommended' });
      const expert = await world.expert('申报表专家');
      const other = await world.expert('别轮专家');
      await t.http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: [expert.id] }).expect(200);

      const html = await t.http(expert.token).get(`/api/v1/applications/${app.id}/form`).expect(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.text).toContain('申 报 表');
      expect(html.text).toContain(`${app.idNumber.slice(0, 2)}************${app.idNumber.slice(-4)}`);
      expect(html.text).not.toContain(app.idNumber);
      expect(html.text).not.toContain('1980-05'); // the birth month is the district office's only (SPEC §8)
      expect((await t.http().get(`/api/v1/applications/${app.id}/form`).expect(200)).text).toContain('1980-05');

      await t.http(other.token).get(`/api/v1/applications/${app.id}/form`).expect(404);
      await t.http(expert.token).get(`/api/v1/applications/${early.id}/form`).expect(404);
      await t.http(expert.token).get(`/api/v1/applications/00000000-0000-4000-8000-000000000009/form`).expect(404);
    });
  });

  describe('the score table, kept per round between sheets (issue 20)', () => {
    type Line = { applicationId: string; score: number; experts: number; rank: number; name: string; employerName: string; stage: string; totals: Array<{ expertId: string; expertName: string; total: number }> };
    const table = async (roundId: string): Promise<Line[]> => (await t.http().get(`/api/v1/rounds/${roundId}/scores`).expect(200)).body.items;
    const score = (token: string, applicationId: string, items: ScoreItems) => t.http(token).put(`/api/v1/applications/${applicationId}/scores/me`).send({ items, opinion: '同意' }).expect(200);

    it('shows every sheet recorded, changed by an expert or corrected in the database, and every name and stage as they are now', async () => {
      t.clock.setDate('2027-09-01');
      const roundId = await world.round({ cohort: '2031', quota: 2 });
      const employer = await world.given.employer();
      const [first, second] = [await world.eligibleApplication(roundId, employer), await world.eligibleApplication(roundId, employer)];
      const [li, wang] = [await world.expert('李评审'), await world.expert('王评审')];
      await t.http().put(`/api/v1/rounds/${roundId}/experts`).send({ expertUserIds: [li.id, wang.id] }).expect(200);
      await score(li.token, first.id, FULL);
      expect((await table(roundId)).map((l) => [l.applicationId, l.score, l.experts])).toEqual([[first.id, 100, 1]]);

      // A second sheet, then a sheet of another application: each read after it shows it.
      await score(wang.token, first.id, { ...FULL, H: 1 });
      expect((await table(roundId)).map((l) => [l.applicationId, l.score, l.experts])).toEqual([[first.id, 98, 2]]);
      await score(li.token, second.id, FULL);
      expect((await table(roundId)).map((l) => [l.applicationId, l.score, l.rank])).toEqual([[second.id, 100, 1], [first.id, 98, 2]]);
      // An expert changes a sheet.
      await score(li.token, second.id, { ...FULL, A1: 0 });
      expect((await table(roundId)).map((l) => [l.applicationId, l.score])).toEqual([[first.id, 98], [second.id, 95]]);
      // An operator corrects a sheet in the database (no service code in between).
      await t.db.query(`UPDATE selection_scores SET a1 = 5 WHERE application_id = $1 AND expert_id = $2`, [second.id, li.id]);
      expect((await table(roundId)).map((l) => [l.applicationId, l.score])).toEqual([[second.id, 100], [first.id, 98]]);

      // Names and stages are not part of what is kept.
      await t.db.query(`UPDATE talents SET name = '改名后' WHERE id = $1`, [first.talentId]);
      await t.db.query(`UPDATE organizations SET name = '改名单位' WHERE id = $1`, [employer.id]);
      await t.db.query(`UPDATE users SET name = 'A评审' WHERE id = $1`, [wang.id]);
      await t.db.query(`UPDATE selection_applications SET stage = 'removed' WHERE id = $1`, [second.id]);
      const now = await table(roundId);
      expect(now.map((l) => [l.name === '改名后', l.employerName, l.stage])).toEqual([[false, '改名单位', 'removed'], [true, '改名单位', 'eligible']]);
      expect(now[1].totals.map((x) => [x.expertName, x.total])).toEqual([['A评审', 96], ['李评审', 100]]);
    });

    it('keeps each round’s apart, and refuses to move an application to another round', async () => {
      const [one, two] = [await world.round({ cohort: '2032', quota: 1 }), await world.round({ cohort: '2033', quota: 1 })];
      const employer = await world.given.employer();
      const [a, b] = [await world.eligibleApplication(one, employer), await world.eligibleApplication(two, employer)];
      const expert = await world.expert('赵评审');
      for (const r of [one, two]) await t.http().put(`/api/v1/rounds/${r}/experts`).send({ expertUserIds: [expert.id] }).expect(200);
      await score(expert.token, a.id, FULL);
      await score(expert.token, b.id, { ...FULL, A1: 1 });
      expect((await table(one)).map((l) => l.score)).toEqual([100]);
      expect((await table(two)).map((l) => l.score)).toEqual([96]);
      await score(expert.token, b.id, { ...FULL, A1: 2 });
      expect((await table(one)).map((l) => l.score)).toEqual([100]);
      expect((await table(two)).map((l) => l.score)).toEqual([97]);
      await expect(t.db.query(`UPDATE selection_applications SET round_id = $1 WHERE id = $2`, [two, a.id])).rejects.toThrow(/stays in its round/);
    });
  });
});
