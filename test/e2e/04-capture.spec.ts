import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { SHOTS, screens, shot, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// Capture end to end (ماده ۴), continuing 03's paid petition at counter 1 (4 pages paid for): the
// counter's scanner is chosen (web mode's demo eSCL scanner, serve.mjs starts it on 127.0.0.1:4798),
// the ADF batch scanned, the pages shown page by page on the applicant's screen and confirmed there,
// matched with the originals from the keyboard, and found by the manager through the OCR text.
test.describe.configure({ mode: 'serial' });

const SCANNER = `http://127.0.0.1:${process.env.E2E_SCANNER_PORT ?? 4798}/eSCL`;
const manager = { username: 'maryam', password: 'Sabz-Kuh-1403' };
const consoleErrors: string[] = [];
let counter: Page;
let screen: Page;

const open = screens(consoleErrors);

async function login(page: Page) {
  await page.getByLabel('نام کاربری').fill(manager.username);
  await page.getByLabel('گذرواژه').fill(manager.password);
  await page.getByRole('button', { name: 'ورود' }).click();
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('the counter chooses its scanner: the network scanner at a typed address, tested before it is saved', async ({ browser }) => {
  screen = await open(browser, '/applicant?counter=1', { width: 1280, height: 800 });
  counter = await open(browser, '/counter');
  await login(counter);
  const pick = counter.getByRole('button', { name: /باجهٔ ۱/ });
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۱' }).or(pick)).toBeVisible();
  if (await pick.isVisible()) await pick.click();
  await expect(counter.locator('.stepper-step-current')).toContainText('اسناد');
  await counter.getByRole('button', { name: 'انتخاب اسکنر' }).click();
  const dialog = counter.getByRole('dialog', { name: 'اسکنر این باجه' });
  await dialog.getByLabel('نوع اتصال').selectOption('escl');
  await dialog.getByLabel('نشانی اسکنر').fill(SCANNER);
  await dialog.getByRole('button', { name: 'آزمودن همین نشانی' }).click();
  await expect(dialog.getByRole('radio')).toBeChecked();
  // the scanner says which model it is (eSCL MakeAndModel)
  await expect(dialog.getByText('مدل اسکنر: Daftaryar Demo Scanner')).toBeVisible();
  await dialog.getByLabel('نام نمایشی').fill('اسکنر شبکهٔ باجهٔ ۱');
  await dialog.getByLabel('ورودی کاغذ').selectOption('adf');
  await dialog.getByLabel('وضوح (نقطه در اینچ)').selectOption('200');
  await shot(counter, '41-counter-scanner-setup');
  await dialog.getByRole('button', { name: 'ذخیرهٔ اسکنر' }).click();
  await expect(counter.getByText('اسکنر: اسکنر شبکهٔ باجهٔ ۱')).toBeVisible();
});

test('Insert scans the feeder: pages appear cleaned, numbered, in order; the count matches the fees paid', async () => {
  await counter.keyboard.press('Insert');
  await expect(counter.locator('.capture-page')).toHaveCount(4, { timeout: 60_000 });
  await expect(counter.locator('.capture-page img')).toHaveCount(4);
  await expect(counter.getByText('صفحه‌های اسکن‌شده: ۴ — صفحه‌های پرداخت‌شده: ۴')).toBeVisible();
  await expect(counter.locator('.capture-page-blank')).toHaveCount(0);
  await shot(counter, '42-counter-capture');
  // at 1366×768 every page tool is drawn (no missing-glyph box) and named in Persian
  const tools = counter.locator('.capture-page').nth(1).locator('.capture-page-tools button');
  await expect(tools).toHaveCount(5);
  for (const name of ['چرخش به چپ (Shift+R)', 'چرخش به راست (R)', 'سند تازه از این صفحه (S)', 'اسکن دوبارهٔ همین صفحه (از شیشهٔ اسکنر)', 'حذف']) {
    await expect(counter.locator('.capture-page').nth(1).getByRole('button', { name, exact: true })).toHaveAttribute('title', name);
  }
  await counter.locator('.capture-page').nth(1).click();
  await expect(counter.getByRole('img', { name: 'صفحهٔ ۲ از ۴' })).toBeVisible();
  await counter.locator('.capture-large figure').focus();
  await counter.keyboard.press('+');
  await counter.keyboard.press('+');
  await expect(counter.locator('.capture-large output')).toHaveText('۱۵۶٪');
  await counter.locator('.capture-page').nth(1).hover();
  await shot(counter, '42b-counter-capture-zoomed');
  await counter.locator('.capture-large figure').focus();
  await counter.keyboard.press('0');
  // F1: the shortcut sheet fits the screen (or scrolls inside itself)
  await counter.keyboard.press('F1');
  const sheet = counter.getByRole('dialog', { name: 'میان‌برهای صفحه‌کلید' });
  await expect(sheet).toBeVisible();
  const box = (await sheet.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  await expect(sheet.getByRole('button', { name: /بستن/ })).toBeInViewport();
  await shot(counter, '40-counter-shortcuts-1366');
  await counter.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // the PDF of the document opens in qpdf and carries its page images
  const download = counter.waitForEvent('download');
  await counter.locator('.capture-document').getByRole('button', { name: 'PDF', exact: true }).click();
  const file = `${SHOTS}/42-document.pdf`;
  await (await download).saveAs(file);
  execFileSync('qpdf', ['--check', file]);
  expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Pages:\s+4/);
  execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, `${SHOTS}/42-document-page1`]);
  await counter.getByRole('button', { name: 'پایان اسکن و نمایش به متقاضی' }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('رؤیت متقاضی');
});

test('the applicant sees every page large on their screen and confirms there', async () => {
  await expect(screen.getByText('صفحهٔ ۱ از ۴')).toBeVisible();
  await expect(screen.locator('body')).not.toContainText('0013542419');
  const next = screen.getByRole('button', { name: 'بعدی' });
  // a page counts as seen once its image is on the screen: the applicant (and the test) waits for it
  // before turning, else the page stays unseen and «اسناد را دیدم» stays shut
  await expect(screen.locator('.review-dot-seen')).toHaveCount(1, { timeout: 15_000 });
  for (let i = 2; i <= 4; i++) {
    await next.click();
    await expect(screen.getByText(`صفحهٔ ${'۰۱۲۳۴۵۶۷۸۹'[i]} از ۴`)).toBeVisible();
    await expect(screen.locator('.review-dot-seen')).toHaveCount(i, { timeout: 15_000 });
  }
  await shot(screen, '43-applicant-review');
  // the page fills most of the screen and both answers are on it without scrolling, at 1280×800 and 1920×1080
  for (const [width, height, name] of [[1280, 800, '43a-applicant-review-1280'], [1920, 1080, '43b-applicant-review-1920']] as const) {
    await screen.setViewportSize({ width, height });
    const page = (await screen.locator('.review-stage figure').boundingBox())!;
    expect(page.width).toBeGreaterThan(width * 0.5);
    expect(page.height).toBeGreaterThan(height * 0.6);
    await expect(screen.getByRole('button', { name: 'اسناد را دیدم و درست است' })).toBeInViewport({ ratio: 1 });
    await expect(screen.getByRole('button', { name: 'اشکال دارد' })).toBeInViewport({ ratio: 1 });
    expect(await screen.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight)).toBe(true);
    // the fees beside the pages: no cell wraps into more than two lines
    const tallest = await screen.locator('.applicant-fee-summary td, .applicant-fee-summary th').evaluateAll((cells) => Math.max(...cells.map((c) => c.getBoundingClientRect().height / parseFloat(getComputedStyle(c).lineHeight || '24'))));
    expect(tallest).toBeLessThan(3);
    await expect(screen.locator('.applicant-fee-summary .fee-total')).toBeInViewport({ ratio: 1 });
    await shot(screen, name);
  }
  await screen.keyboard.press('+');
  await expect(screen.locator('.review-stage output')).toHaveText('۱۲۵٪');
  await shot(screen, '43c-applicant-review-zoomed');
  await screen.keyboard.press('0');
  await screen.setViewportSize({ width: 1280, height: 800 });
  await screen.getByRole('button', { name: 'اسناد را دیدم و درست است' }).click();
  await expect(screen.getByText('سپاس؛ پاسخ شما ثبت شد.')).toBeVisible();
  await shot(screen, '44-applicant-confirmed');
  await expect(counter.locator('.stepper-step-current')).toContainText('مطابقت با اصل');
});

test('the clerk matches each page with its paper original from the keyboard', async () => {
  const body = counter.getByLabel('مطابقت با اصل', { exact: true }).and(counter.locator('div'));
  await body.focus();
  for (let i = 1; i <= 3; i++) {
    await counter.keyboard.press('Enter');
    await expect(counter.getByText(`${'۰۱۲۳۴۵۶۷۸۹'[i]} از ۴ صفحه مطابقت داده شد`)).toBeVisible();
  }
  await shot(counter, '45-counter-match');
  // the last page's Enter also ends the match: nothing is left to click
  await counter.keyboard.press('Enter');
  await expect(counter.getByText('اسناد با اصل مطابقت داده شد و درخواست آمادهٔ ارسال به سامانه است.')).toBeVisible();
  await shot(counter, '46-counter-ready');
});

test('the manager finds the petition by a word of its text, and the trail has the applicant’s confirmation', async ({ browser }) => {
  test.setTimeout(180_000);
  const console_ = await open(browser, '/manager');
  await login(console_);
  await console_.getByRole('button', { name: 'جستجوی اسناد' }).click();
  // OCR runs in the background at low priority: retry the search until the pages are read
  await expect(async () => {
    await console_.getByLabel('واژه‌ها').fill('دادگاه');
    await console_.getByRole('button', { name: 'جستجو', exact: true }).click();
    await expect(console_.locator('mark').first()).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 150_000, intervals: [3_000] });
  await shot(console_, '47-manager-document-search');
  await console_.getByRole('button', { name: 'رویدادنگاری' }).click();
  await expect(console_.getByRole('cell', { name: 'رؤیت اسناد به دست متقاضی' }).first()).toBeVisible();
  writeFileSync(`${SHOTS}/04-console-errors.txt`, consoleErrors.join('\n'));
  expect(consoleErrors).toEqual([]);
});
