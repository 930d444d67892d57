import ExcelJS from 'exceljs';
import { Given, idNumberFor } from '../support/given';
import { startTestApp, TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { userWithRole } from '../support/http';

/**
 * Issue 16 "Done when": a round's intake through the API — 30 applications by
 * the three channels with every refusal and warning, recommendations by the
 * right street or industry authority (others 404), eligibility with one
 * false-material ban that refuses the same person in the next round.
 */
const API = '/api/v1';
const CONTENT = { occupation: '数控车工', skillLevel: 'senior_technician', post: '车间主任', industry: 'new_materials', achievements: '主持数控工艺改进', awards: '上海市技术能手' };

interface App {
  id: string;
  stage: string;
  channel: string;
  employerId: string;
  recommenderId: string;
  warnings: Array<{ code: string }>;
}

describe('selection intake: applications, recommendations, eligibility and bans', () => {
  let t: TestApp;
  let given: Given;
  const clock = new TestClock('2027-03-10');
  let round: { id: string };
  const streets: Array<{ id: string }> = [];
  let authority: { id: string };
  const employers: Array<{ id: string }> = [];
  const employerTokens: string[] = [];
  const streetTokens: string[] = [];
  let authorityToken: string;
  const filed: App[] = [];

  const file = (token: string | undefined, body: Record<string, unknown>, roundId = round.id) => t.http(token).post(`${API}/rounds/${roundId}/applications`).send({ ...CONTENT, ...body });

  beforeAll(async () => {
    t = await startTestApp({ clock });
    given = new Given(t);
    for (let i = 0; i < 2; i++) streets.push(await given.street());
    authority = await given.organization({ name: '区教育局', kind: 'industry_authority', contactEmails: ['jyj@example.com'] });
    // Nine enterprises over two streets, one public institution under the authority.
    for (let i = 0; i < 9; i++) employers.push(await given.employer({ streetId: streets[i % 2].id }));
    employers.push(await given.employer({ streetId: streets[0].id, sector: 'public_institution', industryAuthorityId: authority.id }));
    for (const e of employers) employerTokens.push(await userWithRole(t, 'employer', e.id));
    for (const s of streets) streetTokens.push(await userWithRole(t, 'assessor', s.id));
    authorityToken = await userWithRole(t, 'assessor', authority.id);
    round = (await t.http().post(`${API}/rounds`).send({ cohort: '2027', applicationsOpen: '2027-03-01', applicationsClose: '2027-03-31' }).expect(201)).body;
  });
  afterAll(() => t?.close());

  it('needs the organisation for an employer user, and an employer one', async () => {
    const res = await t.http().post(`${API}/users`).send({ name: '无单位', role: 'employer' }).expect(400);
    expect(res.body.message).toMatch(/organizationId is required for role employer/);
    const wrong = await t.http().post(`${API}/users`).send({ name: '街道的', role: 'employer', organizationId: streets[0].id }).expect(422);
    expect(wrong.body.message).toMatch(/employer must belong to a employer organisation/);
  });

  it('opens a round with the default quota; a second round of the cohort is 409', async () => {
    const got = (await t.http().get(`${API}/rounds/${round.id}`).expect(200)).body;
    expect(got).toMatchObject({ cohort: '2027', quota: 25, status: 'open', total: 0, employerNominationsMax: 2 });
    await t.http().post(`${API}/rounds`).send({ cohort: '2027', applicationsOpen: '2027-03-01', applicationsClose: '2027-03-31' }).expect(409);
    await t.http().post(`${API}/rounds`).send({ cohort: '2031', applicationsOpen: '2031-03-31', applicationsClose: '2031-03-01' }).expect(400);
  });

  it('refuses filing outside the window (422 naming it)', async () => {
    const talent = await given.talent({ employerId: employers[0].id });
    clock.setDate('2027-02-28');
    try {
      const res = await file(employerTokens[0], { channel: 'employer', talentId: talent.id }).expect(422);
      expect(res.body.message).toMatch(/takes applications from 2027-03-01 to 2027-03-31/);
    } finally {
      clock.setDate('2027-03-10');
    }
  });

  it('files 30 applications by the three channels, with warnings kept and refusals named', async () => {
    // 20 by employers for their own staff (two each); the 1st of employer 0 is near retirement, the 2nd of employer 1 a 高级工.
    for (let i = 0; i < employers.length; i++) {
      for (let k = 0; k < 2; k++) {
        const nearRetirement = i === 0 && k === 0;
        const talent = await given.talent({ employerId: employers[i].id, birthDate: nearRetirement ? '1967-06-10' : '1985-04-0' + (k + 1) });
        const skill = i === 1 && k === 1 ? { skillLevel: 'senior_worker' } : {};
        const res = await file(employerTokens[i], { channel: 'employer', talentId: talent.id, ...skill }).expect(201);
        expect(res.body.stage).toBe('submitted');
        filed.push(res.body);
      }
    }
    expect(filed[0].warnings.map((w) => w.code)).toEqual(['NEAR_RETIREMENT']);
    expect(filed[3].warnings.map((w) => w.code)).toEqual(['SKILL_BELOW_TECHNICIAN']);
    expect(filed[2].warnings).toEqual([]);
    // 10 by the office: 5 expert_or_association, 5 self; one registers a new person, one is 'equivalent'.
    for (let i = 0; i < 10; i++) {
      const channel = i < 5 ? 'expert_or_association' : 'self';
      const employerId = employers[i].id;
      const body =
        i === 0
          ? { channel, person: { name: '新申报人', idNumber: idNumberFor('1988-01-01'), employerId } }
          : i === 1
            ? { channel, talentId: (await given.talent({ employerId })).id, skillLevel: 'equivalent', skillRecognisedBy: '上海市职业技能鉴定中心' }
            : { channel, talentId: (await given.talent({ employerId })).id };
      filed.push((await file(undefined, body).expect(201)).body);
    }
    expect(filed).toHaveLength(30);
    const registered = await t.db.query(`SELECT count(*)::int AS n FROM talents WHERE name = '新申报人'`);
    expect(registered[0].n).toBe(1);

    // Refusals, each naming its rule.
    const third = await file(employerTokens[0], { channel: 'employer', talentId: (await given.talent({ employerId: employers[0].id })).id }).expect(409);
    expect(third.body.message).toMatch(/EMPLOYER_NOMINATIONS_MAX.*at most 2/);
    const again = await file(undefined, { channel: 'self', talentId: (await t.http().get(`${API}/applications/${filed[0].id}`).expect(200)).body.talentId }).expect(409);
    expect(again.body.message).toMatch(/one application per person per round/);
    const minhang = await given.employer({ district: '上海市闵行区' });
    const outsider = await file(undefined, { channel: 'self', talentId: (await given.talent({ employerId: minhang.id })).id }).expect(422);
    expect(outsider.body.message).toMatch(/employer of the district.*闵行区/);
    await file(employerTokens[0], { channel: 'self', talentId: (await given.talent({ employerId: employers[0].id })).id }).expect(403);
    await file(employerTokens[0], { channel: 'employer', talentId: (await given.talent({ employerId: employers[1].id })).id }).expect(404);
    const notOwn = await file(employerTokens[0], { channel: 'employer', person: { name: '别家', idNumber: idNumberFor('1988-02-02'), employerId: employers[1].id } }).expect(422);
    expect(notOwn.body.message).toMatch(/its own staff/);
    await file(undefined, { channel: 'self', talentId: (await given.talent({ employerId: employers[2].id })).id, skillLevel: 'equivalent' }).expect(400);
    await file(undefined, { channel: 'self' }).expect(400);

    const board = (await t.http().get(`${API}/rounds/${round.id}`).expect(200)).body;
    expect(board).toMatchObject({ total: 30, counts: { submitted: 30 } });
    const own = (await t.http().get(`${API}/rounds/${round.id}`).set('Authorization', `Bearer ${employerTokens[0]}`).expect(200)).body;
    expect(own.total).toBe(3); // its two, and the office's application for one of its people
  });

  it('scopes reading: an employer its own, an assessor its queue, others 404', async () => {
    const mine = (await t.http(employerTokens[0]).get(`${API}/rounds/${round.id}/applications`).expect(200)).body.items;
    expect(mine.map((a: App) => a.id).sort()).toEqual([filed[0].id, filed[1].id, filed[20].id].sort());
    expect(mine[0].idNumberMasked).toMatch(/^\d{2}\*{12}\d{3}[\dX]$/);
    await t.http(employerTokens[0]).get(`${API}/applications/${filed[2].id}`).expect(404);
    await t.http(employerTokens[0]).get(`${API}/applications/${filed[20].id}`).expect(200); // office-filed for its person
    const queue = (await t.http(authorityToken).get(`${API}/applications?stage=submitted`).expect(200)).body.items as App[];
    // The public institution's two employer-channel applications and the office's one for its person.
    expect(queue.map((a) => a.employerId)).toEqual([employers[9].id, employers[9].id, employers[9].id]);
    expect(queue.every((a) => a.recommenderId === authority.id)).toBe(true);
    const streetQueue = (await t.http(streetTokens[1]).get(`${API}/rounds/${round.id}/applications?limit=200`).expect(200)).body.items as App[];
    expect(streetQueue.every((a) => a.recommenderId === streets[1].id)).toBe(true);
    expect(streetQueue).toHaveLength(12);
    await t.http(streetTokens[1]).get(`${API}/applications/${filed[0].id}`).expect(404);
  });

  it('mails the street or authority when an application arrives', async () => {
    const mails = await t.db.query(`SELECT to_addresses, subject, text_body FROM notifications WHERE purpose = 'selection.recommendation_requested'`);
    expect(mails).toHaveLength(30);
    expect(mails.filter((m: { to_addresses: string[] }) => m.to_addresses.includes('jyj@example.com'))).toHaveLength(3);
    expect(mails.map((m: { text_body: string }) => m.text_body).join('')).not.toMatch(/\d{17}[\dX]/);
  });

  it('lets an employer edit until the window closes and while unrecommended', async () => {
    const edited = (await t.http(employerTokens[0]).patch(`${API}/applications/${filed[0].id}`).send({ team: '带徒12人', skillLevel: 'senior_worker' }).expect(200)).body;
    expect(edited).toMatchObject({ team: '带徒12人', skillLevel: 'senior_worker' });
    expect(edited.warnings.map((w: { code: string }) => w.code)).toEqual(['NEAR_RETIREMENT', 'SKILL_BELOW_TECHNICIAN']);
    await t.http(employerTokens[1]).patch(`${API}/applications/${filed[0].id}`).send({ team: 'x' }).expect(404);
    // The office's application for one of its people is the office's to edit.
    await t.http(employerTokens[0]).patch(`${API}/applications/${filed[20].id}`).send({ team: 'x' }).expect(403);
    await t.http().patch(`${API}/applications/${filed[20].id}`).send({ awards: '全国技术能手' }).expect(200);
  });

  it('takes recommendations only from the right street or authority (others 404), once', async () => {
    const enterpriseOfStreet0 = filed[0]; // employer 0, street 0
    await t.http(streetTokens[1]).post(`${API}/applications/${enterpriseOfStreet0.id}/recommendation`).send({ decision: 'recommend', comment: '同意' }).expect(404);
    await t.http(authorityToken).post(`${API}/applications/${enterpriseOfStreet0.id}/recommendation`).send({ decision: 'recommend', comment: '同意' }).expect(404);
    await t.http(employerTokens[0]).post(`${API}/applications/${enterpriseOfStreet0.id}/recommendation`).send({ decision: 'recommend', comment: '同意' }).expect(403);
    const public0 = filed[18]; // employer 9, the public institution: its authority, not its street
    await t.http(streetTokens[0]).post(`${API}/applications/${public0.id}/recommendation`).send({ decision: 'recommend', comment: '同意' }).expect(404);
    await t.http(authorityToken).post(`${API}/applications/${public0.id}/recommendation`).send({ decision: 'recommend', comment: '同意推荐' }).expect(200);

    // Eligibility waits for the recommendation.
    const early = await t.http().post(`${API}/applications/${filed[1].id}/eligibility`).send({ decision: 'eligible', reasons: '符合' }).expect(409);
    expect(early.body.message).toMatch(/has not recorded its recommendation/);

    for (const a of filed.slice(0, 10)) {
      const token = a.recommenderId === authority.id ? authorityToken : streetTokens[streets.findIndex((s) => s.id === a.recommenderId)];
      const res = await t.http(token).post(`${API}/applications/${a.id}/recommendation`).send({ decision: a === filed[5] ? 'decline' : 'recommend', comment: '街镇意见' }).expect(200);
      expect(res.body.stage).toBe(a === filed[5] ? 'declined' : 'recommended');
    }
    await t.http(streetTokens[0]).post(`${API}/applications/${filed[0].id}/recommendation`).send({ decision: 'decline', comment: '改主意' }).expect(409);
    await t.http(employerTokens[0]).patch(`${API}/applications/${filed[0].id}`).send({ team: '晚了' }).expect(409);
  });

  it('reminds the recommender once after 7 days', async () => {
    const first = (await t.http().post(`${API}/jobs/selection/run`).send({ asOf: '2027-03-16' }).expect(200)).body;
    expect(first.result).toEqual({ reminded: 0 });
    const due = (await t.http().post(`${API}/jobs/selection/run`).send({ asOf: '2027-03-17' }).expect(200)).body;
    expect(due.result).toEqual({ reminded: 19 }); // 30 − 11 recommended
    const again = (await t.http().post(`${API}/jobs/selection/run`).send({ asOf: '2027-03-18' }).expect(200)).body;
    expect(again.result).toEqual({ reminded: 0 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE purpose = 'selection.recommendation_reminder'`);
    expect(n).toBe(19);
  });

  it('decides eligibility; false material bans the person and the employer, listed and audited', async () => {
    const ok = await t.http().post(`${API}/applications/${filed[2].id}/eligibility`).send({ decision: 'eligible', reasons: '材料齐全' }).expect(200);
    expect(ok.body).toMatchObject({ stage: 'eligible', eligibility: { decision: 'eligible', reasons: '材料齐全', falseMaterial: false } });
    await t.http().post(`${API}/applications/${filed[2].id}/eligibility`).send({ decision: 'ineligible', reasons: '再审' }).expect(409);
    await t.http().post(`${API}/applications/${filed[4].id}/eligibility`).send({ decision: 'eligible', reasons: 'x', falseMaterial: true }).expect(400);
    const banned = await t.http().post(`${API}/applications/${filed[4].id}/eligibility`).send({ decision: 'ineligible', reasons: '获奖证书系伪造', falseMaterial: true }).expect(200);
    expect(banned.body).toMatchObject({ stage: 'ineligible', eligibility: { falseMaterial: true } });

    const bans = (await t.http().get(`${API}/application-bans?active=true`).expect(200)).body.items;
    expect(bans).toHaveLength(2);
    expect(bans.map((b: { subject: string }) => b.subject).sort()).toEqual(['employer', 'person']);
    expect(bans[0]).toMatchObject({ startsOn: '2027-03-10', endsOn: '2030-03-10', reason: '获奖证书系伪造', cohort: '2027' });
    const audited = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'application_ban.created'`);
    expect(audited[0].n).toBe(2);
    // The employer sees its own bans; another employer none.
    expect((await t.http(employerTokens[2]).get(`${API}/application-bans`).expect(200)).body.items).toHaveLength(2);
    expect((await t.http(employerTokens[3]).get(`${API}/application-bans`).expect(200)).body.items).toHaveLength(0);
  });

  it('prints the 申报表 and exports the round', async () => {
    const html = (await t.http().get(`${API}/applications/${filed[0].id}/form`).expect(200)).text;
    expect(html).toContain('松江区首席技师（2027年）');
    expect(html).toContain('单位推荐');
    expect(html).toContain('带徒12人');
    expect(html).toContain('1967-06');
    const employerHtml = (await t.http(employerTokens[0]).get(`${API}/applications/${filed[0].id}/form`).expect(200)).text;
    expect(employerHtml).not.toContain('1967-06');
    await t.http(employerTokens[1]).get(`${API}/applications/${filed[0].id}/form`).expect(404);

    const res = await t.http().get(`${API}/rounds/${round.id}/export`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(32);
    expect(String(sheet.getRow(2).getCell(2).value)).toBe('姓名');
    expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/\d{17}[\dX]/);
  });

  it('refuses the banned person and employer in the next round, not the employer’s office-filed people', async () => {
    const person = (await t.http().get(`${API}/applications/${filed[4].id}`).expect(200)).body;
    clock.setDate('2029-03-10');
    const next = (await t.http().post(`${API}/rounds`).send({ cohort: '2029', applicationsOpen: '2029-03-01', applicationsClose: '2029-03-31' }).expect(201)).body;
    const res = await file(undefined, { channel: 'self', talentId: person.talentId }, next.id).expect(422);
    expect(res.body.message).toMatch(/application ban: the person is barred from applying until 2030-03-10/);
    const colleague = await given.talent({ employerId: employers[2].id });
    const byEmployer = await file(employerTokens[2], { channel: 'employer', talentId: colleague.id }, next.id).expect(422);
    expect(byEmployer.body.message).toMatch(/the employer is barred/);
    await file(undefined, { channel: 'self', talentId: colleague.id }, next.id).expect(201);
    // After the window, no edits.
    clock.setDate('2029-04-01');
    const late = await t.http(employerTokens[0]).patch(`${API}/applications/${filed[1].id}`).send({ team: 'x' });
    expect(late.status).toBe(422);
    expect((await t.http().get(`${API}/rounds/${next.id}`).expect(200)).body.status).toBe('reviewing');
  });
});
