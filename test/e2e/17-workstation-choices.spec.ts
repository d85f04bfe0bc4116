import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { silentLogger } from '../../hub/log';
import { startWebMode, type WebMode } from '../../hub/webMode';
import { CONTRACT_VERSION } from '../../core/api/version';
import type { AgentDevice } from '../../core/api/agent';
import { lanClient } from '../support/lanClient';
import { localCaller, shot, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// The manager's side of a workstation's devices (docs/WORKSTATIONS.md): the choice among several
// printers a counter PC's agent reported, and the office's Dynamic Web TWAIN licence key in «تنظیمات».
// The agent is played on a connection of its own; the browser is the hub's own PC (no pairing asked).
test.describe.configure({ mode: 'serial' });

// its own hub on any free port (0): the config's server holds E2E_PORT
const PORT = Number(process.env.E2E_WS_CHOICES_PORT ?? 0);
const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
let web: WebMode;
let managerSession: string;
const consoleErrors: string[] = [];
const local = localCaller(() => web);

const devices: AgentDevice[] = [
  { type: 'scanner', driver: 'dwt', id: 'dwt:Canon DR-C225 TWAIN', label: 'Canon DR-C225 TWAIN', sources: ['adf'], colorModes: ['grey', 'color'], resolutions: [200, 300] },
  { type: 'scanner', driver: 'escl', id: 'escl:http://192.168.1.60/eSCL', label: 'HP LaserJet MFP M428', sources: ['flatbed', 'adf'], colorModes: ['grey'], resolutions: [300] },
  { type: 'printer', driver: 'escpos', id: 'tcp:192.168.1.50:9100', label: 'چاپگر رسید باجهٔ ۳' },
  { type: 'printer', driver: 'cups', id: 'cups:receipts-a5', label: 'چاپگر لیزری اتاق ۲' },
  { type: 'terminal', driver: 'sadad', id: 'sadad:http://127.0.0.1:8000', label: 'کارتخوان سداد' },
];

test.beforeAll(async () => {
  web = await startWebMode({ dataDir: mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-choices-')), version: 'e2e', host: '127.0.0.1', port: PORT, rendererDir: path.resolve('dist/renderer'), log: silentLogger });
  await local('setup.createOffice', { office: { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '۱۲۳۴', city: 'تهران' }, manager });
  managerSession = (await local('auth.login', { username: manager.username, password: manager.password })).session;
  const { code } = await local('device.issueCode', { kind: 'counter', name: 'باجهٔ ۳' }, managerSession);
  const pc = lanClient({ hub: web.hub }, '10.77.0.13');
  const device = await pc.ok('auth.pair', { code });
  const link = lanClient({ hub: web.hub }, '10.77.0.13');
  await link.ok('auth.device', { deviceId: device.deviceId, credential: device.credential });
  await link.ok('agent.hello', { contractVersion: CONTRACT_VERSION, agentVersion: '0.4.0', devices });
  expect(web.hub.subscribe({ t: 'sub', id: 900, event: 'agent.job' }, link.transport, () => {}).answer.ok).toBe(true);
});
test.afterAll(async () => web?.close());

async function managerPage(browser: import('@playwright/test').Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'fa-IR', timezoneId: 'Asia/Tehran', baseURL: web.origin });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto('/manager');
  await page.getByLabel('نام کاربری').fill(manager.username);
  await page.getByLabel('گذرواژه').fill(manager.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  return page;
}

test('the manager picks which of a counter PC’s two printers it uses', async ({ browser }) => {
  const page = await managerPage(browser);
  await page.getByRole('button', { name: 'کارکنان و دستگاه‌ها' }).click();
  const select = page.getByLabel('چاپگرِ رسید و نوبتِ این رایانه');
  await expect(select).toHaveValue('');
  await select.selectOption({ label: 'چاپگر لیزری اتاق ۲' });
  await expect.poll(async () => (await local('agent.workstations', {}, managerSession)).workstations[0].chosen.printer).toBe('cups:receipts-a5');
  await expect(select).toHaveValue('cups:receipts-a5');
  await page.getByRole('heading', { name: 'رایانه‌های باجه و کیوسک' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: 'test-results/screenshots/170-manager-workstation-printer-choice.png' });
  expect(consoleErrors).toEqual([]);
});

test('the manager types the office’s DWT licence key once; only its end is shown back', async ({ browser }) => {
  const page = await managerPage(browser);
  await page.getByRole('button', { name: 'تنظیمات' }).click();
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'مجوز اسکنرهای TWAIN (Dynamic Web TWAIN)' }) });
  await expect(card).toContainText('هنوز کلیدی ثبت نشده است');
  await card.getByLabel('کلید مجوز تازه').fill('t0151234-ABCD');
  await card.getByRole('button', { name: 'ذخیره' }).click();
  await expect(card.getByRole('status')).toContainText('کلید مجوز ذخیره شد');
  await expect(card.getByRole('note')).toContainText('…ABCD');
  await expect(card.getByLabel('کلید مجوز تازه')).toHaveValue('');
  expect(await local('office.dwtLicence', {}, managerSession)).toEqual({ set: true, tail: 'ABCD' });
  await card.scrollIntoViewIfNeeded();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: 'test-results/screenshots/171-manager-dwt-licence.png' });
  await shot(page, '172-manager-settings-full');
  expect(consoleErrors).toEqual([]);
});
