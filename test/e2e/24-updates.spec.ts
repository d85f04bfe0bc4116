import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { lanClient } from '../support/lanClient';
import { releaseFolder } from '../support/updateFeeds';
import { login, shot, specOffice, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// «به‌روزرسانی رایانه‌های دفتر» on the manager's devices screen (docs/UPDATES.md): two workstations
// report their app's version as their windows connect; the manager brings version 0.2.0 from a folder
// on the hub's PC; the screen shows what is offered and which workstation is behind.
test.describe.configure({ mode: 'serial' });

// its own hub on any free port (0): the config's server holds E2E_PORT
const PORT = Number(process.env.E2E_UPDATES_PORT ?? 0);
const office = specOffice('updates', { port: PORT });
const { local, consoleErrors } = office;
const source = mkdtempSync(path.join(tmpdir(), 'daftaryar-e2e-release-'));
test.afterAll(() => rmSync(source, { recursive: true, force: true }));

async function workstation(kind: 'counter' | 'kiosk', name: string, address: string, appVersion: string) {
  const { code } = await local('device.issueCode', { kind, name }, office.managerSession);
  const pc = lanClient({ hub: office.web.hub }, address);
  const device = await pc.ok('auth.pair', { code });
  const window = lanClient({ hub: office.web.hub }, address);
  await window.ok('auth.device', { deviceId: device.deviceId, credential: device.credential });
  await window.ok('updates.report', { appVersion });
}

for (const size of [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
]) {
  test(`the manager brings an update and sees which workstation is behind (${size.width}×${size.height})`, async ({ browser }) => {
    if (size.width === 1366) {
      await workstation('counter', 'باجهٔ ۱', '10.77.0.11', '0.1.0');
      await workstation('kiosk', 'کیوسک نوبت', '10.77.0.12', '0.2.0');
      releaseFolder(source, { version: '0.2.0', bytes: Buffer.alloc(3 * 1024 * 1024, 7) });
    }
    const page = await office.open(browser, 'manager', size);
    await login(page);
    await page.getByRole('button', { name: 'کارکنان و دستگاه‌ها' }).click();
    const card = page.locator('section.app-updates');
    await card.scrollIntoViewIfNeeded();
    if (size.width === 1366) {
      await expect(card.getByRole('note')).toHaveText('هنوز به‌روزرسانی‌ای به این رایانه آورده نشده است.');
      await card.getByLabel('پوشهٔ به‌روزرسانی روی این رایانه').fill(source);
      await card.getByRole('button', { name: 'آوردن به‌روزرسانی' }).click();
      await expect(card.getByText('به‌روزرسانی آورده شد: ویندوز ۰.۲.۰.')).toBeVisible();
    }
    await expect(card.getByRole('note')).toContainText('ویندوز: نسخهٔ ۰.۲.۰ (۳٫۰ مگابایت)');
    const table = card.getByRole('table');
    await expect(table.locator('tr', { hasText: 'باجهٔ ۱' })).toContainText('به‌روزرسانی نشده');
    await expect(table.locator('tr', { hasText: 'باجهٔ ۱' })).toContainText('۰.۱.۰');
    await expect(table.locator('tr', { hasText: 'کیوسک نوبت' })).toContainText('به‌روز');
    await expect(card).not.toContainText(/[0-9]/);
    await card.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `test-results/screenshots/180-manager-updates-${size.width}x${size.height}.png` });
    await shot(page, `181-manager-updates-full-${size.width}x${size.height}`);
    expect(consoleErrors).toEqual([]);
  });
}
