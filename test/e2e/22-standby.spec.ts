import { test, expect } from '@playwright/test';
import { login, shot, specOffice, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// «هاب پشتیبان» on the manager's device screen: a hub of its own serving HTTPS and requiring every
// browser to pair; the manager's PC and a second counter PC pair, and the manager names the second the
// standby. What the standby then does (its copies, promotion) is tested in hub/standby/standby.test.ts
// and test/multihost/standby.test.ts.
test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_STANDBY_PORT ?? 0);
const office = specOffice('standby', { port: PORT, pairing: true });
const { local, consoleErrors, open } = office;

test('the manager names a paired counter PC the standby hub and sees it waiting for its first copy', async ({ browser }) => {
  const { code: counterCode } = await local('device.issueCode', { kind: 'counter', name: 'باجهٔ 2' }, office.managerSession);
  const counter = await open(browser, 'counter');
  await counter.getByLabel('کد جفت‌سازی').fill(counterCode);
  await counter.getByRole('button', { name: 'جفت کردن' }).click();
  await expect(counter.getByLabel('کد جفت‌سازی')).toHaveCount(0);

  const { code } = await local('device.issueCode', { kind: 'counter', name: 'رایانهٔ مدیر' }, office.managerSession);
  const page = await open(browser, 'manager');
  await page.getByLabel('کد جفت‌سازی').fill(code);
  await page.getByRole('button', { name: 'جفت کردن' }).click();
  await login(page);
  await page.getByRole('button', { name: 'کارکنان و دستگاه‌ها' }).click();
  const section = page.getByRole('region', { name: 'هاب پشتیبان (آماده به کار)' });
  await expect(section.getByText('هنوز هیچ رایانه‌ای هاب پشتیبان نیست.')).toBeVisible();
  await section.getByRole('combobox').selectOption({ label: 'باجهٔ ۲' });
  await section.getByRole('button', { name: 'تعیین به عنوان هاب پشتیبان' }).click();
  await expect(section.getByText('باجهٔ ۲ هاب پشتیبان است، ولی هنوز نسخه‌ای نگرفته است.')).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await shot(page, '180-manager-standby');
  const entries = await local('audit.list', { action: 'standbyNamed' }, office.managerSession);
  expect(entries.entries).toHaveLength(1);
  expect(consoleErrors).toEqual([]);
});
