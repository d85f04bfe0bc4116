import { writeFileSync } from 'node:fs';
import { test, expect, type Page, type Browser } from '@playwright/test';
import { openAllDay, closeScreensWhenDone } from './pages';
import { rasterToPng } from '../../native/printing/raster';
import { FakeEscPosPrinter } from '../support/fakePrinter';
import { wsClient } from '../support/wsClient';

closeScreensWhenDone();

// The queue end to end, after 01-shells set the office up: the manager sets a (loopback) ticket
// printer, the kiosk takes numbers, the counter calls them, the board shows and says them, the
// manager's report counts them. Screenshots and the printed ticket go to test-results/screenshots/.
test.describe.configure({ mode: 'serial' });

const SHOTS = 'test-results/screenshots';
const manager = { username: 'maryam', password: 'Sabz-Kuh-1403' };
const printer = new FakeEscPosPrinter();
const consoleErrors: string[] = [];

async function open(browser: Browser, path: string, size = { width: 1366, height: 768 }): Promise<Page> {
  const page = await browser.newPage({ viewport: size, locale: 'fa-IR', timezoneId: 'Asia/Tehran' });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${path}: ${m.text()}`));
  page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
  await page.goto(path);
  return page;
}

async function login(page: Page) {
  await page.getByLabel('نام کاربری').fill(manager.username);
  await page.getByLabel('گذرواژه').fill(manager.password);
  await page.getByRole('button', { name: 'ورود' }).click();
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

let kiosk: Page;
let board: Page;
let counter: Page;
let console_: Page;

test.beforeAll(async ({ baseURL }) => {
  await printer.start();
  const hub = await wsClient(`${baseURL!.replace('http', 'ws')}/api/ws`);
  hub.setSession((await hub.ok('auth.login', manager)).session);
  await openAllDay((proc, input) => hub.ok(proc, input));
  hub.close();
});

test.afterAll(async () => {
  await printer.stop();
});

test('the manager sets the ticket printer and a test page comes out of it', async ({ browser }) => {
  console_ = await open(browser, '/manager');
  await login(console_);
  await console_.getByRole('button', { name: 'تنظیمات' }).click();
  // the ticket printer's own section (the counters' receipt printers have the same kinds of fields)
  const section = console_.getByRole('region', { name: 'چاپگر نوبت' });
  await section.getByLabel('چاپگر حرارتی شبکه').check();
  await section.getByLabel('نشانی IP یا نام چاپگر').fill('127.0.0.1');
  await section.getByLabel('درگاه').fill(String(printer.port));
  await section.getByRole('button', { name: 'ذخیره' }).click();
  await expect(section.getByText('تنظیمات چاپگر ذخیره شد.')).toBeVisible();
  await section.getByRole('button', { name: 'چاپ آزمایشی' }).click();
  await expect(section.getByText('صفحهٔ آزمایشی چاپ شد.')).toBeVisible();
  expect(printer.printed()).toHaveLength(1);
  await shot(console_, '10-manager-printer');
});

test('the kiosk prints a ticket; the printed image carries the number', async ({ browser }) => {
  board = await open(browser, '/board', { width: 1920, height: 1080 });
  await expect(board.getByText('آخرین فراخوان‌ها')).toBeVisible();
  kiosk = await open(browser, '/kiosk', { width: 1920, height: 1080 });
  await expect(kiosk.getByRole('button', { name: /ثبت دادخواست، شکوائیه و درخواست/ })).toBeVisible();
  await shot(kiosk, '11-kiosk-services');

  await kiosk.getByRole('button', { name: /ثبت دادخواست، شکوائیه و درخواست/ }).click();
  await expect(kiosk.getByText('الف-۰۰۱')).toBeVisible();
  await expect(kiosk.getByText('برگهٔ نوبت را از چاپگر بردارید.')).toBeVisible();
  await shot(kiosk, '12-kiosk-ticket-issued');
  const printed = printer.printed();
  expect(printed).toHaveLength(2);
  expect(printed[1]!.width).toBe(576);
  writeFileSync(`${SHOTS}/13-ticket-printed-80mm.png`, await rasterToPng(printed[1]!));
  await kiosk.getByRole('button', { name: 'بازگشت' }).click();

  // a priority ticket (elderly) for the same service
  await kiosk.getByRole('button', { name: 'سالمندی' }).click();
  await expect(kiosk.getByText('نوبت ویژه: سالمندی')).toBeVisible();
  await kiosk.getByRole('button', { name: /ثبت دادخواست، شکوائیه و درخواست/ }).click();
  await expect(kiosk.getByText('الف-۰۰۲')).toBeVisible();
  await kiosk.getByRole('button', { name: 'بازگشت' }).click();
});

test('with the paper out the kiosk says so, nothing joins the queue, and a retry prints it', async () => {
  printer.setState({ paperOut: true });
  await kiosk.getByRole('button', { name: /ارسال لایحه و مدارک/ }).click();
  await expect(kiosk.getByText('نوبت شما چاپ نشد و هنوز در صف قرار نگرفته است.')).toBeVisible();
  await expect(kiosk.getByText('کاغذ چاپگر نوبت تمام شده است.')).toBeVisible();
  await shot(kiosk, '14-kiosk-paper-out');
  printer.setState({ paperOut: false });
  await kiosk.getByRole('button', { name: 'تلاش دوباره' }).click();
  await expect(kiosk.getByText('پ-۰۰۱')).toBeVisible();
  await kiosk.getByRole('button', { name: 'بازگشت' }).click();
});

test('the counter calls the next ticket with F2; the board shows it and queues its announcement', async ({ browser }) => {
  counter = await open(browser, '/counter');
  await login(counter);
  await counter.getByRole('button', { name: /باجهٔ ۱/ }).click();
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۱' })).toBeVisible();
  await counter.keyboard.press('F2');
  await expect(counter.locator('.current-ticket-number')).toHaveText('الف-۰۰۱');
  await shot(counter, '15-counter-called');

  await expect(board.locator('.board-now-number')).toHaveText('الف-۰۰۱');
  await expect(board.locator('.board-now-counter')).toHaveText('به باجهٔ ۱');
  await expect(board.locator('.board-shell')).toHaveAttribute('data-voice-enqueued', '1');
  await shot(board, '16-board-called');

  await counter.keyboard.press('F4'); // the applicant came
  await expect(counter.locator('.current-ticket-status')).toHaveText('در حال خدمت');
  await counter.keyboard.press('F8'); // finished
  await expect(counter.getByText('نوبتی فراخوانده نشده است.')).toBeVisible();
});

test('a call out of turn needs a reason and a note, and the board announces it too', async () => {
  await counter.keyboard.press('F10');
  const dialog = counter.getByRole('dialog', { name: 'فراخوانی خارج از نوبت' });
  await expect(dialog).toBeVisible();
  // by the rules پ-۰۰۱ (normal) is next — one normal call since the last priority — so الف-۰۰۲ is out of turn
  await dialog.getByLabel('نوبت').selectOption({ label: 'الف-۰۰۲ — ثبت دادخواست، شکوائیه و درخواست' });
  await dialog.getByLabel('دلیل').selectOption({ label: 'پایان مهلت قانونی امروز' });
  await dialog.getByLabel('توضیح (دست‌کم ۵ نویسه)').fill('مهلت ارسال لایحه امروز تمام می‌شود');
  await shot(counter, '17-counter-out-of-turn');
  await dialog.getByRole('button', { name: 'ثبت و فراخوانی' }).click();
  await expect(counter.locator('.current-ticket-number')).toHaveText('الف-۰۰۲');
  await expect(board.locator('.board-now-number')).toHaveText('الف-۰۰۲');
  await expect(board.locator('.board-shell')).toHaveAttribute('data-voice-enqueued', '2');
  await counter.keyboard.press('F6'); // did not come: not recalled yet, so the clerk confirms
  await expect(counter.getByRole('dialog', { name: 'ثبت غایب' })).toBeVisible();
  await counter.keyboard.press('Enter');
  await expect(counter.getByText('نوبتی فراخوانده نشده است.')).toBeVisible();
  await expect(board.getByText('در حال خدمت')).toHaveCount(0); // nobody is being served any more
  await expect(board.getByText('فراخوانده شده')).toHaveCount(0);
  await shot(board, '18-board-after-calls');
});

test('the manager’s day report counts it all, out-of-turn call included', async () => {
  await console_.getByRole('button', { name: 'پیشخوان' }).click();
  await expect(console_.getByRole('heading', { name: 'وضعیت زندهٔ صف' })).toBeVisible();
  await shot(console_, '19-manager-live');
  await console_.getByRole('button', { name: 'گزارش‌ها', exact: true }).click();
  await expect(console_.getByText('مهلت ارسال لایحه امروز تمام می‌شود')).toBeVisible();
  await expect(console_.getByText('پایان مهلت قانونی امروز').first()).toBeVisible();
  await shot(console_, '20-manager-report');
  expect(consoleErrors).toEqual([]);
});
