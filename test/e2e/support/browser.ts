import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { startTestApp, TestApp } from '../../support/test-app';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
export const SKIP_MESSAGE = `e2e: Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH); browser tests skipped`;

export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh headless Chromium (playwright gives each launch a new temporary profile). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS, timeout: 60_000 });
}

/** Today in Asia/Shanghai, as the console computes it from the browser's clock. */
export function shanghaiToday(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export interface ConsoleApp {
  t: TestApp;
  baseUrl: string;
  /** Moves the server's TestClock to the real time (the browser uses the real clock). */
  syncClock(): void;
}

/** The real service on a real port, its clock at the real time, serving the console at `/`. */
export async function startConsoleApp(): Promise<ConsoleApp> {
  const t = await startTestApp({ queue: false });
  const syncClock = () => t.clock.advance(Date.now() - t.clock.now().getTime());
  syncClock();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, syncClock };
}

export type Viewport = { width: number; height: number };
export const DESKTOP: Viewport = { width: 1280, height: 800 };
export const PHONE: Viewport = { width: 390, height: 844 };

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: a test expects none. */
  pageErrors: string[];
}

/**
 * Closes the pages a test opened. The test fails when one of them had an
 * uncaught exception. (Call in afterEach, having taken the pages out of the test's hands.)
 */
export async function closePages(pages: ConsolePage[]): Promise<void> {
  for (const c of pages) {
    const errors = c.pageErrors;
    await c.context.close();
    expect(errors).toEqual([]); // no uncaught exception in the page
  }
}

/** Closes the browser and the app, either of which may not have started, and removes the download folder if one was made. */
export async function closeConsole(browser: Browser | undefined, app: ConsoleApp | undefined, downloads?: string): Promise<void> {
  await browser?.close();
  await app?.t.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
}

export async function openConsole(browser: Browser, baseUrl: string, viewport: Viewport = DESKTOP): Promise<ConsolePage> {
  const phone = viewport.width < 600;
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto('/');
  return { context, page, pageErrors };
}

/** A new console page, signed in (its clock fixed first when given: the console then computes dates from it). */
export async function openSignedIn(browser: Browser, baseUrl: string, who: { username: string; password: string }, viewport: Viewport = DESKTOP, fixedTime?: Date): Promise<ConsolePage> {
  const c = await openConsole(browser, baseUrl, viewport);
  if (fixedTime) {
    await c.context.clock.setFixedTime(fixedTime);
    await c.page.reload();
  }
  await signIn(c.page, who.username, who.password);
  return c;
}

/** Signs in through the form and waits for the signed-in header. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form.signin button[type=submit]').click();
  await page.getByTestId('who').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.locator('input[name=username]').waitFor();
}

/**
 * Saves test/e2e/screenshots/<name>.png (an artefact of the run, not committed):
 * the whole page on a desktop, what the screen shows on a phone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const phone = (page.viewportSize()?.width ?? DESKTOP.width) < 600;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: !phone });
}

/** How far the page is wider than the screen's CSS width (≤ 0 when nothing overflows horizontally). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // A string: the test project is type-checked without the DOM library.
  const scrollWidth = Number(await page.evaluate('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)'));
  return scrollWidth - (page.viewportSize()?.width ?? 0);
}

/** The console's money format (web/src/labels.ts): ¥1,234.00, -¥1,000.00. */
export function yuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}¥${Math.floor(abs / 100).toLocaleString('zh-CN')}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Waits (up to 15 s) until one of the locator's elements contains, or reads
 * exactly, a text. A failure says what it saw and what the page showed as an
 * error, so a run in CI explains itself.
 */
/**
 * Waits for `locator` to show; when it does not, says where the page is
 * instead (its hash, heading and error notices), not only that time ran out.
 */
export async function shown(locator: Locator, timeout = 30_000): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    const page = locator.page();
    const heading = await page.locator('main h2').allInnerTexts();
    const alerts = await page.locator('.notice.error, [role=alert], p.loading').allInnerTexts();
    throw new Error(`${locator} did not show within ${timeout} ms; the page is at ${page.url()}, heading ${JSON.stringify(heading)}, notices ${JSON.stringify(alerts)}`, { cause: error });
  }
}

export function expect_(locator: Locator) {
  const wait = async (test: (text: string) => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const seen = (await locator.allInnerTexts()).map((t) => t.trim());
      if (seen.some(test)) return;
      if (Date.now() > deadline) {
        const alerts = await locator.page().locator('.notice.error, [role=alert], [data-testid=row-errors]').allInnerTexts();
        throw new Error(`${locator} ${what}; saw ${JSON.stringify(seen)}; the page's errors: ${JSON.stringify(alerts)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    toContain: (text: string) => wait((t) => t.includes(text), `did not come to contain ${JSON.stringify(text)}`),
    toBe: (text: string) => wait((t) => t === text, `did not come to read ${JSON.stringify(text)}`),
  };
}
