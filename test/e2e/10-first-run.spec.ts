import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { silentLogger } from '../../hub/log';
import { startWebMode, type WebMode } from '../../hub/webMode';
import { newConnection } from '../../hub/auth/connection';
import { startFirstRunServer } from '../../workstation/firstRunServer';
import { loadSettings } from '../../workstation/settings';
import { shot, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// A PC's first run, in web mode: the office hub serving HTTPS with its own certificate (as on the LAN),
// and this PC's first-run page whose Node side joins it for real with the code the manager issued.
test.describe.configure({ mode: 'serial' });

const HUB_PORT = Number(process.env.E2E_DEVICES_PORT ?? 4796);
const PAGE_PORT = Number(process.env.E2E_SCREENS_PORT ?? 4795);
const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
const toPersian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
let web: WebMode;
let firstRun: Awaited<ReturnType<typeof startFirstRunServer>>;
let dataDir: string;
let managerSession: string;
let id = 1;

async function local(proc: string, input: unknown, session?: string): Promise<any> {
  const res = await web.hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, { kind: 'local', connection: newConnection() });
  if (!res.ok) throw new Error(`${proc}: ${res.error.code}`);
  return res.output;
}

test.beforeAll(async () => {
  web = await startWebMode({ dataDir: mkdtempSync(path.join(tmpdir(), 'daftaryar-first-run-hub-')), version: 'e2e', host: '127.0.0.1', port: HUB_PORT, rendererDir: path.resolve('dist/renderer'), requirePairing: true, tls: true, log: silentLogger });
  await local('setup.createOffice', { office: { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '۱۲۳۴', city: 'تهران' }, manager });
  managerSession = (await local('auth.login', { username: manager.username, password: manager.password })).session;
  dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-first-run-pc-'));
  firstRun = await startFirstRunServer({ rendererDir: path.resolve('dist/renderer'), dataDir, port: PAGE_PORT });
});
test.afterAll(async () => {
  await firstRun?.close();
  await web?.close();
});

test('the first run asks what this PC is, joins the office hub by keyboard, and says so', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'fa-IR', timezoneId: 'Asia/Tehran', baseURL: firstRun.origin });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/join');
  await expect(page.getByRole('heading', { name: 'این رایانه، سرور دفتر است یا به سرور دفتر وصل می‌شود؟' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('button', { name: /^سرور دفتر/ })).toBeFocused();
  await shot(page, '90-first-run-choice');

  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('نشانی سرور دفتر')).toBeFocused();
  await page.keyboard.type(toPersian(`127.0.0.1:${HUB_PORT}`));
  await page.keyboard.press('Tab');
  await page.keyboard.type('۱۲۳۴۵۶۱۲۳۴۵۶');
  await page.keyboard.press('Tab'); // the role: «باجه» stays chosen
  await page.keyboard.press('Tab');
  await page.keyboard.type('باجهٔ ۲');
  await page.keyboard.press('Enter');
  // a code the manager never issued: refused beside the code field
  const codeError = page.getByText(/این کد را نپذیرفت|با این کد جور نیست/);
  await expect(codeError).toBeVisible();
  await expect(page.getByLabel('کد اتصال')).toBeFocused();
  await shot(page, '91-first-run-join-error');

  const { code } = await local('device.issueCode', { kind: 'counter', name: 'باجهٔ ۲' }, managerSession);
  await page.getByLabel('کد اتصال').fill(toPersian(code));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('این رایانه با نام «باجهٔ ۲» و به‌عنوان باجه به دفتر وصل شد');
  await shot(page, '92-first-run-joined');
  expect(loadSettings(dataDir)).toMatchObject({ kind: 'counter', name: 'باجهٔ ۲', hub: { kind: 'counter' } });
  const { devices } = await local('device.list', {}, managerSession);
  // (stored with Latin digits, shown with Persian ones)
  expect(devices.map((d: { name: string }) => d.name)).toContain('باجهٔ 2');
  expect(errors).toEqual([]);
});
