import type { Browser, Page } from 'playwright-core';
import { Given } from '../support/given';
import { closeConsole, closePages, ConsoleApp, ConsolePage, DESKTOP, expect_, HAVE_CHROMIUM, launchChromium, openConsole, openSignedIn, screenshot, shanghaiToday, signIn, signOut, SKIP_MESSAGE, startConsoleApp } from './support/browser';
import { buildConsoleWorld, ConsoleWorld, credentialsOf, UserKey } from './support/world';

/**
 * Issue 15 items 4, 5, 8 and 9 in Chromium: the honours page unblocks a lead
 * change, the 用户 page creates and disables users, each role lands where its
 * work waits with counts on the tabs, a refusal's reason is in the list, and
 * the printed 管理变更申请表 names the office, the new lead and the contact.
 * Screenshots go to test/e2e/screenshots/month-*.png.
 */
if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);
const describeWithChromium = HAVE_CHROMIUM ? describe : describe.skip;

describeWithChromium('the month’s work in the console (issue 15: honours, users, landing, the printed form)', () => {
  let app: ConsoleApp;
  let world: ConsoleWorld;
  let browser: Browser;
  const open: ConsolePage[] = [];
  /** A craftsman workshop whose employer has no other 上海工匠: 变更领衔人 is not possible until one is recorded. */
  let lonely: { id: string; name: string; candidateId: string; candidateName: string };
  let overdueTalentName: string;

  const http = (token?: string) => app.t.http(token);
  const as = async (key: UserKey | 'admin'): Promise<ConsolePage> => {
    const c = await openSignedIn(browser, app.baseUrl, credentialsOf(world, key));
    open.push(c);
    return c;
  };
  const tokenOf = async (key: UserKey): Promise<string> => (await http().post('/api/v1/sessions').send(world.passwords[key]).expect(201)).body.token;
  const okNotice = (page: Page) => page.locator('.notice.ok');

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchChromium()]);
    const today = shanghaiToday();
    world = await buildConsoleWorld(app.t, today);
    const given = new Given(app.t);
    const orgs = (await http().get('/api/v1/organizations?limit=200').expect(200)).body.items as Array<{ id: string; name: string; kind: string }>;
    const unitUnion = orgs.find((o) => o.name === '上海松江精密机械有限公司工会')!;
    const street = orgs.find((o) => o.name === '岳阳街道')!;

    // A second employer of the same unit union: its workshop's lead is its only 上海工匠.
    const employer = await given.employer({ name: '上海松江精工模具有限公司', streetId: street.id, unionId: unitUnion.id });
    const lead = await given.talent({ employerId: employer.id, name: '马国栋' });
    await http().post(`/api/v1/talents/${lead.id}/honours`).send({ title: '上海工匠', awardedOn: '2019-05-01' }).expect(201);
    const candidate = await given.talent({ employerId: employer.id, name: '郑晓峰' });
    const city = await tokenOf('city');
    const w = await http(city).post('/api/v1/workshops').send({ kind: 'craftsman_innovation', name: '马国栋模具工匠创新工作室', employerId: employer.id, leadTalentId: lead.id, namedOn: '2021-05-01' }).expect(201);
    lonely = { id: w.body.id, name: '马国栋模具工匠创新工作室', candidateId: candidate.id, candidateName: '郑晓峰' };

    // An overdue mid-term for the street's assessor: the term began 19 months ago, so month 18 ended last month.
    const [y, m] = today.split('-').map(Number);
    const start = new Date(Date.UTC(y, m - 1 - 19, 1)).toISOString().slice(0, 10);
    const dayBefore = new Date(Date.parse(start) - 10 * 86_400_000).toISOString().slice(0, 10);
    const late = await given.talent({ employerId: employer.id, name: '黄立新' });
    await given.designation({ talentId: late.id, designatedOn: dayBefore, termStart: start });
    overdueTalentName = '黄立新';
    await http().post('/api/v1/jobs/assessments/run').send({ asOf: today }).expect(200);
    await http().post('/api/v1/jobs/assessments/run').send({ asOf: today }).expect(200);
  }, 180_000);

  beforeEach(() => app.syncClock());

  afterEach(() => closePages(open.splice(0)));

  afterAll(() => closeConsole(browser, app), 60_000);

  it('item 4: without a second 上海工匠 the union’s 变更领衔人 is greyed out with the reason; the office records one on the 荣誉称号 page and the change can be filed; a revocation goes through a dialog', async () => {
    const union = await as('unitUnion');
    await union.page.goto(`/#/workshops/${lonely.id}`);
    await union.page.getByRole('button', { name: '提交管理变更申请' }).click();
    const form = union.page.locator('section[aria-label="管理变更申请表"] form');
    await expect_(form.getByTestId('no-lead-candidate')).toContain('不能变更领衔人：上海松江精工模具有限公司暂无获得“上海工匠”称号的其他职工');
    expect(await form.locator('select[name=action] option[value=change_lead]').isDisabled()).toBe(true);
    expect(await form.locator('select[name=action]').inputValue()).toBe('');
    await screenshot(union.page, 'month-union-no-lead-candidate');

    // The district office finds 郑晓峰 and records 上海工匠 with its certificate.
    const admin = await as('admin');
    await admin.page.getByRole('navigation').getByRole('link', { name: '荣誉称号' }).click();
    await admin.page.waitForURL(/#\/honours$/);
    await admin.page.locator('form[role=search] input[name=name]').fill(lonely.candidateName);
    await admin.page.locator('form[role=search]').getByRole('button', { name: '查找' }).click();
    const people = admin.page.getByTestId('people');
    await expect_(people).toContain(lonely.candidateName);
    await screenshot(admin.page, 'month-honours-find');
    await people.getByRole('link', { name: lonely.candidateName }).click();
    await admin.page.waitForURL(new RegExp(`#/honours/${lonely.candidateId}$`));
    await expect_(admin.page.locator('section.card')).toContain('工作单位 上海松江精工模具有限公司');
    const record = admin.page.locator('section[aria-label="登记荣誉称号"] form');
    expect(await record.locator('input[name=title]').inputValue()).toBe('上海工匠');
    await record.locator('input[name=certificateNumber]').fill('SHGJ-2024-0456');
    await record.getByRole('button', { name: '登记' }).click();
    await expect_(record.locator('.field[data-field=awardedOn] .field-error')).toContain('请填写授予日期');
    await record.locator('input[name=awardedOn]').fill('2024-04-28');
    await record.locator('input[name=issuer]').fill('上海市总工会');
    await record.getByRole('button', { name: '登记' }).click();
    await expect_(okNotice(admin.page)).toContain(`已为 ${lonely.candidateName} 登记“上海工匠”（证书编号 SHGJ-2024-0456）`);
    const honourRow = admin.page.locator('tr[data-honour="上海工匠"]');
    await expect_(honourRow).toContain('SHGJ-2024-0456');
    await expect_(honourRow).toContain('有效');
    await screenshot(admin.page, 'month-honours-recorded');
    const person = (await http().get(`/api/v1/talents/${lonely.candidateId}`).expect(200)).body;
    expect(person.honours).toEqual([expect.objectContaining({ title: '上海工匠', certificateNumber: 'SHGJ-2024-0456', awardedOn: '2024-04-28', issuer: '上海市总工会', revoked: false })]);

    // Now the union can choose him.
    await union.page.reload();
    await union.page.getByRole('button', { name: '提交管理变更申请' }).click();
    const again = union.page.locator('section[aria-label="管理变更申请表"] form');
    await again.locator(`select[name=newLeadTalentId] option[value="${lonely.candidateId}"]`).waitFor({ state: 'attached' });
    expect(await again.locator('select[name=action]').inputValue()).toBe('change_lead');
    expect(await again.getByTestId('no-lead-candidate').count()).toBe(0);
    await screenshot(union.page, 'month-union-lead-candidate');

    // A second honour, revoked through the dialog; it stays listed as 已撤销.
    await record.locator('input[name=title]').fill('松江工匠');
    await record.locator('input[name=awardedOn]').fill('2022-04-28');
    await record.getByRole('button', { name: '登记' }).click();
    await expect_(okNotice(admin.page)).toContain('登记“松江工匠”');
    await admin.page.locator('tr[data-honour="松江工匠"]').getByRole('button', { name: '撤销…' }).click();
    const dialog = admin.page.locator('dialog[open]');
    await expect_(dialog).toContain('撤销 郑晓峰 的“松江工匠”？');
    await screenshot(admin.page, 'month-honours-revoke-dialog');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await expect_(okNotice(admin.page)).toContain('已撤销 郑晓峰 的“松江工匠”');
    await expect_(admin.page.locator('tr[data-honour="松江工匠"]')).toContain('已撤销');
    const after = (await http().get(`/api/v1/talents/${lonely.candidateId}`).expect(200)).body;
    expect(after.honours).toEqual(expect.arrayContaining([expect.objectContaining({ title: '松江工匠', revoked: true }), expect.objectContaining({ title: '上海工匠', revoked: false })]));

    // The city office has the page too.
    const city = await as('city');
    await city.page.getByRole('navigation').getByRole('link', { name: '荣誉称号' }).click();
    await city.page.goto(`/#/honours/${lonely.candidateId}`);
    await expect_(city.page.getByTestId('honours')).toContain('SHGJ-2024-0456');
  });

  it('item 5: the office creates an assessor bound to its street, who signs in; disabling (confirmed) ends the session and sign-in; enabling and a password reset let in again', async () => {
    const { page } = await as('admin');
    await page.getByRole('navigation').getByRole('link', { name: '用户' }).click();
    await page.waitForURL(/#\/users$/);
    const users = page.getByTestId('users');
    // the organisation column tells the two unions apart
    await expect_(users.locator('tr[data-user="danweigonghui"]')).toContain('上海松江精密机械有限公司工会');
    await expect_(users.locator('tr[data-user="quzonggonghui"]')).toContain('松江区总工会');

    await page.getByRole('button', { name: '新建用户…' }).click();
    const form = page.locator('section[aria-label="新建用户"] form');
    await form.locator('input[name=name]').fill('岳阳街道考核员刘洋');
    await form.locator('select[name=role]').selectOption('assessor');
    await form.locator('input[name=username]').fill('liuyang');
    await form.locator('input[name=password]').fill('short');
    await form.getByRole('button', { name: '创建' }).click();
    await expect_(form.locator('.field[data-field=password] .field-error')).toContain('密码的长度不符合要求');
    await form.locator('input[name=password]').fill('yueyang-liu-2026');
    await form.getByRole('button', { name: '创建' }).click();
    // an assessor belongs to one organisation: refused without it, beside the field
    await expect_(form.locator('.field[data-field=organizationId] .field-error')).toContain('请填写所属单位');
    await screenshot(page, 'month-users-create-invalid');
    expect((await http().get('/api/v1/users?role=assessor').expect(200)).body.items.map((u: { username: string }) => u.username)).not.toContain('liuyang');
    const streetId = (await http().get('/api/v1/organizations?kind=street').expect(200)).body.items.find((o: { name: string }) => o.name === '岳阳街道').id;
    await form.locator(`select[name=organizationId] option[value="${streetId}"]`).waitFor({ state: 'attached' });
    await form.locator('select[name=organizationId]').selectOption(streetId);
    await form.locator('input[name=email]').fill('liuyang@yueyang.example');
    await form.getByRole('button', { name: '创建' }).click();
    await expect_(okNotice(page)).toContain('已创建用户 岳阳街道考核员刘洋（考核组织单位），登录用户名 liuyang');
    const row = users.locator('tr[data-user="liuyang"]');
    await expect_(row).toContain('岳阳街道');
    await expect_(row).toContain('liuyang@yueyang.example');
    await expect_(row).toContain('正常');
    await screenshot(page, 'month-users-created');

    // the new user signs in and sees the street's tasks
    const liu = await openConsole(browser, app.baseUrl, DESKTOP);
    open.push(liu);
    await signIn(liu.page, 'liuyang', 'yueyang-liu-2026');
    await liu.page.waitForURL(/#\/assessments$/);
    const session = (await http().post('/api/v1/sessions').send({ username: 'liuyang', password: 'yueyang-liu-2026' }).expect(201)).body.token;
    await http(session).get('/api/v1/assessments').expect(200);

    await row.getByRole('button', { name: '停用…' }).click();
    const dialog = page.locator('dialog[open]');
    await expect_(dialog).toContain('停用 岳阳街道考核员刘洋？');
    await screenshot(page, 'month-users-disable-dialog');
    await dialog.getByRole('button', { name: '确认停用' }).click();
    await expect_(okNotice(page)).toContain('已停用 岳阳街道考核员刘洋');
    await expect_(row).toContain('已停用');
    await http(session).get('/api/v1/assessments').expect(401);
    await http().post('/api/v1/sessions').send({ username: 'liuyang', password: 'yueyang-liu-2026' }).expect((res) => expect(res.status).not.toBe(201));

    await row.getByRole('button', { name: '启用' }).click();
    await expect_(okNotice(page)).toContain('已启用 岳阳街道考核员刘洋');
    await row.getByRole('button', { name: '重设密码' }).click();
    await page.locator('input[name=password][autocomplete=new-password]').last().fill('yueyang-liu-2027');
    await page.getByRole('button', { name: '保存' }).click();
    await expect_(okNotice(page)).toContain('已为 岳阳街道考核员刘洋 设置登录账号 liuyang');
    await http().post('/api/v1/sessions').send({ username: 'liuyang', password: 'yueyang-liu-2027' }).expect(201);
    await screenshot(page, 'month-users-reset');
  });

  it('item 8: the assessor opens on 已逾期 with counts on the tabs', async () => {
    const { page } = await as('assessor');
    await page.waitForURL(/#\/assessments$/);
    const tabs = page.getByTestId('task-tabs');
    await expect_(tabs.locator('[data-tab=overdue]')).toBe('已逾期（1）');
    expect(await tabs.locator('[data-tab=overdue]').getAttribute('aria-selected')).toBe('true');
    await expect_(tabs.locator('[data-tab=open]')).toBe('待考核（1）');
    await expect_(tabs.locator('[data-tab=done]')).toBe('已完成（0）');
    await expect_(page.getByTestId('assessments').locator('tbody tr')).toContain(overdueTalentName);
    expect(await page.getByTestId('assessments').locator('tbody tr', { hasText: world.assessed.talentName }).count()).toBe(0);
    await screenshot(page, 'month-assessor-lands-on-overdue');
  });

  it('items 8 and 9: the district union lands on its queue and refuses with a reason the list shows; the city office lands on its queue, approves a lead change, and the printed form names the office, the new lead, the contact — and says 同意 once', async () => {
    const w = world.workshopToChange;
    // the unit union files, giving the form's contact person and phone
    const unit = await as('unitUnion');
    await unit.page.waitForURL(/#\/workshops$/); // a unit union decides nothing: its workshops
    await unit.page.goto(`/#/workshops/${w.id}`);
    await unit.page.getByRole('button', { name: '提交管理变更申请' }).click();
    const form = unit.page.locator('section[aria-label="管理变更申请表"] form');
    await form.locator('select[name=reason]').selectOption('retired');
    await form.locator(`select[name=newLeadTalentId] option[value="${w.newLeadId}"]`).waitFor({ state: 'attached' });
    await form.locator('select[name=newLeadTalentId]').selectOption(w.newLeadId);
    await form.locator('input[name=memberCount]').fill('12');
    await form.locator('input[name=address]').fill('上海市松江区荣乐东路 2 号');
    await form.locator('input[name=contactName]').fill('李红');
    await form.locator('input[name=contactPhone]').fill('13917001234');
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect_(okNotice(unit.page)).toContain(`已提交 ${w.name} 的管理变更申请`);

    const district = await as('districtUnion');
    await district.page.waitForURL(/#\/change-requests$/);
    const tabs = district.page.getByTestId('request-tabs');
    expect(await tabs.locator('[data-tab=submitted]').getAttribute('aria-selected')).toBe('true');
    await expect_(tabs.locator('[data-tab=submitted]')).toBe('待区（产业）工会审核（1）');
    await expect_(tabs.locator('[data-tab=union_reviewed]')).toBe('待市办公室决定（1）');
    await expect_(tabs.locator('[data-tab=""]')).toBe('全部（2）');
    const row = district.page.getByTestId('change-requests').locator('tr[data-request]', { hasText: w.name });
    await screenshot(district.page, 'month-district-union-lands-on-queue');
    await row.getByRole('textbox', { name: '意见' }).fill('新领衔人材料不全，请补充后重新申请');
    await row.getByRole('button', { name: '不同意' }).click();
    await expect_(district.page.locator('dialog[open]').getByTestId('request-effect')).toContain('不同意后本申请即告终止');
    await district.page.locator('dialog[open]').getByRole('button', { name: '确认不同意' }).click();
    await expect_(okNotice(district.page)).toContain(`${w.name}：已驳回`);
    await expect_(tabs.locator('[data-tab=rejected]')).toBe('已驳回（1）');
    await tabs.locator('[data-tab=rejected]').click();
    await expect_(district.page.getByTestId('rejection-reason')).toBe('区（产业）工会不同意：新领衔人材料不全，请补充后重新申请');
    await screenshot(district.page, 'month-district-union-rejected');

    // the filing union reads why in its list, not only on the printout
    await unit.page.reload();
    await expect_(unit.page.getByTestId('change-requests').getByTestId('rejection-reason')).toBe('区（产业）工会不同意：新领衔人材料不全，请补充后重新申请');
    const filed = unit.page.getByTestId('change-requests').locator('tr[data-request]', { hasText: '已驳回' });
    const [popup] = await Promise.all([unit.page.waitForEvent('popup'), filed.getByRole('button', { name: '打印申请表' }).click()]);
    await popup.waitForLoadState();
    const printed = await popup.locator('body').innerText();
    expect(printed).toMatch(/联系人\s+李红\s+联系电话\s+13917001234/);
    expect(printed).toMatch(/人数\s+12/);
    expect(printed).toMatch(/工作室地址\s+上海市松江区荣乐东路 2 号/);
    await screenshot(popup, 'month-form-contact');
    await popup.close();

    // the city office lands on the requests awaiting it and approves with the word 同意
    const r = world.workshopReviewed;
    const city = await as('city');
    await city.page.waitForURL(/#\/change-requests$/);
    const cityTabs = city.page.getByTestId('request-tabs');
    expect(await cityTabs.locator('[data-tab=union_reviewed]').getAttribute('aria-selected')).toBe('true');
    await expect_(cityTabs.locator('[data-tab=union_reviewed]')).toBe('待市办公室决定（1）');
    const cityRow = city.page.locator(`tr[data-request="${r.requestId}"]`);
    await screenshot(city.page, 'month-city-lands-on-queue');
    await cityRow.getByRole('textbox', { name: '意见' }).fill('同意');
    await cityRow.getByRole('button', { name: '同意', exact: true }).click();
    await city.page.locator('dialog[open]').getByRole('button', { name: '确认同意' }).click();
    await expect_(okNotice(city.page)).toContain(`${r.name}：已批准`);
    await cityRow.waitFor({ state: 'detached' });
    await expect_(cityTabs.locator('[data-tab=union_reviewed]')).toBe('待市办公室决定（0）');
    await cityTabs.locator('[data-tab=approved]').click();
    const approved = city.page.locator(`tr[data-request="${r.requestId}"]`);
    const [form2] = await Promise.all([city.page.waitForEvent('popup'), approved.getByRole('button', { name: '打印申请表' }).click()]);
    await form2.waitForLoadState();
    const text = await form2.locator('body').innerText();
    expect(text).not.toContain('同意。同意');
    expect(text).toMatch(/原领衔人\s+刘德明/);
    expect(text).toMatch(/现领衔人\s+吴晓东（\d{4}年\d+月\d+日起）/);
    expect(text).toMatch(/同意\s+上海市工匠创新工作室创建命名办公室\s+\d{4}年\d+月\d+日/);
    await screenshot(form2, 'month-form-approved-lead-change');
    await form2.close();
  });

  it('item 8: once this month is closed, 核算本月 is disabled and says why', async () => {
    const period = shanghaiToday().slice(0, 7);
    const finance = await tokenOf('finance');
    await http(finance).post('/api/v1/payment-runs').send({ period }).expect(200);
    await http(finance).post(`/api/v1/payment-runs/${period}/close`).expect(200);
    const { page } = await as('finance');
    await page.waitForURL(/#\/dashboard$/); // finance's home is the dashboard (SPEC §3.9)
    await page.getByRole('navigation').getByRole('link', { name: '津贴发放' }).click();
    await page.waitForURL(/#\/payments$/);
    await expect_(page.getByTestId('run-current-closed')).toContain(`本月（${period}）已关账，不能再核算`);
    expect(await page.getByTestId('run-current').isDisabled()).toBe(true);
    await screenshot(page, 'month-finance-closed-month');
    await signOut(page);
  });
});
