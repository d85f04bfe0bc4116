import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { login, manager, OFFICE_NAME, SHOTS, shot, closeScreensWhenDone } from './pages';
import { wsClient, type WsClient } from '../support/wsClient';

closeScreensWhenDone();

// «پشتیبان‌گیری» on the manager's dashboard (issue 20; docs/BACKUP.md): the target folder named, a
// backup taken «اکنون» and verified, its age shown with the Jalali date; then the target pulled away
// and the panel red, saying why. Screenshots at 1366×768 for a person to look at.
test.describe.configure({ mode: 'serial' });

let hub: WsClient;
const target = mkdtempSync(path.join(tmpdir(), 'daftaryar-e2e-backup-'));

test.beforeAll(async ({ baseURL }) => {
  mkdirSync(SHOTS, { recursive: true });
  hub = await wsClient(`${baseURL!.replace('http', 'ws')}/api/ws`);
  // the shared office is set up by 01 when the whole suite runs; alone, this spec sets it up
  const setup = await hub.call('setup.createOffice', { office: { name: OFFICE_NAME, code: '۱۲۳۴', city: 'تهران' }, manager });
  if (!setup.ok) expect(setup.error.code).toBe('ALREADY_SET_UP');
  hub.setSession((await hub.ok('auth.login', { username: manager.username, password: manager.password })).session);
});

test.afterAll(() => {
  hub?.close();
  rmSync(target, { recursive: true, force: true });
  rmSync(`${target}-away`, { recursive: true, force: true });
});

test('the dashboard shows the last verified backup, and red with the reason when the target is gone', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/manager');
  await login(page);
  const panel = page.getByRole('region', { name: 'پشتیبان‌گیری' });
  await expect(panel.getByText('پوشهٔ پشتیبان برگزیده نشده است', { exact: false })).toBeVisible();
  await panel.getByLabel('پوشهٔ پشتیبان روی رایانهٔ اصلی دفتر').fill(target);
  await panel.getByRole('button', { name: 'ذخیرهٔ پوشه' }).click();
  await panel.getByRole('button', { name: 'پشتیبان‌گیری اکنون' }).click();
  await expect(panel.getByText(/آخرین پشتیبانِ وارسی‌شده: [۰-۹]+ دقیقه پیش \([۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}\)/)).toBeVisible({ timeout: 30_000 });
  await expect(panel.locator('.form-notice')).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await shot(page, 'manager-backup-1366');

  const { renameSync } = await import('node:fs');
  renameSync(target, `${target}-away`);
  await page.reload();
  await expect(panel.getByText('پوشهٔ پشتیبان در دسترس نیست (دیسک جدا شده یا پوشهٔ اشتراکی قطع است).')).toBeVisible();
  await expect(panel.locator('.form-error').first()).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await shot(page, 'manager-backup-red-1366');
  renameSync(`${target}-away`, target);
});
