import { Given } from '../support/given';
import { decodeEntities } from '../support/html';
import { startTestApp, TestApp } from '../support/test-app';
import { userWithRole } from '../support/http';

/**
 * GET /change-requests/{id}/form: the 上海市工匠创新工作室管理变更申请表
 * (policy 004, 附件3) filled in, printable HTML, user text escaped.
 */
const WS = '/api/v1/workshops';
const CR = '/api/v1/change-requests';
const CRAFTSMAN = '上海工匠';

/** The text of the table cell following the label cell, tags stripped. */
function row(html: string, label: string): string {
  const at = html.indexOf(`<td class="label">${label}`);
  if (at < 0) throw new Error(`no row ${label}`);
  const cell = html.slice(at).match(/<\/td>\s*<td[^>]*>([\s\S]*?)<\/td>/);
  return (cell?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/&#12288;|&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('change requests: the printable form (附件3)', () => {
  let t: TestApp;
  let given: Given;
  let employer: { id: string; name?: unknown };
  const tokens: Record<string, string> = {};

  const craftsman = async () => {
    const talent = await given.talent({ employerId: employer.id });
    await t.http().post(`/api/v1/talents/${talent.id}/honours`).send({ title: CRAFTSMAN, awardedOn: '2020-05-01' }).expect(201);
    return { id: talent.id, name: talent.name as string };
  };
  const workshop = async (name: string) => {
    const lead = await craftsman();
    const res = await t.http(tokens.city).post(WS).send({ kind: 'craftsman_innovation', name, employerId: employer.id, leadTalentId: lead.id, namedOn: '2022-05-01' }).expect(201);
    return { id: res.body.id as string, lead };
  };
  const file = async (workshopId: string, body: Record<string, unknown>) => (await t.http(tokens.unit).post(`${WS}/${workshopId}/change-requests`).send(body).expect(201)).body.id as string;
  const decide = (id: string, token: string, decision: string, comment?: string) => t.http(token).post(`${CR}/${id}/decisions`).send({ decision, comment }).expect(200);
  const form = async (id: string, token = tokens.unit) => {
    const res = await t.http(token).get(`${CR}/${id}/form`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/i);
    return res.text;
  };
  /** A new workshop's request filed today and decided step by step (each on its date, if given): its printed form. */
  const decidedForm = async (workshopName: string, request: Record<string, unknown>, steps: Array<{ on?: string; by: 'district' | 'city'; decision: string; comment?: string }>) => {
    const id = await file((await workshop(workshopName)).id, request);
    for (const step of steps) {
      if (step.on) t.clock.setDate(step.on);
      await decide(id, tokens[step.by], step.decision, step.comment);
    }
    return form(id);
  };

  beforeAll(async () => {
    t = await startTestApp();
    given = new Given(t);
    await given.organization({ name: '上海市工匠创新工作室创建命名办公室', kind: 'city_office', contactEmails: ['city@example.com'] });
    const district = await given.organization({ name: '上海市松江区总工会', kind: 'union', level: 'district', contactEmails: ['district@example.com'] });
    const unit = await given.organization({ name: '上海某某精密机械有限公司工会', kind: 'union', level: 'unit', parentId: district.id, contactEmails: ['unit@example.com'] });
    employer = await given.employer({ unionId: unit.id, name: '上海松江精密机械有限公司' });
    tokens.city = await userWithRole(t, 'city_office');
    tokens.district = await userWithRole(t, 'union', district.id);
    tokens.unit = await userWithRole(t, 'union', unit.id);
  });
  afterAll(() => t.close());

  it('a filed change_lead: the 附件3 fields filled in, ☑ on 领衔人变更, the review boxes still empty', async () => {
    t.clock.setDate('2027-01-05');
    const w = await workshop('张工匠创新工作室');
    const next = await craftsman();
    const id = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id });
    const html = await form(id);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<h1>上海市工匠创新工作室管理变更申请表</h1>');
    expect(html).toContain('所属区局（产业）工会：上海市松江区总工会');
    expect(row(html, '工作室名称')).toBe('张工匠创新工作室');
    expect(row(html, '工作室所属单位')).toBe('上海松江精密机械有限公司');
    expect(row(html, '现领衔人')).toBe(w.lead.name);
    expect(row(html, '申请原因')).toBe('领衔工匠退休');
    const unitBox = row(html, '本单位工会');
    expect(unitBox).toContain(`☑ 领衔人变更 新领衔人姓名：${next.name} 荣誉：上海工匠`);
    expect(unitBox).toContain('退出管理序列（☐ 保留工作室称号 ☐ 摘牌）');
    expect(unitBox).toContain('上海某某精密机械有限公司工会（盖章） 2027年1月5日');
    expect(row(html, '区局（产业）工会')).toBe('年 月 日');
    expect(row(html, '市工匠创新工作室')).toBe('年 月 日');
    expect(html).toContain('备注：申请原因可选填领衔工匠已故、离职、退休或其他不能继续发挥示范引领作用的具体情况。');
  });

  it('approved: each opinion box has its stage’s decision, comment and date; the lead at filing stays on the form', async () => {
    t.clock.setDate('2027-02-01');
    const w = await workshop('李工匠创新工作室');
    const next = await craftsman();
    const id = await file(w.id, { reason: 'deceased', action: 'change_lead', newLeadTalentId: next.id });
    t.clock.setDate('2027-02-10');
    await decide(id, tokens.district, 'approve', '情况属实，同意');
    t.clock.setDate('2027-03-03');
    await decide(id, tokens.city, 'approve', '审定同意');
    for (const token of [tokens.unit, tokens.district, tokens.city, undefined]) {
      const html = await form(id, token);
      expect(row(html, '申请原因')).toBe('领衔工匠已故');
      expect(row(html, '本单位工会')).toContain('2027年2月1日');
      expect(row(html, '区局（产业）工会')).toBe('同意。情况属实，同意 上海市松江区总工会 2027年2月10日');
      expect(row(html, '市工匠创新工作室')).toBe('同意。审定同意 上海市工匠创新工作室创建命名办公室 2027年3月3日');
      // the form records the request: the lead it asked to replace, and (approved) the new one as 现领衔人
      expect(row(html, '原领衔人')).toBe(w.lead.name);
      expect(row(html, '现领衔人')).toBe(`${next.name}（2027年3月3日起）`);
      expect(row(html, '本单位工会')).toContain(`新领衔人姓名：${next.name}`);
    }
  });

  it('现领衔人 is the lead when each request was filed, whatever changed later; an approved lead change shows its new lead', async () => {
    t.clock.setDate('2027-03-10');
    const w = await workshop('孙工匠创新工作室');
    const [n1, n2] = [await craftsman(), await craftsman()];
    const minute = () => t.clock.advance(60_000);
    const rejected = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: n1.id });
    minute();
    await decide(rejected, tokens.district, 'reject');
    minute();
    const approved = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: n2.id });
    minute();
    await decide(approved, tokens.district, 'approve');
    minute();
    await decide(approved, tokens.city, 'approve');
    minute();
    const later = await file(w.id, { reason: 'resigned', action: 'exit_keep_title' });
    expect(row(await form(rejected), '现领衔人')).toBe(w.lead.name);
    expect(row(await form(approved), '原领衔人')).toBe(w.lead.name);
    expect(row(await form(approved), '现领衔人')).toMatch(new RegExp(`^${n2.name}（\\d{4}年\\d+月\\d+日起）$`));
    expect(row(await form(later), '现领衔人')).toBe(n2.name);
  });

  it('rejected at the district stage: 不同意 with the comment and date, the city box empty', async () => {
    t.clock.setDate('2027-04-01');
    const html = await decidedForm('王工匠创新工作室', { reason: 'other', reasonDetail: '领衔人调往外省工作', action: 'exit_keep_title' }, [
      { on: '2027-04-02', by: 'district', decision: 'reject', comment: '请补充材料' },
    ]);
    expect(row(html, '申请原因')).toBe('其他：领衔人调往外省工作');
    expect(row(html, '区局（产业）工会')).toBe('不同意。请补充材料 上海市松江区总工会 2027年4月2日');
    expect(row(html, '市工匠创新工作室')).toBe('年 月 日');
  });

  it('rejected at the city stage: 不同意 in the city box', async () => {
    t.clock.setDate('2027-04-01');
    const html = await decidedForm('赵工匠创新工作室', { reason: 'resigned', action: 'exit_revoke' }, [
      { by: 'district', decision: 'approve' },
      { on: '2027-04-20', by: 'city', decision: 'reject', comment: '暂缓摘牌' },
    ]);
    expect(row(html, '申请原因')).toBe('领衔工匠离职');
    expect(row(html, '区局（产业）工会')).toBe('同意 上海市松江区总工会 2027年4月1日');
    expect(row(html, '市工匠创新工作室')).toBe('不同意。暂缓摘牌 上海市工匠创新工作室创建命名办公室 2027年4月20日');
  });

  it.each([
    ['exit_keep_title', '退出管理序列（☑ 保留工作室称号 ☐ 摘牌）'],
    ['exit_revoke', '退出管理序列（☐ 保留工作室称号 ☑ 摘牌）'],
  ])('%s: the ☑ on the chosen exit, none on 领衔人变更', async (action, line) => {
    const w = await workshop(`${action}工作室`);
    const id = await file(w.id, { reason: 'retired', action });
    const unitBox = row(await form(id), '本单位工会');
    expect(unitBox).toContain(line);
    expect(unitBox).toContain('☐ 领衔人变更 新领衔人姓名： 荣誉：');
    expect(unitBox).not.toContain('上海工匠');
  });

  it('a comment that already says the decision is printed once: never “同意。同意”', async () => {
    t.clock.setDate('2027-06-01');
    const w = await workshop('钱工匠创新工作室');
    const next = await craftsman();
    const id = await file(w.id, { reason: 'retired', action: 'change_lead', newLeadTalentId: next.id });
    await decide(id, tokens.district, 'approve', '同意');
    await decide(id, tokens.city, 'approve', '同意变更领衔人');
    const html = await form(id);
    expect(row(html, '区局（产业）工会')).toBe('同意 上海市松江区总工会 2027年6月1日');
    expect(row(html, '市工匠创新工作室')).toBe('同意变更领衔人 上海市工匠创新工作室创建命名办公室 2027年6月1日');
    expect(html).not.toContain('同意。同意');

    const refused = await file((await workshop('孔工匠创新工作室')).id, { reason: 'resigned', action: 'exit_revoke' });
    await decide(refused, tokens.district, 'reject', '不同意，请补充材料');
    expect(row(await form(refused), '区局（产业）工会')).toBe('不同意，请补充材料 上海市松江区总工会 2027年6月1日');
  });

  it('联系人 and 联系电话: the phone in full for the unions and the city office, masked for the admin, in no list, audit row or log', async () => {
    const w = await workshop('褚工匠创新工作室');
    const id = await file(w.id, { reason: 'retired', action: 'exit_keep_title', contactName: '李红', contactPhone: '021-6230 7008' });
    await decide(id, tokens.district, 'approve');
    for (const token of [tokens.unit, tokens.district, tokens.city]) {
      expect(row(await form(id, token), '联系人')).toBe('李红');
      const html = await form(id, token);
      expect(html).toMatch(/<td class="label">联系电话<\/td><td>02162307008<\/td>/);
    }
    const admin = await t.http().get(`${CR}/${id}/form`).expect(200);
    expect(admin.headers['cache-control']).toBe('no-store');
    expect(admin.text).toMatch(/<td class="label">联系电话<\/td><td>021\*\*\*\*7008<\/td>/);
    expect(admin.text).not.toContain('62307008');

    const view = await t.http(tokens.unit).get(`${CR}/${id}`).expect(200);
    expect(view.body).toMatchObject({ contactName: '李红', contactPhoneMasked: '021****7008' });
    expect(JSON.stringify(view.body)).not.toContain('62307008');
    const audit = await t.db.query(`SELECT after::text AS after FROM audit_events WHERE entity_id = $1`, [id]);
    expect(audit.length).toBeGreaterThan(0);
    for (const a of audit) expect(a.after).not.toContain('62307008');
    const [stored] = await t.db.query(`SELECT contact_phone_enc, contact_phone_masked FROM change_requests WHERE id = $1`, [id]);
    expect(stored.contact_phone_enc).not.toContain('62307008');
    expect(stored.contact_phone_masked).toBe('021****7008');

    // a mobile works too; what is neither is a 400 naming the field
    const mobile = await file((await workshop('卫工匠创新工作室')).id, { reason: 'retired', action: 'exit_keep_title', contactName: '王五', contactPhone: '13812345678' });
    expect(row(await form(mobile), '联系电话')).toBe('13812345678');
    const other = await workshop('蒋工匠创新工作室');
    const bad = await t.http(tokens.unit).post(`${WS}/${other.id}/change-requests`).send({ reason: 'retired', action: 'exit_keep_title', contactPhone: '12345' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('contactPhone');
  });

  it('人数 and 工作室地址: from the workshop when named, restated by the filing union (then the workshop’s)', async () => {
    const lead = await craftsman();
    const named = await t.http(tokens.city).post(WS).send({ kind: 'craftsman_innovation', name: '沈工匠创新工作室', employerId: employer.id, leadTalentId: lead.id, namedOn: '2022-05-01', memberCount: 9, address: '上海市松江区荣乐东路 2 号' }).expect(201);
    expect(named.body).toMatchObject({ memberCount: 9, address: '上海市松江区荣乐东路 2 号' });
    const first = await file(named.body.id, { reason: 'retired', action: 'exit_keep_title' });
    let html = await form(first);
    expect(html).toMatch(/<td class="label">人数<\/td><td>9<\/td>/);
    expect(row(html, '工作室地址')).toBe('上海市松江区荣乐东路 2 号');
    await decide(first, tokens.district, 'reject', '暂不退出');

    const second = await file(named.body.id, { reason: 'retired', action: 'exit_keep_title', memberCount: 14, address: '上海市松江区新松江路 88 号' });
    html = await form(second);
    expect(html).toMatch(/<td class="label">人数<\/td><td>14<\/td>/);
    expect(row(html, '工作室地址')).toBe('上海市松江区新松江路 88 号');
    const after = await t.http(tokens.city).get(`${WS}/${named.body.id}`).expect(200);
    expect(after.body).toMatchObject({ memberCount: 14, address: '上海市松江区新松江路 88 号' });

    // a workshop named without them prints empty cells; bad values are 400 naming the field
    const bare = await workshop('韩工匠创新工作室');
    expect(await form(await file(bare.id, { reason: 'retired', action: 'exit_keep_title' }))).toMatch(/<td class="label">人数<\/td><td><\/td>/);
    for (const [field, value] of [['memberCount', 0], ['memberCount', '十二'], ['address', '  ']] as const) {
      const other = await workshop(`${field}${String(value)}工作室`);
      const res = await t.http(tokens.unit).post(`${WS}/${other.id}/change-requests`).send({ reason: 'retired', action: 'exit_keep_title', [field]: value }).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
  });

  it('user-supplied text is HTML-escaped: workshop name, reason detail and comments', async () => {
    t.clock.setDate('2027-05-01');
    const evil = '<script>alert("x")</script>';
    const w = await workshop(`${evil}工作室 & 团队`);
    const id = await file(w.id, { reason: 'other', reasonDetail: `<img src=x onerror=alert(1)>`, action: 'exit_keep_title' });
    await decide(id, tokens.district, 'approve', `${evil}区局意见`);
    await decide(id, tokens.city, 'approve', `<b>审定</b>'同意'`);
    const html = await form(id);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('工作室 &amp; 团队');
    expect(html).not.toContain('工作室 & 团队');
    // what the reader sees is the text as typed
    expect(decodeEntities(row(html, '工作室名称'))).toBe(`${evil}工作室 & 团队`);
    expect(decodeEntities(/<title>([\s\S]*?)<\/title>/.exec(html)![1])).toBe(`上海市工匠创新工作室管理变更申请表 — ${evil}工作室 & 团队`);
    expect(decodeEntities(row(html, '申请原因'))).toBe('其他：<img src=x onerror=alert(1)>');
    expect(decodeEntities(row(html, '区局（产业）工会'))).toContain(`同意。${evil}区局意见`);
    expect(decodeEntities(row(html, '市工匠创新工作室'))).toContain(`同意。<b>审定</b>'同意'`);

    // the mails' HTML twins escape it too
    const mails: Array<{ subject: string; html_body: string }> = await t.db.query(`SELECT subject, html_body FROM notifications WHERE dedupe_key LIKE $1`, [`%:${id}`]);
    expect(mails).toHaveLength(3);
    for (const m of mails) {
      expect(m.html_body).not.toContain('<script>');
      expect(m.html_body).toContain('&lt;script&gt;');
    }
  });
});
