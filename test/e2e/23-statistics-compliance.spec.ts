import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { test, expect, type Page } from '@playwright/test';
import { officeDay } from '../../core/format/jalaliDay';
import { toPersianDigits } from '../../core/text/digits';
import { insertStatisticsRequest } from '../../db/statistics';
import type { ChromiumPdfPrinter } from '../../native/receipt/pdf';
import { SHOTS, login, shot, specOffice, openAllDay, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// Statistics (ماده ۳۵ ب) and «انطباق با آیین‌نامه» in the manager's console (issue 22 § 4, § 5), on an
// office of its own (any free port): a ticket called out of turn with its reason, a statistics request
// from the central due in three days. The dashboard warns of it; «آمار دفتر» shows the package, refuses
// a period in the future with one Persian sentence, and saves CSV (UTF-8 with BOM); the compliance view
// shows one row per rule and saves its PDF (qpdf --check).
test.describe.configure({ mode: 'serial' });

const office = specOffice('statistics', { port: 0 });
const DAY = 86_400_000;
let manager: Page;
const today = () => officeDay(new Date());
const shown = (d: string) => toPersianDigits(d.replaceAll('-', '/'));

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const { local, managerSession } = office;
  await local('queue.setPrinter', { printer: { kind: 'none' } }, managerSession);
  const config = await openAllDay((proc, input) => local(proc, input, managerSession));
  const kiosk = (await local('auth.deviceLogin', { role: 'kiosk' })).session;
  const serviceId = config.services[0].id;
  await local('queue.issueTicket', { serviceId }, kiosk);
  const second = await local('queue.issueTicket', { serviceId }, kiosk);
  await local('queue.openCounter', { counterId: 1 }, managerSession);
  await local('queue.callOutOfTurn', { counterId: 1, ticketId: second.ticket.id, reason: 'urgent_disability', note: 'متقاضی با ویلچر آمده است' }, managerSession);
  await local('queue.startService', { counterId: 1 }, managerSession);
  await local('queue.finish', { counterId: 1 }, managerSession);
  const now = Date.now();
  insertStatisticsRequest(office.web.hub.services.db, {
    id: randomUUID(),
    seq: 1,
    from: officeDay(now - 40 * DAY),
    to: officeDay(now - 10 * DAY),
    dueAt: new Date(now + 3 * DAY).toISOString(),
    receivedAt: new Date(now).toISOString(),
  });
});

test('the dashboard warns of the statistics the central asked for, with the days left', async ({ browser }) => {
  manager = await office.open(browser, '/manager', { width: 1366, height: 768 });
  await login(manager);
  const due = manager.getByRole('region', { name: 'آمار خواسته‌شده' });
  await expect(due).toBeVisible();
  await expect(due).toContainText('۳ روز مانده');
  await expect(due).toContainText('مادهٔ ۳۵ ب');
  await shot(manager, 'manager-statistics-due');
});

test('«آمار دفتر» shows the package, refuses a period in the future, and saves a CSV with a BOM', async () => {
  await manager.getByRole('button', { name: 'آمار دفتر' }).click();
  await expect(manager.getByRole('heading', { name: 'آمار دفتر', level: 1 })).toBeVisible();
  // a day after today: refused with one Persian sentence
  const tomorrow = officeDay(Date.now() + DAY);
  await manager.getByLabel('تا روز').fill(shown(tomorrow));
  await manager.getByRole('button', { name: 'نمایش آمار' }).click();
  await expect(manager.getByRole('alert').filter({ hasText: 'آمار روزهایی که هنوز نیامده‌اند گرفته نمی‌شود' }).first()).toBeVisible();

  await manager.getByLabel('تا روز').fill(shown(today()));
  await manager.getByRole('button', { name: 'نمایش آمار' }).click();
  await expect(manager.getByRole('heading', { name: /^آمار دفتر از/ })).toBeVisible();
  const outOfTurn = manager.getByRole('region', { name: 'فراخوانی خارج از نوبت و دلیل آن' });
  await expect(outOfTurn).toContainText('معلولیت یا وضعیت اضطراری');
  await expect(outOfTurn).toContainText('متقاضی با ویلچر آمده است');
  // nobody has rated a service in this office yet: five scores of none, and no mean
  await expect(manager.getByRole('region', { name: 'رضایت مراجعان (مادهٔ ۱۸)' })).toContainText('میانگین: —');
  await expect(manager.getByRole('region', { name: 'آمارهای خواسته‌شده از سوی سامانهٔ مرکزی' })).toContainText('فرستاده نشده');
  await shot(manager, 'manager-statistics');

  const download = manager.waitForEvent('download');
  await manager.getByRole('button', { name: 'CSV', exact: true }).click();
  const file = await (await download).path();
  const bytes = readFileSync(file!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('فراخوانی خارج از نوبت و دلیل آن');
});

test('«انطباق با آیین‌نامه» shows one row per rule with its evidence, and its PDF carries the audit chain head', async () => {
  await manager.getByRole('button', { name: 'انطباق با آیین‌نامه' }).click();
  await manager.getByRole('button', { name: 'نمایش', exact: true }).click();
  const table = manager.getByRole('table', { name: /انطباق با آیین‌نامه/ });
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(14);
  await manager.evaluate(() => window.scrollTo(0, 0));
  await manager.evaluate(() => document.fonts.ready);
  await manager.screenshot({ path: `${SHOTS}/manager-compliance-1366x768.png` });
  const receipts = table.locator('tr[data-rule="receipts"]');
  await expect(receipts).toContainText('۳۵ ت');
  await expect(receipts).toContainText('منطبق');
  await expect(receipts).toContainText('پرداخت بی‌رسید: ۰');
  const outOfTurn = table.locator('tr[data-rule="outOfTurn"]');
  await expect(outOfTurn).toContainText('فراخوانی خارج از نوبت: ۱');
  // the manager set up at first run has no skills certificate on record
  const certificates = table.locator('tr[data-rule="certificates"]');
  await expect(certificates).toContainText('دارای مورد');
  await certificates.getByText(/مورد$/).first().click();
  await expect(certificates).toContainText('گواهی مهارت ثبت‌شده ندارد');
  await expect(table.locator('tr[data-rule="tariffBoard"]')).toContainText('قابل مشاهده نیست');
  await expect(manager.getByText(/سر زنجیرهٔ رویدادنگاری: رویداد/)).toBeVisible();
  await shot(manager, 'manager-compliance');

  const download = manager.waitForEvent('download');
  await manager.getByRole('button', { name: 'گرفتن PDF' }).click();
  const file = (await (await download).path())!;
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  if (spawnSync('qpdf', ['--version'], { stdio: 'ignore' }).error === undefined) expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);

  // a link to the evidence: the certificates row goes to the staff section
  await certificates.getByRole('button', { name: 'رفتن به این بخش' }).click();
  await expect(manager.getByRole('heading', { name: 'کارکنان و دستگاه‌ها', level: 1 })).toBeVisible();
  expect(office.consoleErrors).toEqual([]);
  // the hub runs in this process: its PDF printer's Chromium is closed here, awaited, rather than in the
  // background while the office closes after the tests (which raced the runner's own teardown)
  await manager.close();
  await (office.web.hub.services.pdfPrinter() as ChromiumPdfPrinter).close();
});
