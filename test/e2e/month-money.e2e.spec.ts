import ExcelJS from 'exceljs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Given } from '../support/given';
import { closeConsole, closePages, ConsoleApp, ConsolePage, expect_, shown, HAVE_CHROMIUM, launchChromium, openSignedIn, screenshot, shanghaiToday, SKIP_MESSAGE, startConsoleApp } from './support/browser';
import { buildConsoleWorld, ConsoleWorld, credentialsOf, UserKey } from './support/world';

/**
 * Issue 15 items 1–3 ("money safety") in Chromium: an approval states its
 * money effect before it is given (停发自 …，追回 ¥…); the period then says it
 * is stale (自上次核算后 N 人有变化，请重新核算) and cannot be closed; a close
 * refused because the figures went stale meanwhile shows why; after a re-run
 * it closes, and the xlsx roster opens on its 汇总 sheet with the run number.
 * 不合格 and the unions' 同意/不同意 are confirmed, told what they set going.
 */
if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);
const describeWithChromium = HAVE_CHROMIUM ? describe : describe.skip;

const addPeriods = (period: string, n: number) => {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

describeWithChromium('a month of money in the console (issue 15)', () => {
  let app: ConsoleApp;
  let world: ConsoleWorld;
  let browser: Browser;
  let downloads: string;
  const open: ConsolePage[] = [];
  const period = shanghaiToday().slice(0, 7);
  /** The retiree's suspension: effective two months back, so three months paid are clawed back. */
  const effectiveOn = `${addPeriods(period, -2)}-01`;
  let retiree: { designationId: string; adjustmentId: string };
  let other: { designationId: string };

  const http = () => app.t.http();
  const as = async (key: UserKey | 'admin'): Promise<Page> => {
    const c = await openSignedIn(browser, app.baseUrl, credentialsOf(world, key));
    open.push(c);
    return c.page;
  };
  const dialog = (page: Page) => page.locator('dialog[open]');

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchChromium()]);
    world = await buildConsoleWorld(app.t, shanghaiToday());
    downloads = await mkdtemp(join(tmpdir(), 'sjct-e2e-month-'));
    const given = new Given(app.t);
    const assessed = (await http().get(`/api/v1/designations/${world.assessed.designationId}`).expect(200)).body;
    const employerId: string = assessed.employerId;
    // Two chief technicians paid since a year ago.
    const designatedOn = `${addPeriods(period, -13)}-10`;
    const r = await given.designation({ talentId: (await given.talent({ employerId, name: '退休者老周' })).id, designatedOn });
    const o = await given.designation({ talentId: (await given.talent({ employerId, name: '钱师傅' })).id, designatedOn });
    other = { designationId: o.id };
    // 张建国 (whose mid-term is open) leads a chief technician workshop: a 不合格 reaches it too.
    await http().post('/api/v1/workshops').send({ kind: 'chief_technician', name: '张建国首席技师工作室', employerId, leadTalentId: assessed.talentId, level: 'district', namedOn: shanghaiToday() }).expect(201);
    await http().post('/api/v1/payment-runs').send({ period }).expect(200);
    // The office learns late that 老周 retired two months ago.
    const adjustment = (await http().post(`/api/v1/designations/${r.id}/adjustments`).send({ reason: 'retired', effectiveOn, note: '已办理退休' }).expect(201)).body;
    retiree = { designationId: r.id, adjustmentId: adjustment.id };
    await http().post('/api/v1/payment-runs').send({ period }).expect(200);
  }, 180_000);

  beforeEach(() => app.syncClock());

  afterEach(() => closePages(open.splice(0)));

  afterAll(() => closeConsole(browser, app, downloads), 60_000);

  it('admin: approving the retirement first says 停发自 … ，追回 ¥3,000.00', async () => {
    const page = await as('admin');
    await page.getByRole('navigation').getByRole('link', { name: '动态调整' }).click();
    const row = page.locator(`tr[data-adjustment="${retiree.adjustmentId}"]`);
    await expect_(row).toContain('退休者老周');
    await row.getByRole('button', { name: '批准' }).click();
    const effect = dialog(page).getByTestId('decision-effect');
    await expect_(effect).toContain(`停发自 ${effectiveOn}，追回 ¥3,000.00`);
    await expect_(effect).toContain(`${addPeriods(period, -2)}、${addPeriods(period, -1)}、${period} 共 3 个月`);
    await screenshot(page, 'month-money-approve-confirm');
    // Cancelling decides nothing.
    await dialog(page).getByRole('button', { name: '取消' }).click();
    expect((await http().get(`/api/v1/adjustments?designationId=${retiree.designationId}`).expect(200)).body.items[0].status).toBe('pending');
    await row.getByRole('button', { name: '批准' }).click();
    await dialog(page).getByRole('button', { name: '确认批准' }).click();
    await expect_(page.locator('.notice.ok')).toContain('退休者老周：退休 已批准');
    expect((await http().get(`/api/v1/adjustments?designationId=${retiree.designationId}`).expect(200)).body.items[0].status).toBe('approved');
  });

  it('finance: the period says 自上次核算后 1 人有变化，请重新核算 and cannot be closed; after the re-run it can', async () => {
    const page = await as('finance');
    await page.goto(`/#/payments/${period}`);
    const stale = page.getByTestId('stale');
    await expect_(stale).toContain('自上次核算后 1 人有变化，请重新核算');
    expect(await page.getByTestId('close-period').isDisabled()).toBe(true);
    await expect_(page.getByTestId('roster-hint')).toContain('科学计数法');
    await screenshot(page, 'month-money-stale');
    await page.getByTestId('run-period').click();
    await expect_(page.locator('.notice.ok')).toContain(`${period} 已核算（第 3 次）`);
    await stale.waitFor({ state: 'detached' });
    await expect_(page.getByTestId('totals')).toContain('-¥3,000.00');
    expect(await page.getByTestId('close-period').isDisabled()).toBe(false);
  });

  it('finance: a close refused because the figures went stale meanwhile says so, and closes after the next run', async () => {
    const page = await as('finance');
    await page.goto(`/#/payments/${period}`);
    await page.getByTestId('totals').waitFor();
    await page.getByTestId('close-period').click();
    await expect_(dialog(page)).toContain('按第 3 次核算');
    // Meanwhile the office approves a suspension of 钱师傅 from last month.
    const a = (await http().post(`/api/v1/designations/${other.designationId}/adjustments`).send({ reason: 'violation', effectiveOn: `${addPeriods(period, -1)}-01` }).expect(201)).body;
    await http().post(`/api/v1/adjustments/${a.id}/decision`).send({ decision: 'approve' }).expect(200);
    await dialog(page).getByRole('button', { name: '确认关账' }).click();
    // The 409 shows above the page (its wording is the console's business: any error notice but the stale warning).
    await page.locator('.notice.error:not([data-testid=stale])').first().waitFor();
    await expect_(page.getByTestId('stale')).toContain('自上次核算后 1 人有变化，请重新核算');
    expect(await page.getByTestId('close-period').isDisabled()).toBe(true);
    expect((await http().get(`/api/v1/payment-runs/${period}`).expect(200)).body).toMatchObject({ status: 'open', stale: true, staleDesignations: 1 });
    await screenshot(page, 'month-money-close-refused');

    await page.getByTestId('run-period').click();
    await expect_(page.locator('.notice.ok')).toContain('第 4 次');
    await page.getByTestId('stale').waitFor({ state: 'detached' });
    await page.getByTestId('close-period').click();
    await expect_(dialog(page)).toContain('按第 4 次核算');
    await screenshot(page, 'month-money-close-confirm');
    await dialog(page).getByRole('button', { name: '确认关账' }).click();
    await expect_(page.locator('.notice.ok')).toContain(`${period} 已关账`);

    // The roster finance pays from: 汇总 first, then 明细, each titled with the period and the run number.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载津贴发放名册（Excel）' }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`首席技师津贴发放名册-${period}-第4次核算.xlsx`);
    const path = join(downloads, xlsx.suggestedFilename());
    await xlsx.saveAs(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    const summary = workbook.getWorksheet('汇总')!;
    expect(String(summary.getCell('A1').value)).toContain(`期间：${period}\u3000第 4 次核算`);
    expect(summary.getRow(2).getCell(2).value).toBe('姓名');
    const zhou = [...Array(summary.rowCount).keys()].map((i) => summary.getRow(i + 1)).find((r) => r.getCell(2).value === '退休者老周')!;
    // This period first paid him twelve months of arrears and the month itself, and recovers the three from his
    // retirement on: netted per month, the summary shows the ten months he was owed, nothing paid and recovered.
    expect([6, 7, 8, 9, 10].map((c) => zhou.getCell(c).value)).toEqual([0, 10, 0, 0, 10000]);
    const detail = workbook.getWorksheet('明细')!;
    const clawed = [...Array(detail.rowCount).keys()].map((i) => detail.getRow(i + 1)).filter((r) => r.getCell(2).value === '退休者老周' && r.getCell(9).value === '追回');
    expect(clawed.map((r) => r.getCell(10).value)).toEqual([-1000, -1000, -1000]);
    expect(String(detail.getCell('A1').value)).toContain(`期间：${period}\u3000第 4 次核算`);
    await screenshot(page, 'month-money-closed');
  });

  it('assessor: recording 不合格 first says it proposes the suspension of 张建国, who leads a workshop', async () => {
    const page = await as('assessor');
    const row = page.getByTestId('assessments').locator('tbody tr', { hasText: world.assessed.talentName });
    await row.getByRole('button', { name: '登记结果' }).click();
    const form = page.getByRole('region', { name: '登记考核结果' });
    await form.locator('select[name=grade]').selectOption('unqualified');
    await form.locator('input[name=assessedOn]').fill(shanghaiToday());
    await form.locator('input[name=score]').fill('52');
    await form.getByRole('button', { name: '提交结果' }).click();
    const effect = dialog(page).getByTestId('unqualified-effect');
    await expect_(effect).toContain(`将提出动态调整：拟自 ${shanghaiToday()} 起中止 张建国 的首席技师认定，停发津贴`);
    await expect_(effect).toContain('张建国 领衔 张建国首席技师工作室');
    await screenshot(page, 'month-money-unqualified-confirm');
    await dialog(page).getByRole('button', { name: '确认不合格' }).click();
    await expect_(page.locator('.notice.ok')).toContain('不合格');
    const adjustments = (await http().get(`/api/v1/adjustments?designationId=${world.assessed.designationId}`).expect(200)).body.items;
    expect(adjustments).toMatchObject([{ reason: 'assessment_failed', status: 'pending', effectiveOn: shanghaiToday() }]);
  });

  it('admin: corrects the 不合格 on the designation page (a score off its band is refused beside the field); the pending proposal is rejected', async () => {
    const page = await as('admin');
    await page.goto(`/#/designations/${world.assessed.designationId}`);
    const row = page.getByTestId('assessments').locator('tbody tr', { hasText: '不合格' });
    // Timed out once at 15 s in CI under load with nothing to go on: wait as long as the other pages, and say where the page is if not.
    const correct = row.getByRole('button', { name: '更正结果' });
    await shown(correct);
    await correct.click();
    const form = page.getByRole('region', { name: '更正考核结果' });
    await expect_(form).toContain('尚未决定的动态调整将被驳回');
    await form.locator('select[name=grade]').selectOption('basically_qualified');
    await form.locator('input[name=score]').fill('80');
    await form.locator('textarea[name=reason]').fill('带徒记录补交，复核为基本合格');
    await form.getByRole('button', { name: '提交更正' }).click();
    // 80 is 合格's band, not 基本合格's (SPEC §3.4): refused, shown beside the score.
    await form.locator('[data-field=score] .field-error').waitFor();
    await screenshot(page, 'month-money-correction-band');
    await form.locator('input[name=score]').fill('66');
    await form.getByRole('button', { name: '提交更正' }).click();
    await expect_(page.locator('.notice.ok')).toContain('不合格 → 基本合格');
    await expect_(page.getByTestId('assessments')).toContain('已由区协调小组办公室更正：带徒记录补交，复核为基本合格');
    const adjustments = (await http().get(`/api/v1/adjustments?designationId=${world.assessed.designationId}`).expect(200)).body.items;
    expect(adjustments).toMatchObject([{ reason: 'assessment_failed', status: 'rejected' }]);
    expect(adjustments[0].decisionComment).toContain('带徒记录补交，复核为基本合格');
    await screenshot(page, 'month-money-corrected');
  });

  it('unions and the city office: 不同意 and 同意 are confirmed, told what happens', async () => {
    // The unit union files a lead change; the district union refuses it.
    const token = (await http().post('/api/v1/sessions').send(world.passwords.unitUnion).expect(201)).body.token;
    const filed = (await app.t.http(token).post(`/api/v1/workshops/${world.workshopToChange.id}/change-requests`).send({ reason: 'retired', action: 'change_lead', newLeadTalentId: world.workshopToChange.newLeadId }).expect(201)).body;
    const district = await as('districtUnion');
    await district.getByRole('navigation').getByRole('link', { name: '管理变更申请' }).click();
    const row = district.locator(`tr[data-request="${filed.id}"]`);
    await row.getByRole('textbox', { name: '意见' }).fill('材料不全');
    await row.getByRole('button', { name: '不同意', exact: true }).click();
    await expect_(dialog(district).getByTestId('request-effect')).toContain('不同意后本申请即告终止（已驳回）');
    await screenshot(district, 'month-money-union-reject-confirm');
    await dialog(district).getByRole('button', { name: '确认不同意' }).click();
    await expect_(district.locator('.notice.ok')).toContain('已驳回');

    // The city office's final 同意 names the lead it replaces and the new one.
    const city = await as('city');
    await city.getByRole('navigation').getByRole('link', { name: '待决定的变更申请' }).click();
    const reviewed = city.locator(`tr[data-request="${world.workshopReviewed.requestId}"]`);
    await reviewed.getByRole('button', { name: '同意', exact: true }).click();
    await expect_(dialog(city).getByTestId('request-effect')).toContain(`同意后立即生效：${world.workshopReviewed.name}的领衔人由 刘德明 变更为 吴晓东`);
    await screenshot(city, 'month-money-city-approve-confirm');
    await dialog(city).getByRole('button', { name: '确认同意' }).click();
    await expect_(city.locator('.notice.ok')).toContain('已批准');
  });
});
