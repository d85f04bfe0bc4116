import { mkdirSync, rmSync } from 'node:fs';
import { test, expect, type Page, type ConsoleMessage } from '@playwright/test';
import { closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// One office's first day, in order: every screen before setup, setup, a wrong password,
// login, each role's shell. Screenshots go to test-results/screenshots/ to be looked at.
test.describe.configure({ mode: 'serial' });

const SHOTS = 'test-results/screenshots';
const PERSIAN_DIGIT = /[۰-۹]/;
const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };

test.beforeAll(() => {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
});

/** Fails the test on any console error — a CSP violation, a failed font, a React warning. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function expectPersianPage(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
  expect(await page.evaluate(() => document.fonts.check('16px Vazirmatn'))).toBe(true);
}

test('before setup, device screens say the office is not set up yet', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/kiosk');
  await expect(page.getByText('دفتر هنوز راه‌اندازی نشده است')).toBeVisible();
  await expectPersianPage(page);
  await shot(page, '00-kiosk-before-setup');
  expect(problems).toEqual([]);
});

test('first run: the counter shows setup, which creates the office and its manager', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/counter');
  await expect(page.getByRole('heading', { name: 'راه‌اندازی دفتر' })).toBeVisible();
  await expectPersianPage(page);

  // A bad office code (letters) is refused by the hub with a Persian message at the field.
  await page.getByLabel('نام دفتر').fill('دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران');
  await page.getByLabel('کد دفتر').fill('ab12');
  await page.getByLabel('شهر').fill('تهران');
  await page.getByLabel('نام و نام خانوادگی مدیر').fill(manager.displayName);
  await page.getByLabel('نام کاربری').fill(manager.username);
  await page.getByLabel('گذرواژه', { exact: true }).fill(manager.password);
  await page.getByLabel('تکرار گذرواژه').fill(manager.password);
  await page.getByRole('button', { name: 'راه‌اندازی دفتر' }).click();
  await expect(page.getByText('برخی خانه‌ها درست پر نشده‌اند')).toBeVisible();
  await expect(page.getByText('قالب آن درست نیست.')).toBeVisible();
  await shot(page, '01-setup-invalid-code');

  // Persian digits are accepted and stored as the office code.
  await page.getByLabel('کد دفتر').fill('۱۲۳۴');
  await shot(page, '02-setup-filled');
  await page.getByLabel('کد دفتر').press('Enter');
  await expect(page.getByText('دفتر راه‌اندازی شد')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ورود به دفتریار' })).toBeVisible();
  await shot(page, '03-login-after-setup');
  expect(problems).toEqual([]);
});

test('a wrong password gets one generic Persian message; the right one opens the counter', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/counter');
  await page.getByLabel('نام کاربری').fill(manager.username);
  await page.getByLabel('گذرواژه').fill('not-the-password');
  await page.getByRole('button', { name: 'ورود' }).click();
  await expect(page.getByText('نام کاربری یا گذرواژه درست نیست.')).toBeVisible();
  await shot(page, '04-login-wrong-password');

  await page.getByLabel('گذرواژه').fill(manager.password);
  await page.getByLabel('گذرواژه').press('Enter');
  await expect(page.getByRole('heading', { name: 'نوبت‌ها' })).toBeVisible();
  await expect(page.locator('.app-header')).toContainText('مریم احمدی');
  await expect(page.locator('.app-header')).toContainText('دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران');
  // Jalali date and time with Persian digits in the header.
  const clock = await page.locator('.app-header-clock').innerText();
  expect(clock).toMatch(PERSIAN_DIGIT);
  expect(clock).toMatch(/(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند)/);
  await expect(page.getByText('درخواستی باز نیست')).toBeVisible();
  await shot(page, '05-counter');

  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'میان‌برهای صفحه‌کلید' })).toBeVisible();
  await shot(page, '06-counter-shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // A reload keeps the session (sessionStorage); logging out returns to the login screen.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'نوبت‌ها' })).toBeVisible();
  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page.getByRole('heading', { name: 'ورود به دفتریار' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('the manager console shows the office and its staff', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/manager');
  await page.getByLabel('نام کاربری').fill(manager.username);
  await page.getByLabel('گذرواژه').fill(manager.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await expect(page.getByRole('heading', { name: 'پیشخوان' })).toBeVisible();
  await expect(page.locator('.facts')).toContainText('۱۲۳۴');
  await shot(page, '07-manager-dashboard');
  await page.getByRole('button', { name: 'کارکنان و دستگاه‌ها' }).click();
  await expect(page.getByRole('cell', { name: 'مریم احمدی' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'مدیر دفتر' })).toBeVisible();
  await shot(page, '08-manager-staff');
  expect(problems).toEqual([]);
});

for (const [shell, expected, size] of [
  ['kiosk', 'به دفتر خدمات الکترونیک قضایی خوش آمدید', { width: 1920, height: 1080 }],
  ['board', 'آخرین فراخوان‌ها', { width: 1920, height: 1080 }],
  ['applicant', 'این صفحه روبه‌روی کدام باجه است؟', { width: 1280, height: 800 }],
] as const) {
  test(`the ${shell} screen opens without a person login and shows no personal data`, async ({ page }) => {
    const problems = watchConsole(page);
    await page.setViewportSize(size);
    await page.goto(`/${shell}`);
    await expect(page.getByText(expected)).toBeVisible();
    await expectPersianPage(page);
    await expect(page.locator('body')).toContainText('دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران');
    await expect(page.locator('body')).not.toContainText(manager.displayName);
    await expect(page.locator('body')).not.toContainText(manager.username);
    expect(await page.locator('body').innerText()).toMatch(PERSIAN_DIGIT);
    await shot(page, `09-${shell}`);
    expect(problems).toEqual([]);
  });
}
