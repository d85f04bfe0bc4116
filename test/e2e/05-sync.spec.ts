import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { SHOTS, screens, shot, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// «ارسال» end to end, continuing 04's matched petition at counter 1: the clerk sends it while the
// office is not yet enrolled with the central system (it waits in the outbox; the applicant leaves
// with the provisional receipt), the manager enrolls the hub with the demo central's one-time code
// (serve.mjs starts it and keeps the code), the outbox delivers, and the counter shows the tracking
// code and gives the final receipt.
test.describe.configure({ mode: 'serial' });

const manager = { username: 'maryam', password: 'Sabz-Kuh-1403' };
const consoleErrors: string[] = [];
let counter: Page;
const open = screens(consoleErrors);

async function login(page: Page) {
  await page.getByLabel('نام کاربری').fill(manager.username);
  await page.getByLabel('گذرواژه').fill(manager.password);
  await page.getByRole('button', { name: 'ورود' }).click();
}

async function savePdf(page: Page, button: string, file: string): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  await (await download).saveAs(file);
  execFileSync('qpdf', ['--check', file]);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString();
}

test('the clerk sends the matched request while the office has no link: it waits, and the applicant gets a provisional receipt', async ({ browser }) => {
  counter = await open(browser, '/counter');
  await login(counter);
  const pick = counter.getByRole('button', { name: /باجهٔ ۱/ });
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۱' }).or(pick)).toBeVisible();
  if (await pick.isVisible()) await pick.click();
  await expect(counter.locator('.stepper-step-current')).toContainText('ارسال');
  await expect(counter.getByText('سامانهٔ مرکزی: ثبت‌نشده · ۰ در صف')).toBeVisible();
  const send = counter.getByRole('button', { name: /^ارسال/ }).and(counter.locator('.send-button'));
  await expect(send).toBeFocused();
  await counter.keyboard.press('Enter');
  await expect(counter.getByRole('heading', { name: 'در صف ارسال' })).toBeVisible();
  await expect(counter.getByText('سامانهٔ مرکزی: ثبت‌نشده · ۱ در صف')).toBeVisible();
  // once queued it can no longer be cancelled at the counter
  await expect(counter.getByRole('button', { name: 'لغو یا خودداری' })).toHaveCount(0);
  await shot(counter, '51-counter-queued');
  const text = await savePdf(counter, 'پی‌دی‌اف رسید', `${SHOTS}/51-provisional-receipt.pdf`);
  expect(text).toContain('رسید موقت');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', `${SHOTS}/51-provisional-receipt.pdf`, `${SHOTS}/51-provisional-receipt`]);
});

test('the manager sees the item waiting and enrolls the hub with the central’s one-time code; the outbox delivers', async ({ browser }) => {
  const central = JSON.parse(readFileSync('test-results/e2e-central.json', 'utf8')) as { url: string; code: string };
  const console_ = await open(browser, '/manager');
  await login(console_);
  await console_.getByRole('button', { name: 'ارسال به سامانه' }).click();
  await expect(console_.getByRole('status').filter({ hasText: 'ثبت‌نشده' })).toBeVisible();
  await expect(console_.locator('.sync-items tbody tr')).toHaveCount(1);
  await shot(console_, '52-manager-sync-unenrolled');

  await console_.getByLabel('نشانی سامانهٔ مرکزی').fill(central.url);
  await console_.getByLabel('کد ثبت دستگاه').fill('AAAA-BBBB-CCCC');
  await console_.getByRole('button', { name: 'ثبت دستگاه' }).click();
  await expect(console_.getByText('کد ثبت دستگاه نادرست، منقضی یا پیش‌تر به کار رفته است')).toBeVisible();
  await console_.getByLabel('کد ثبت دستگاه').fill(central.code.toLowerCase());
  await console_.getByRole('button', { name: 'ثبت دستگاه' }).click();
  // the demo central knows the office as «دفتر نمونه»: both names and codes are shown and kept only on confirmation
  const warning = console_.getByRole('alert').filter({ hasText: 'به نام و کد دیگری شناخته می‌شود' });
  await expect(warning.getByText('دفتر نمونه')).toBeVisible();
  await shot(console_, '52b-manager-sync-office-mismatch');
  await warning.getByRole('button', { name: 'می‌دانم؛ با مشخصات سامانهٔ مرکزی ثبت شود' }).click();
  await expect(console_.getByText('این دستگاه به نام «دفتر نمونه»')).toBeVisible();
  await expect(console_.getByRole('status').filter({ hasText: 'برقرار' })).toBeVisible();
  await expect(console_.getByText('همهٔ درخواست‌ها به سامانهٔ مرکزی رسیده‌اند.')).toBeVisible({ timeout: 30_000 });
  await shot(console_, '53-manager-sync-online');
  await console_.getByRole('button', { name: 'رویدادنگاری' }).click();
  await expect(console_.getByRole('cell', { name: 'تحویل به سامانهٔ مرکزی و دریافت کد رهگیری' }).first()).toBeVisible();
});

test('the counter shows the tracking code and gives the final receipt', async () => {
  await expect(counter.getByRole('heading', { name: 'به سامانهٔ مرکزی رسید' })).toBeVisible({ timeout: 30_000 });
  const code = (await counter.locator('.tracking-code strong').innerText()).replace(/\s/g, '');
  expect(code).toMatch(/^[۱-۹][۰-۹]{15}$/);
  await expect(counter.getByText('سامانهٔ مرکزی: برقرار · ۰ در صف')).toBeVisible();
  await shot(counter, '54-counter-delivered');
  const text = await savePdf(counter, 'پی‌دی‌اف رسید', `${SHOTS}/54-final-receipt.pdf`);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', `${SHOTS}/54-final-receipt.pdf`, `${SHOTS}/54-final-receipt`]);
  const latin = code.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));
  const persianGroups = [0, 4, 8, 12].map((i) => code.slice(i, i + 4));
  expect(persianGroups.every((g) => text.includes(g)) || text.includes(latin)).toBe(true);
  await counter.getByRole('button', { name: /^سامانهٔ مرکزی:/ }).click();
  await expect(counter.getByRole('dialog', { name: 'ارسال به سامانهٔ مرکزی' })).toBeVisible();
  await shot(counter, '55-counter-sync-dialog');
  await counter.keyboard.press('Escape');
  await expect(counter.getByRole('dialog')).toHaveCount(0);
  writeFileSync(`${SHOTS}/05-console-errors.txt`, consoleErrors.join('\n'));
  expect(consoleErrors).toEqual([]);
});

test('another request for the same applicant: the clerk asks the civil registry through the central, for this request', async () => {
  await counter.getByRole('button', { name: /درخواست دیگر برای همین متقاضی/ }).click();
  await counter.getByLabel('خدمت', { exact: true }).selectOption({ label: 'دادخواست' });
  await counter.getByRole('button', { name: /باز کردن درخواست/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('احراز هویت');
  // the demo central's registry knows 0499370899 (central/demoRegistry.ts)
  await counter.getByLabel('کد ملی').fill('۰۴۹۹۳۷۰۸۹۹');
  await counter.getByLabel('نام', { exact: true }).fill('مریم');
  await counter.getByLabel('نام خانوادگی').fill('احمدی');
  await counter.getByLabel('نام پدر').fill('حسین');
  await counter.getByRole('button', { name: 'استعلام از ثبت احوال' }).click();
  const answer = counter.locator('.inquiry-result');
  await expect(answer.getByRole('heading', { name: 'پاسخ ثبت احوال برای کد ملی ۰۴۹۹۳۷۰۸۹۹' })).toBeVisible();
  await expect(answer.getByText('۱۳۶۲/۰۴/۱۲')).toBeVisible();
  await expect(answer.getByLabel('با آنچه وارد شده فرق دارد')).toHaveCount(1); // حسن, not حسین
  await shot(counter, '56-counter-identity-inquiry');
  await answer.getByRole('button', { name: 'نوشتن نام‌ها از پاسخ استعلام' }).click();
  await expect(counter.getByLabel('نام پدر')).toHaveValue('حسن');
  await expect(answer.getByLabel('با آنچه وارد شده فرق دارد')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
