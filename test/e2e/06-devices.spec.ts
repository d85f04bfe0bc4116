import { test, expect, type Page } from '@playwright/test';
import { login, shot, specOffice, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// Devices on the LAN, in the browser: a hub of its own serving HTTPS with the office certificate and
// requiring every browser to pair (as other PCs of the LAN must). The waiting-room TV pairs with a
// one-time code, the manager's PC pairs as a counter, the manager sees both and revokes the TV,
// which goes back to the pairing screen with the reason. The browser accepts the office certificate
// as a person would after installing it (ignoreHTTPSErrors); pinning is tested in hub/web/lanPairing.test.ts.
test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_DEVICES_PORT ?? 4796);
const office = specOffice('devices', { port: PORT, pairing: true });
const { local, consoleErrors, open } = office;

let board: Page;
let managerPage: Page;

test('an unpaired waiting-room TV asks for the code, and shows the board once paired', async ({ browser }) => {
  expect(office.web.origin).toMatch(/^https:/);
  const { code } = await local('device.issueCode', { kind: 'board', name: 'تلویزیون سالن' }, office.managerSession);
  board = await open(browser, 'board');
  await expect(board.getByRole('heading', { name: 'جفت‌کردن این دستگاه با دفتر' })).toBeVisible();
  const field = board.getByLabel('کد جفت‌سازی');
  await expect(field).toBeFocused();
  await field.fill(code.replace(/\d/g, (d: string) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
  await shot(board, '70-board-pairing');
  await board.keyboard.press('Enter');
  await expect(board.getByRole('heading', { name: 'جفت‌کردن این دستگاه با دفتر' })).toHaveCount(0);
  await expect(board.locator('body')).toHaveAttribute('data-shell', 'board');
  await expect(board.getByText('دفتر خدمات الکترونیک قضایی ۱۲۳۴').first()).toBeVisible();
  // it stays paired across a reload: the credential is kept, the connection proves it again
  await board.reload();
  await expect(board.getByText('دفتر خدمات الکترونیک قضایی ۱۲۳۴').first()).toBeVisible();
  await expect(board.getByRole('heading', { name: 'جفت‌کردن این دستگاه با دفتر' })).toHaveCount(0);
});

test('the manager’s PC pairs as a counter, and the manager sees every device, makes a code and revokes the TV', async ({ browser }) => {
  const { code } = await local('device.issueCode', { kind: 'counter', name: 'رایانهٔ مدیر' }, office.managerSession);
  managerPage = await open(browser, 'manager');
  await managerPage.getByLabel('کد جفت‌سازی').fill(code);
  await managerPage.getByRole('button', { name: 'جفت کردن' }).click();
  await login(managerPage);
  await managerPage.getByRole('button', { name: 'کارکنان و دستگاه‌ها' }).click();
  const table = managerPage.locator('.devices-table');
  await expect(table.getByText('تلویزیون سالن')).toBeVisible();
  await expect(table.getByText('رایانهٔ مدیر')).toBeVisible();
  await managerPage.getByLabel('نوع دستگاه').selectOption('kiosk');
  await managerPage.getByLabel('نام دستگاه').fill('کیوسک ورودی');
  await managerPage.getByRole('button', { name: 'ساختن کد' }).click();
  await expect(managerPage.locator('.pairing-code-big')).toHaveText(/^[۰-۹]{4} [۰-۹]{4} [۰-۹]{4}$/);
  await managerPage.locator('.device-manager').scrollIntoViewIfNeeded();
  await shot(managerPage, '71-manager-devices');

  const tvRow = table.locator('tr', { hasText: 'تلویزیون سالن' });
  await tvRow.getByRole('button', { name: 'لغو دسترسی' }).click();
  const dialog = managerPage.getByRole('dialog');
  await dialog.getByLabel('دلیل').fill('تلویزیون به انبار رفت');
  await shot(managerPage, '72-manager-revoke-dialog');
  await dialog.getByRole('button', { name: 'لغو دسترسی' }).click();
  await expect(managerPage.getByText('دسترسی «تلویزیون سالن» لغو شد.')).toBeVisible();
  await expect(tvRow.getByText('لغو شده')).toBeVisible();

  // the TV's connection was closed by the hub; it is back at pairing, told why
  await expect(board.getByText('مدیر دفتر دسترسی این دستگاه را لغو کرد. برای کار دوباره، کد جفت‌سازی تازه بگیرید.')).toBeVisible({ timeout: 15_000 });
  await shot(board, '73-board-revoked');
  const audit = await local('audit.list', { limit: 50 }, office.managerSession);
  expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['pairingCodeIssued', 'devicePaired', 'deviceRevoked']));
  expect(consoleErrors).toEqual([]);
});
