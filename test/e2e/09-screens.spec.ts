import { test, expect } from '@playwright/test';
import { login, shot, specOffice, openAllDay, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// The queue's public screens and the manager's first day, at the sizes they are used at, on a hub of
// its own (no ticket printer: the kiosk's screen is the ticket). Screenshots for a person to look at:
// the portrait kiosk with the ticket and its QR code, the board with a called number apart from one
// being served, the counter's queue panel, the dashboard's checklist and the one-form staff account.
test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_SCREENS_PORT ?? 4795);
const office = specOffice('screens', { port: PORT });
const { local, consoleErrors, open } = office;

test.beforeAll(async () => {
  await openAllDay((proc, input) => local(proc, input, office.managerSession));
});

test('the dashboard shows the first-day checklist, and the staff form creates a clerk in one go', async ({ browser }) => {
  const page = await open(browser, 'manager', { width: 1366, height: 768 });
  await login(page);
  const checklist = page.getByRole('region', { name: 'راه‌اندازی دفتر' });
  await expect(checklist).toBeVisible();
  await expect(checklist.getByText('به‌زودی', { exact: false })).toBeVisible();
  await shot(page, '80-manager-dashboard-checklist');

  await checklist.locator('li').filter({ hasText: 'کارکنان' }).getByRole('button', { name: 'برو به این بخش' }).click();
  await expect(page.getByRole('heading', { name: 'کارکنان و دستگاه‌ها', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'کارمند تازه' }).click();
  await page.getByLabel('نام و نام خانوادگی').fill('سارا کریمی');
  await page.getByLabel('نام کاربری', { exact: true }).fill('sara');
  await page.getByLabel('کد ملی').fill('۰۰۱۲۳۴۵۶۷۹');
  await page.getByLabel('شمارهٔ گواهی').fill('۱۲۳۴۵');
  await page.getByLabel('صادرکننده').fill('مرکز آمار و فناوری قوه قضاییه');
  await page.getByLabel('تاریخ صدور').fill('۱۴۰۳/۰۵/۱۲');
  await page.getByLabel('گذرواژهٔ آغازین').fill('Golab-Sorkh-77');
  await page.getByLabel('تکرار گذرواژه').fill('Golab-Sorkh-77');
  await expect(page.getByText('با ثبت، حساب همین حالا فعال می‌شود', { exact: false })).toBeVisible();
  await shot(page, '81-manager-staff-form');
  await page.getByRole('button', { name: 'ثبت کارمند' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ساخته شد و فعال است' })).toBeFocused();
  await shot(page, '82-manager-staff-created');
});

test('the portrait kiosk shows hours and waits, and without a printer the ticket with its QR code', async ({ browser }) => {
  const kiosk = await open(browser, 'kiosk', { width: 1080, height: 1920 });
  const petition = kiosk.getByRole('button', { name: /ثبت دادخواست، شکوائیه و درخواست/ });
  await expect(petition).toContainText('ساعت ارائه');
  await shot(kiosk, '83-kiosk-portrait-services');
  await petition.click();
  await expect(kiosk.getByText('الف-۰۰۱')).toBeVisible();
  await expect(kiosk.getByRole('img', { name: 'کد QR نوبت الف-۰۰۱' })).toBeVisible();
  await shot(kiosk, '84-kiosk-portrait-ticket-qr');
  await kiosk.getByRole('button', { name: 'بستن' }).click();
  for (let i = 0; i < 3; i++) {
    await petition.click();
    await kiosk.getByRole('button', { name: 'بستن' }).click();
  }
  await kiosk.getByRole('button', { name: 'سالمندی' }).click();
  await kiosk.getByRole('button', { name: /ارسال لایحه و مدارک/ }).click();
  await kiosk.getByRole('button', { name: 'بستن' }).click();
});

test('the counter says why F2 did nothing, then shows the line, waits, priority and the clerk’s own day', async ({ browser }) => {
  const counter = await open(browser, 'counter', { width: 1366, height: 768 });
  await login(counter);
  await expect(counter.getByText('پشت کدام باجه هستید؟')).toBeVisible();
  await counter.keyboard.press('F2');
  await expect(counter.getByRole('alert').filter({ hasText: 'هنوز باجه‌ای انتخاب نکرده‌اید' })).toBeVisible();
  await counter.getByRole('button', { name: /باجهٔ ۱/ }).click();
  // the desk of counter 1 is on the screen (and its keys with it) before F2: a key pressed while the
  // choice is still being shown goes to the screen that asked «which counter?»
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۱' })).toBeVisible();
  await counter.keyboard.press('F2');
  await expect(counter.locator('.current-ticket-number')).toHaveText('الف-۰۰۱');
  await counter.keyboard.press('F4');
  await expect(counter.locator('.current-ticket-status')).toHaveText('در حال خدمت');
  await counter.keyboard.press('F8');
  await expect(counter.getByText('نوبتی فراخوانده نشده است.')).toBeVisible();
  await counter.keyboard.press('F2');
  await expect(counter.locator('.current-ticket-status')).toContainText('فراخوانده شده');
  await expect(counter.getByRole('table', { name: 'نوبت‌های منتظر به ترتیب فراخوانی' })).toBeVisible();
  await shot(counter, '85-counter-queue-panel');
  await counter.keyboard.press('F6');
  await expect(counter.getByRole('dialog', { name: 'ثبت غایب' })).toBeVisible();
  await shot(counter, '86-counter-no-show-confirm');
  await counter.keyboard.press('Escape');
});

test('the board shows a called number apart from one being served, and the wait per service', async ({ browser }) => {
  // sara (created above) sits at counter 2 and serves the next number
  // her first login replaces the password the manager gave her
  const first = (await local('auth.login', { username: 'sara', password: 'Golab-Sorkh-77' })).session;
  await local('auth.changePassword', { current: 'Golab-Sorkh-77', next: 'Golab-Abi-1405' }, first);
  const sara = (await local('auth.login', { username: 'sara', password: 'Golab-Abi-1405' })).session;
  await local('queue.openCounter', { counterId: 2 }, sara);
  await local('queue.callNext', { counterId: 2 }, sara);
  await local('queue.startService', { counterId: 2 }, sara);
  const board = await open(browser, 'board', { width: 1920, height: 1080 });
  await expect(board.getByRole('region', { name: 'فراخوانده شده' })).toBeVisible();
  await expect(board.getByRole('region', { name: 'در حال خدمت' })).toBeVisible();
  await expect(board.getByRole('region', { name: 'صف خدمات' })).toBeVisible();
  await shot(board, '87-board-called-serving-waits');
  expect(consoleErrors).toEqual([]);
});
