import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startFirstRunServer } from '../../workstation/firstRunServer';
import { SHOTS, shot, signInAtCounter, specOffice, login, openAllDay, closeScreensWhenDone } from './pages';
import { wsClient, type WsClient } from '../support/wsClient';

closeScreensWhenDone();

// Issue 22 § 1 and § 6, in an office of its own: the tariff in force on the waiting-room board (in
// turn with the calls, a call never hidden) and on the kiosk when left untouched, changing by itself
// when the office clock crosses the day a new table takes effect; axe-core on every screen (zero
// serious or critical violations), the large-text and high-contrast modes, and keyboard-only walks of
// the kiosk and the counter.

/** The office clock runs this far ahead of the PC's: the spec moves it across a day. */
const clock = { aheadMs: 0 };
const office = specOffice('a11y', { port: 0, now: () => new Date(Date.now() + clock.aheadMs) });

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
});

/** A screen in a context of its own (axe-core needs the page's context), with the office's locale; console errors recorded. */
async function open(browser: Browser, where: string, size = { width: 1366, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport: size, locale: 'fa-IR', timezoneId: 'Asia/Tehran', baseURL: office.web.origin });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && office.consoleErrors.push(`${where}: ${m.text()}`));
  page.on('pageerror', (e) => office.consoleErrors.push(`${where}: ${e.message}`));
  contexts.push(context);
  await page.goto(where);
  return page;
}
let hub: WsClient;

/** A table taking effect tomorrow (the hub refuses one in force today or earlier). */
let tomorrow = '';
const PETITION_NEXT = 990_000;

/** The WCAG 2.1 A/AA rules; what the spec refuses is any serious or critical violation. */
async function axe(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect.soft(bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`), `axe on ${screen}`).toEqual([]);
}

async function callOne(): Promise<void> {
  const kiosk = await wsClient(`${office.web.origin.replace('http', 'ws')}/api/ws`);
  kiosk.setSession((await kiosk.ok('auth.deviceLogin', { role: 'kiosk' })).session);
  const info = await kiosk.ok('queue.kioskInfo', {});
  await kiosk.ok('queue.issueTicket', { serviceId: info.services[0]!.id });
  kiosk.close();
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  hub = await wsClient(`${office.web.origin.replace('http', 'ws')}/api/ws`);
  hub.setSession((await hub.ok('auth.login', { username: 'maryam', password: 'Sabz-Kuh-1403' })).session);
  await hub.ok('queue.setPrinter', { printer: { kind: 'none' } });
  await openAllDay((proc, input) => hub.ok(proc, input));
  const board = await hub.ok('tariff.board', {});
  const { addJalaliDays } = await import('../../core/format/jalaliDay');
  tomorrow = addJalaliDays(board.day, 1);
  await hub.ok('tariff.addTable', {
    id: 'office-next',
    title: 'تعرفهٔ تازهٔ خدمات دفاتر',
    effectiveFrom: tomorrow,
    source: 'بخشنامهٔ شمارهٔ ۹۰۰۰/۵۵۵/۱۰۰',
    items: { petition: PETITION_NEXT, formalNotice: 700_000, extraPage: 80_000, extraPerson: 80_000 },
  });
});

test.afterAll(() => hub?.close());

test.describe('the tariff board (ماده ۳۴ ت)', () => {
  test('the board shows the tariff after the calls, a new call interrupts it at once and stays its full time — 1920×1080 and 1366×768', async ({ browser }) => {
    test.setTimeout(150_000);
    const board = await open(browser, '/board', { width: 1920, height: 1080 });
    const shell = board.locator('.board-shell');
    await expect(shell).toHaveAttribute('data-board-page', 'calls');
    // 25 s of calls, then the office's tariff, large
    await expect(shell).toHaveAttribute('data-board-page', 'tariff', { timeout: 35_000 });
    await expect(board.getByRole('region', { name: 'تعرفهٔ خدمات دفتر' })).toContainText('۷۷۰٬۰۰۰');
    await shot(board, 'a11y-board-tariff-1920x1080');
    // a call now: the calls at once, for its whole time
    await callOne();
    const counter = await open(browser, '/counter');
    await signInAtCounter(counter);
    await counter.keyboard.press('F2');
    await expect(shell).toHaveAttribute('data-board-page', 'calls', { timeout: 3_000 });
    const calledAt = Date.now();
    await expect(board.locator('.board-now-number')).toHaveText(/۰۰۱/);
    await board.waitForTimeout(15_000);
    await expect(shell).toHaveAttribute('data-board-page', 'calls');
    await expect(shell).toHaveAttribute('data-board-page', 'tariff', { timeout: 15_000 });
    expect(Date.now() - calledAt).toBeGreaterThanOrEqual(19_000);
    // the judicial costs' turn now, and the call still in sight on its strip
    await expect(board.getByRole('region', { name: 'هزینهٔ دادرسی (به حساب قوهٔ قضاییه)' })).toBeVisible();
    await expect(board.locator('.board-tariff-strip')).toContainText(/۰۰۱/);
    await board.setViewportSize({ width: 1366, height: 768 });
    await shot(board, 'a11y-board-tariff-judicial-1366x768');
    // nothing on the TV scrolls or is cut
    expect(await board.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
    await axe(board, 'board, tariff page');
    await counter.keyboard.press('F4');
    await counter.keyboard.press('F8');
    await counter.close();
    await board.close();
  });

  test('the kiosk shows the tariff when left untouched, and the next touch brings the services back', async ({ browser }) => {
    test.setTimeout(120_000);
    const kiosk = await open(browser, '/kiosk', { width: 1366, height: 768 });
    await expect(kiosk.getByRole('button', { name: /دادخواست/ }).first()).toBeVisible();
    await expect(kiosk.getByRole('region', { name: 'تعرفهٔ خدمات دفتر', exact: true })).toContainText('۷۷۰٬۰۰۰', { timeout: 60_000 });
    await shot(kiosk, 'a11y-kiosk-idle-tariff-1366x768');
    await axe(kiosk, 'kiosk, idle with the tariff');
    await kiosk.setViewportSize({ width: 1920, height: 1080 });
    await shot(kiosk, 'a11y-kiosk-idle-tariff-1920x1080');
    await kiosk.mouse.click(600, 400);
    await expect(kiosk.getByRole('button', { name: /دادخواست/ }).first()).toBeVisible();
    await expect(kiosk.getByRole('region', { name: 'تعرفهٔ خدمات دفتر', exact: true })).toHaveCount(0);
    await kiosk.close();
  });

  test('the board changes by itself when the office clock crosses the day a new table takes effect', async ({ browser }) => {
    test.setTimeout(150_000);
    const board = await open(browser, '/board', { width: 1920, height: 1080 });
    const shell = board.locator('.board-shell');
    await expect(shell).toHaveAttribute('data-board-page', 'tariff', { timeout: 60_000 });
    await expect(board.locator('.tariff-next')).toBeVisible();
    // the office clock to tomorrow 08:00 in Tehran: the new table is in force with nobody touching anything
    const { jalaliToGregorian, parseJalaliDay } = await import('../../core/format/jalaliDay');
    const g = jalaliToGregorian(parseJalaliDay(tomorrow)!);
    clock.aheadMs = Date.UTC(g.year, g.month - 1, g.day, 4, 30) - Date.now();
    const figure = new Intl.NumberFormat('en-US').format(PETITION_NEXT).replace(/,/g, '٬').replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
    await expect(board.getByText(figure)).toBeVisible({ timeout: 70_000 });
    await expect(board.locator('.tariff-next')).toHaveCount(0);
    await shot(board, 'a11y-board-tariff-new-table-1920x1080');
    clock.aheadMs = 0;
    await board.close();
  });
});

test.describe('axe on every screen (ماده ۴۷ پ)', () => {
  test('axe: the login screen and the counter desk with its dialogs', async ({ browser }) => {
    const page = await open(browser, '/counter', { width: 1366, height: 768 });
    await expect(page.getByLabel('نام کاربری')).toBeVisible();
    await axe(page, 'login');
    await signInAtCounter(page);
    await axe(page, 'counter desk');
    await page.keyboard.press('F1');
    await expect(page.getByRole('dialog')).toBeVisible();
    await axe(page, 'counter, F1 keys');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F5');
    await expect(page.getByRole('dialog')).toBeVisible();
    await axe(page, 'counter, F5 request search');
    await page.keyboard.press('Escape');
    await callOne();
    await page.keyboard.press('F10');
    const outOfTurn = page.getByRole('dialog');
    if (await outOfTurn.isVisible().catch(() => false)) {
      await axe(page, 'counter, F10 out of turn');
      await page.keyboard.press('Escape');
    }
    await page.close();
  });

  test('axe: every section of the manager console', async ({ browser }) => {
    test.setTimeout(240_000); // one axe pass per section, each several seconds on a loaded machine
    const page = await open(browser, '/manager', { width: 1366, height: 768 });
    await login(page);
    const nav = page.getByRole('navigation');
    await expect(nav).toBeVisible();
    const sections = await nav.getByRole('button').allTextContents();
    expect(sections.length).toBeGreaterThan(5);
    for (const name of sections) {
      await nav.getByRole('button', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await page.waitForLoadState('networkidle').catch(() => {});
      await axe(page, `manager, ${name}`);
    }
    await page.close();
  });

  test('axe: the kiosk, the applicant screen and the board, in every display mode', async ({ browser }) => {
    for (const path of ['/kiosk', '/applicant?counter=1', '/board']) {
      const page = await open(browser, path, { width: 1366, height: 768 });
      await page.waitForLoadState('networkidle').catch(() => {});
      await page.locator('main').first().waitFor();
      await axe(page, path);
      if (path !== '/board') {
        await page.getByRole('button', { name: 'متن درشت' }).click();
        await axe(page, `${path}, large text`);
        await page.getByRole('button', { name: 'پرکنتراست' }).click();
        await axe(page, `${path}, large text and high contrast`);
        // kept on this device: a reload keeps both
        await page.reload();
        await expect(page.getByRole('button', { name: 'پرکنتراست' })).toHaveAttribute('aria-pressed', 'true');
        await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high');
        await page.getByRole('button', { name: 'متن درشت' }).click();
        await page.getByRole('button', { name: 'پرکنتراست' }).click();
      }
      await page.close();
    }
  });

  test('axe: the first-run page of a PC joining the office', async ({ browser }) => {
    const firstRun = await startFirstRunServer({ rendererDir: path.resolve('dist/renderer'), dataDir: mkdtempSync(path.join(tmpdir(), 'daftaryar-a11y-pc-')), port: 0 });
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fa-IR', timezoneId: 'Asia/Tehran', baseURL: firstRun.origin });
      const page = await context.newPage();
      await page.goto('/join');
      await page.locator('main, form').first().waitFor();
      await axe(page, 'first run');
      await context.close();
    } finally {
      await firstRun.close();
    }
  });
});

test.describe('display modes and keyboard-only walks (ماده ۴۷ پ)', () => {
  test('the kiosk in large text and high contrast, without layout breaking', async ({ browser }) => {
    const page = await open(browser, '/kiosk', { width: 1366, height: 768 });
    await expect(page.getByRole('button', { name: /دادخواست/ }).first()).toBeVisible();
    await shot(page, 'a11y-kiosk-normal-1366x768');
    await page.getByRole('button', { name: 'متن درشت' }).click();
    await shot(page, 'a11y-kiosk-large-text-1366x768');
    const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    expect(await noOverflow()).toBe(true);
    await page.getByRole('button', { name: 'پرکنتراست' }).click();
    await shot(page, 'a11y-kiosk-large-high-contrast-1366x768');
    expect(await noOverflow()).toBe(true);
    await page.getByRole('button', { name: 'متن درشت' }).click();
    await page.getByRole('button', { name: 'پرکنتراست' }).click();
    await page.close();
  });

  test('the counter and the applicant screen in large text and high contrast', async ({ browser }) => {
    const counter = await open(browser, '/counter', { width: 1366, height: 768 });
    await signInAtCounter(counter);
    await counter.getByRole('button', { name: 'متن درشت' }).click();
    await counter.getByRole('button', { name: 'پرکنتراست' }).click();
    await shot(counter, 'a11y-counter-large-high-contrast-1366x768');
    expect(await counter.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await counter.getByRole('button', { name: 'متن درشت' }).click();
    await counter.getByRole('button', { name: 'پرکنتراست' }).click();
    await counter.close();
    const applicant = await open(browser, '/applicant?counter=1', { width: 1366, height: 768 });
    await applicant.getByRole('button', { name: 'متن درشت' }).click();
    await applicant.getByRole('button', { name: 'پرکنتراست' }).click();
    await shot(applicant, 'a11y-applicant-large-high-contrast-1366x768');
    await applicant.getByRole('button', { name: 'متن درشت' }).click();
    await applicant.getByRole('button', { name: 'پرکنتراست' }).click();
    await applicant.close();
  });

  test('keyboard only at the kiosk: the priority key, then a ticket, no mouse', async ({ browser }) => {
    const page = await open(browser, '/kiosk', { width: 1366, height: 768 });
    await expect(page.getByRole('button', { name: /دادخواست/ }).first()).toBeVisible();
    const k = page.keyboard;
    // the priority button's own key
    await k.press('*');
    await expect(page.getByRole('button', { name: 'نوبت ویژه (کلید ستاره)' })).toHaveAttribute('aria-pressed', 'true');
    await shot(page, 'a11y-kiosk-priority-on-1366x768');
    // Tab until the first service button has the focus, then Enter
    let focused = '';
    for (let i = 0; i < 20 && !/دادخواست/.test(focused); i++) {
      await k.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toMatch(/دادخواست/);
    await k.press('Enter');
    await expect(page.getByText('شمارهٔ نوبت شما')).toBeVisible();
    // and back to the start with the keyboard
    await expect(page.getByRole('button', { name: 'بستن' })).toBeVisible();
    await page.getByRole('button', { name: 'بستن' }).focus();
    await k.press('Enter');
    await expect(page.getByRole('button', { name: /دادخواست/ }).first()).toBeVisible();
    await page.close();
  });

  test('keyboard only at the counter: call, serve and finish with F2, F4 and F8', async ({ browser }) => {
    await callOne();
    const page = await open(browser, '/counter', { width: 1366, height: 768 });
    // sign in with the keyboard: the user name has the focus, Tab to the password, Enter
    await expect(page.getByLabel('نام کاربری')).toBeFocused();
    await page.keyboard.type('maryam');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Sabz-Kuh-1403');
    await page.keyboard.press('Enter');
    const desk = page.getByRole('heading', { name: 'باجهٔ ۱', exact: true });
    await expect(desk.or(page.getByRole('button', { name: /باجهٔ ۱/ })).or(page.getByRole('button', { name: 'ترک باجه' })).first()).toBeVisible();
    if (!(await desk.isVisible())) await signInAtCounter(page);
    const status = page.locator('.current-ticket-status');
    // the screens above left a person in service at this counter: end that service first, with F8
    // (and Enter if it asks about an unfinished request)
    if (await status.isVisible()) {
      await page.keyboard.press('F8');
      if (await page.getByRole('dialog').waitFor({ state: 'visible', timeout: 1_500 }).then(() => true, () => false)) await page.keyboard.press('Enter');
      await expect(status).toHaveCount(0, { timeout: 10_000 });
    }
    await page.keyboard.press('F2');
    await expect(status).toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
    await page.keyboard.press('F4');
    await expect(status).not.toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
    await page.keyboard.press('F8');
    await expect(page.locator('.current-ticket-status')).toHaveCount(0, { timeout: 10_000 });
    await page.close();
  });

  test('no error reached the console of any screen', () => {
    expect(office.consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION|net::/.test(e))).toEqual([]);
  });
});
