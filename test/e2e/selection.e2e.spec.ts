import type { Browser } from 'playwright-core';
import { addDays } from '../../src/core/clock/business-date';
import { Given, idNumberFor } from '../support/given';
import { ADMIN_PASSWORD } from '../support/test-app';
import { closeConsole, closePages, ConsoleApp, ConsolePage, HAVE_CHROMIUM, launchChromium, openSignedIn, screenshot, shanghaiToday, signOut, SKIP_MESSAGE, startConsoleApp } from './support/browser';

/**
 * Issue 16 in the browser: an employer files a 单位推荐 application for a new
 * person and records an annual review of its chief technician; the street
 * gives its 推荐意见 from its queue; the district office reads the round's board
 * by stage with the application's warning and records the 资格审查.
 */
if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);
const describeWithChromium = HAVE_CHROMIUM ? describe : describe.skip;

describeWithChromium('console in Chromium: selection round (employer, street, office)', () => {
  let app: ConsoleApp;
  let browser: Browser;
  let opened: ConsolePage | undefined;
  const users = { employer: { username: 'hr-jingmi', password: 'employer password 1' }, street: { username: 'yongfeng', password: 'street password 1' } };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchChromium()]);
    const t = app.t;
    const given = new Given(t);
    const street = await given.street('永丰街道');
    const employer = await given.employer({ name: '上海松江精密机械有限公司', streetId: street.id });
    const create = async (body: Record<string, unknown>) => {
      const res = await t.http().post('/api/v1/users').send(body);
      if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
    };
    await create({ name: '人事处张敏', role: 'employer', organizationId: employer.id, ...users.employer });
    await create({ name: '永丰街道王刚', role: 'assessor', organizationId: street.id, ...users.street });
    const talent = await given.talent({ employerId: employer.id, name: '陈建华' });
    await given.designation({ talentId: talent.id, designatedOn: '2025-06-15' });
    const today = shanghaiToday();
    const res = await t.http().post('/api/v1/rounds').send({ cohort: '2027', applicationsOpen: addDays(today, -5), applicationsClose: addDays(today, 20) });
    if (res.status !== 201) throw new Error(`round: ${res.status} ${res.text}`);
  }, 180_000);

  afterEach(() => closePages(opened ? [opened] : []).finally(() => (opened = undefined)));

  afterAll(() => closeConsole(browser, app), 60_000);

  it('employer: files an application for a new person (a warning shown), and records an annual review of its own chief technician', async () => {
    opened = await openSignedIn(browser, app.baseUrl, { username: users.employer.username, password: users.employer.password });
    const { page } = opened;
    await page.getByRole('navigation').getByRole('link', { name: '首席技师申报' }).click();
    await page.getByTestId('rounds').getByRole('button', { name: '申报' }).click();
    const form = page.getByTestId('application-form');
    await form.locator('input[name="person.name"]').fill('李申报');
    await form.locator('input[name="person.idNumber"]').fill(idNumberFor('1986-03-03'));
    await form.locator('input[name=occupation]').fill('数控车工');
    await form.locator('select[name=skillLevel]').selectOption('senior_worker');
    await form.locator('input[name=post]').fill('班组长');
    await form.locator('select[name=industry]').selectOption('new_materials');
    await form.locator('textarea[name=achievements]').fill('主持数控工艺改进，年节约成本 80 万元');
    await form.getByRole('button', { name: '提交' }).click();
    await page.locator('.notice.ok', { hasText: '已提交 李申报 的申报' }).waitFor();
    await page.locator('.notice.ok', { hasText: '低于技师' }).waitFor();
    const row = page.getByTestId('applications').locator('tbody tr', { hasText: '李申报' });
    await row.getByText('待推荐意见').waitFor();
    await screenshot(page, 'selection-employer-applications');

    await page.getByRole('navigation').getByRole('link', { name: '本单位首席技师' }).click();
    const person = page.getByTestId('my-designations').locator('tbody tr', { hasText: '陈建华' });
    await person.getByRole('button', { name: '登记日常考查' }).click();
    const review = page.getByRole('region', { name: '登记日常考查' });
    await review.locator('input[name=year]').fill('2025');
    await review.locator('select[name=grade]').selectOption('qualified');
    await review.locator('input[name=reviewedOn]').fill('2025-12-20');
    await review.getByRole('button', { name: '提交' }).click();
    await page.locator('.notice.ok', { hasText: '2025 年度日常考查：合格' }).waitFor();
    await person.getByRole('button', { name: '津贴发放' }).click();
    await page.getByTestId('lines').waitFor();
    await screenshot(page, 'selection-employer-people');
    await signOut(page);
  });

  it('street: gives its recommendation from the queue', async () => {
    opened = await openSignedIn(browser, app.baseUrl, { username: users.street.username, password: users.street.password });
    const { page } = opened;
    await page.getByRole('navigation').getByRole('link', { name: '选拔推荐意见' }).click();
    const row = page.getByTestId('recommendation-queue').locator('tbody tr', { hasText: '李申报' });
    await row.getByRole('textbox', { name: '推荐意见' }).fill('该同志技艺精湛，同意推荐');
    await screenshot(page, 'selection-street-queue');
    await row.getByRole('button', { name: '推荐', exact: true }).click();
    await page.locator('.notice.ok', { hasText: '已出具 李申报 的推荐意见：推荐' }).waitFor();
    await page.getByRole('tab', { name: '已推荐' }).click();
    await page.getByTestId('recommendation-queue').locator('tbody tr', { hasText: '李申报' }).waitFor();
  });

  it('office: reads the board by stage with the warning, records eligibility, and files a 个人自荐 on a candidate’s behalf', async () => {
    opened = await openSignedIn(browser, app.baseUrl, { username: 'admin', password: ADMIN_PASSWORD });
    const { page } = opened;
    await page.getByRole('navigation').getByRole('link', { name: '首席技师选拔' }).click();
    await page.getByTestId('rounds').locator('tbody tr', { hasText: '2027年' }).getByRole('button', { name: '查看' }).click();
    await page.getByTestId('stage-counts').getByRole('tab', { name: '已推荐 1' }).waitFor();
    const row = page.getByTestId('round-applications').locator('tbody tr', { hasText: '李申报' });
    await row.getByTestId('warnings').getByText('低于技师').waitFor();
    await screenshot(page, 'selection-office-board');
    await row.getByRole('button', { name: '资格审查' }).click();
    const form = page.getByRole('region', { name: '资格审查' });
    await form.locator('select[name=decision]').selectOption('eligible');
    await form.locator('textarea[name=reasons]').fill('材料齐全，符合申报条件');
    await form.getByRole('button', { name: '提交' }).click();
    await page.locator('.notice.ok', { hasText: '已登记 李申报 的资格审查' }).waitFor();
    await page.getByTestId('stage-counts').getByRole('tab', { name: '资格审查通过 1' }).waitFor();
    await screenshot(page, 'selection-office-eligibility');

    // The office files a 个人自荐 on the candidate's behalf; it enters the street's queue.
    await page.getByRole('button', { name: '代为申报' }).click();
    const filing = page.getByTestId('application-form');
    await filing.locator('select[name=channel]').selectOption('self');
    await filing.locator('select[name="person.employerId"]').selectOption({ label: '上海松江精密机械有限公司' });
    await filing.locator('input[name="person.name"]').fill('赵自荐');
    await filing.locator('input[name="person.idNumber"]').fill(idNumberFor('1984-09-09'));
    await filing.locator('input[name=occupation]').fill('焊工');
    await filing.locator('select[name=skillLevel]').selectOption('senior_technician');
    await filing.locator('input[name=post]').fill('焊接主管');
    await filing.locator('select[name=industry]').selectOption('new_energy');
    await filing.getByRole('button', { name: '提交' }).click();
    await page.locator('.notice.ok', { hasText: '已代为提交 赵自荐 的申报（个人自荐）' }).waitFor();
    await page.getByTestId('stage-counts').getByRole('tab', { name: '待推荐意见 1' }).waitFor();
  });
});
