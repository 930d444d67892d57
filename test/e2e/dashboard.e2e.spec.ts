import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { readSheets } from '../support/xlsx-read';
import { closeConsole, closePages, ConsoleApp, ConsolePage, HAVE_CHROMIUM, launchChromium, openSignedIn, screenshot, shanghaiToday, SKIP_MESSAGE, startConsoleApp, yuan } from './support/browser';
import { buildConsoleWorld, ConsoleWorld, credentialsOf, UserKey } from './support/world';

/**
 * Issue 18: the dashboard is the home of finance and the district office, it
 * shows the money the payment runs paid (the same totals), each chart's numbers
 * download as xlsx, a person's payment history is one click, and a unit union
 * records its workshop's year and downloads its 004 附件2 form. Screenshots:
 * finance-dashboard, admin-dashboard, union-annual-results.
 */
if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);
const describeWithChromium = HAVE_CHROMIUM ? describe : describe.skip;


interface Summary {
  period: string;
  totals: { allowanceFen: number; grantFen: number; clawbackFen: number; netFen: number };
}

describeWithChromium('dashboard and reports in Chromium (end to end)', () => {
  let app: ConsoleApp;
  let world: ConsoleWorld;
  let browser: Browser;
  const open: ConsolePage[] = [];
  const current = shanghaiToday().slice(0, 7);
  const previous = (() => {
    const [y, m] = current.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  })();

  const as = async (key: UserKey | 'admin'): Promise<Page> => {
    const c = await openSignedIn(browser, app.baseUrl, credentialsOf(world, key));
    open.push(c);
    return c.page;
  };
  const downloadFrom = async (page: Page, button: Locator): Promise<Buffer> => {
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    return readFile(await file.path());
  };
  const tokenOf = async (key: UserKey) => (await app.t.http(null).post('/api/v1/sessions').send(world.passwords[key]).expect(201)).body.token as string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsoleApp(), launchChromium()]);
    world = await buildConsoleWorld(app.t, shanghaiToday());
    // Last month run and closed (its totals come from the close), this month run and open.
    const finance = await tokenOf('finance');
    await app.t.http(finance).post('/api/v1/payment-runs').send({ period: previous }).expect(200);
    await app.t.http(finance).post(`/api/v1/payment-runs/${previous}/close`).expect(200);
    await app.t.http(finance).post('/api/v1/payment-runs').send({ period: current }).expect(200);
  }, 180_000);

  beforeEach(() => app.syncClock());

  afterEach(() => closePages(open.splice(0)));

  afterAll(() => closeConsole(browser, app), 60_000);

  it('finance lands on the dashboard, whose money is the payment runs’ money, and downloads the chart’s numbers', async () => {
    const page = await as('finance');
    await page.waitForURL(/#\/dashboard$/);
    await page.getByTestId('money-chart').waitFor();
    const runs = (await app.t.http().get('/api/v1/payment-runs').expect(200)).body.items as Summary[];
    expect(runs.map((r) => r.period)).toEqual([current, previous]);
    for (const r of runs) {
      const row = page.getByTestId('money-table').locator(`tr[data-period="${r.period}"] td`);
      const cells = await row.allInnerTexts();
      // 正常, 补发, 资助, 追回, 合计 — 津贴 (正常 + 补发), 资助 and 追回 as the run's summary has them.
      expect(cells[3]).toBe(yuan(r.totals.grantFen));
      expect(cells[4]).toBe(yuan(r.totals.clawbackFen));
      expect(cells[5]).toBe(yuan(r.totals.netFen));
    }
    const net = runs.reduce((s, r) => s + r.totals.netFen, 0);
    expect(net).toBeGreaterThan(0);
    expect((await page.getByTestId('money-total').locator('th').allInnerTexts())[5]).toBe(yuan(net));
    expect(await page.getByTestId('net-36').innerText()).toBe(yuan(net));
    expect(await page.getByTestId('money-chart').locator(`g[data-period="${current}"]`).getAttribute('data-net')).toBe(String(runs[0].totals.netFen));
    await page.getByTestId('bars-cohort').waitFor();
    await screenshot(page, 'finance-dashboard');

    const sheets = await readSheets(await downloadFrom(page, page.getByTestId('xlsx-payments')));
    const money = sheets['按月发放'];
    expect(money[money.length - 1][0]).toBe('合计');
    expect(money[money.length - 1][5]).toBeCloseTo(net / 100, 2);
    expect(money.find((r) => r[0] === current)?.[5]).toBeCloseTo(runs[0].totals.netFen / 100, 2);
  });

  it('admin lands on the dashboard, finds a person and downloads what was paid to them since 2024', async () => {
    const page = await as('admin');
    await page.waitForURL(/#\/dashboard$/);
    await page.getByTestId('bars-status').waitFor();
    expect(await page.getByTestId('active-count').innerText()).toBe('3');
    await page.getByTestId('assessment-report').waitFor();
    await screenshot(page, 'admin-dashboard');

    const box = page.getByTestId('payment-history');
    await box.locator('input[name=name]').fill('李明华');
    await box.getByRole('button', { name: '查找' }).click();
    const sheets = await readSheets(await downloadFrom(page, box.getByTestId('history-person')));
    const designation = (await app.t.http().get('/api/v1/designations?name=李明华').expect(200)).body.items[0];
    const ledger = (await app.t.http().get(`/api/v1/designations/${designation.id}/payments`).expect(200)).body.items as Array<{ amountFen: number }>;
    const detail = sheets['明细'];
    expect(detail[0][0]).toContain('李明华');
    expect(detail).toHaveLength(2 + ledger.length + 1);
    expect(detail[detail.length - 1][7]).toBeCloseTo(ledger.reduce((s, l) => s + l.amountFen, 0) / 100, 2);
  });

  it('a unit union records its workshop’s year and downloads the 004 附件2 form with it', async () => {
    const page = await as('unitUnion');
    await page.goto(`${app.baseUrl}/#/workshops/${world.workshopToChange.id}`);
    const card = page.getByTestId('annual-results');
    await card.waitFor();
    const year = String(Number(current.slice(0, 4)) - 1);
    await card.locator('input[name=year]').fill(year);
    await card.locator('input[name=results]').fill('6');
    await card.locator('input[name=invention]').fill('2');
    await card.locator('input[name=utilityModel]').fill('x');
    await card.getByRole('button', { name: /登记/ }).click();
    await card.locator('[data-field=utilityModel] .field-error').waitFor(); // the API's message, beside its field
    await card.locator('input[name=utilityModel]').fill('3');
    await card.locator('input[name=activities]').fill('4');
    await card.getByRole('button', { name: /登记/ }).click();
    await card.locator('.notice.ok').waitFor();
    await card.locator('tbody tr', { hasText: year }).waitFor();
    await screenshot(page, 'union-annual-results');

    await page.getByRole('navigation').getByRole('link', { name: '工作室' }).click();
    const forms = page.getByTestId('union-forms');
    await forms.locator('input[name=year]').fill(year);
    const form = (await readSheets(await downloadFrom(page, forms.getByTestId('form-004'))))['统计表'];
    expect(form[1]).toEqual(['区局（产业）工会名称', '上海松江精密机械有限公司工会']);
    expect(form[5]).toEqual(['本地区、本系统创新工作室创新成果数量', 6]);
    expect(form[6]).toEqual(['本地区、本系统创新工作室联盟（交流）活动次数', 4]);
    expect(form[8]).toEqual([null, 2, 3, 0]);
  });
});
