import { test, expect, type Browser, type Page } from '@playwright/test';
import { CONTRACT_VERSION } from '../../core/api/version';
import type { AgentDevice } from '../../core/api/agent';
import { lanClient } from '../support/lanClient';
import { login, shot, specOffice, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// The workstations' device agents as the staff see them (docs/WORKSTATIONS.md § What the staff see), in
// the browser against a hub that requires pairing: the agents are played on connections of their own
// (as the headless agent makes one), the browser is a paired counter. Counter 1's agent is connected
// with a scanner, a printer and a card terminal; counter 2 is this browser's PC, whose agent reports a
// printer and a terminal and then goes away. The counter says so; the manager's screen shows both.
test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_DEVICES_PORT ?? 4796);
const office = specOffice('workstations', { port: PORT, pairing: true });
const { local, consoleErrors } = office;

const counter1Devices: AgentDevice[] = [
  { type: 'scanner', driver: 'sane', id: 'fujitsu:fi-7160:12345', label: 'Fujitsu fi-7160', sources: ['adf', 'adfDuplex'], colorModes: ['grey', 'color'], resolutions: [150, 300] },
  { type: 'printer', driver: 'escpos', id: 'tcp:192.168.1.50:9100', label: 'چاپگر رسید باجهٔ ۱' },
  { type: 'terminal', driver: 'sadad', id: 'http://127.0.0.1:8000@12345678', label: 'کارتخوان سداد' },
];
const counter2Devices: AgentDevice[] = [
  { type: 'printer', driver: 'escpos', id: 'usb:/dev/usb/lp0', label: 'چاپگر رسید باجهٔ ۲' },
  { type: 'terminal', driver: 'sadad', id: 'http://127.0.0.1:8000@87654321', label: 'کارتخوان سداد' },
];

/** A workstation's agent on a connection of its own: proves the device, says hello, takes jobs. */
async function agent(device: { deviceId: number; credential: string }, devices: AgentDevice[], address: string) {
  const link = lanClient({ hub: office.web.hub }, address);
  await link.ok('auth.device', { deviceId: device.deviceId, credential: device.credential });
  await link.ok('agent.hello', { contractVersion: CONTRACT_VERSION, agentVersion: '0.3.1', devices });
  const sub = office.web.hub.subscribe({ t: 'sub', id: 900, event: 'agent.job' }, link.transport, () => {});
  expect(sub.answer.ok).toBe(true);
  return sub;
}

const open = (browser: Browser, shell: string): Promise<Page> => office.open(browser, shell, { width: 1366, height: 768 });

let counter: Page;

test('the counter on a workstation whose agent went away says which of its devices are not there, and stops saying it once the agent is back', async ({ browser }) => {
  // counter 1: another PC, its agent connected
  const { code: code1 } = await local('device.issueCode', { kind: 'counter', name: 'باجهٔ ۱' }, office.managerSession);
  const pc1 = lanClient({ hub: office.web.hub }, '10.77.0.11');
  const device1 = await pc1.ok('auth.pair', { code: code1 });
  await agent(device1, counter1Devices, '10.77.0.11');

  // counter 2: this browser's PC
  const { code: code2 } = await local('device.issueCode', { kind: 'counter', name: 'باجهٔ ۲' }, office.managerSession);
  counter = await open(browser, 'counter');
  await counter.getByLabel('کد جفت‌سازی').fill(code2);
  await counter.getByRole('button', { name: 'جفت کردن' }).click();
  await login(counter);
  await expect(counter.locator('body')).toHaveAttribute('data-shell', 'counter');
  const stored = await counter.evaluate(() => JSON.parse(localStorage.getItem('daftaryar.device') ?? 'null') as { deviceId: number; credential: string });
  const device2 = { deviceId: stored.deviceId, credential: stored.credential };

  const banner = counter.locator('.workstation-banner');
  const sub2 = await agent(device2, counter2Devices, '127.0.0.1');
  await expect(counter.locator('.queue-panel')).toBeVisible();
  await expect(banner).toHaveCount(0);

  // the agent of this PC goes away: the counter hears it before anything is started
  sub2.unsubscribe();
  await expect(banner).toHaveText('چاپگر و کارتخوان باجهٔ ۲ در دسترس نیست: برنامهٔ دستگاه‌های این رایانه به دفتر وصل نیست؛ آن رایانه و شبکه‌اش را بررسی کنید.');
  await shot(counter, '110-counter-workstation-away');

  // back: the line is gone
  const again = await agent(device2, counter2Devices, '127.0.0.1');
  await expect(banner).toHaveCount(0);
  again.unsubscribe();
  await expect(banner).toBeVisible();
});

test('the manager’s device screen lists the workstations: one connected with what it found, one away since its last contact', async ({ browser }) => {
  const page = await open(browser, 'manager');
  // the same browser profile is not shared between pages: this one pairs as the manager's own PC
  const { code } = await local('device.issueCode', { kind: 'counter', name: 'رایانهٔ مدیر' }, office.managerSession);
  await page.getByLabel('کد جفت‌سازی').fill(code);
  await page.getByRole('button', { name: 'جفت کردن' }).click();
  await login(page);
  await page.getByRole('button', { name: 'کارکنان و دستگاه‌ها' }).click();
  const table = page.getByRole('table', { name: 'رایانه‌های باجه و کیوسک' });
  const row1 = table.locator('tr', { hasText: 'باجهٔ ۱' });
  const row2 = table.locator('tr', { hasText: 'باجهٔ ۲' });
  await expect(row1.locator('.badge')).toHaveText('وصل');
  await expect(row1).toContainText('اسکنر: Fujitsu fi-۷۱۶۰');
  await expect(row1).toContainText('قرارداد ۱');
  await expect(row2.locator('.badge')).toHaveText('وصل نیست');
  await expect(row2).toContainText(/آخرین تماس [۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}/);
  await expect(table.locator('tr', { hasText: 'رایانهٔ مدیر' }).locator('.badge')).toHaveText('هنوز وصل نشده');
  await page.getByRole('heading', { name: 'رایانه‌های باجه و کیوسک' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/111-manager-workstations.png' });
  await shot(page, '112-manager-devices-full');

  // live: counter 2's agent comes back while the manager looks
  const stored = await counter.evaluate(() => JSON.parse(localStorage.getItem('daftaryar.device') ?? 'null') as { deviceId: number; credential: string });
  await agent({ deviceId: stored.deviceId, credential: stored.credential }, counter2Devices, '127.0.0.1');
  await expect(row2.locator('.badge')).toHaveText('وصل');
  expect(consoleErrors).toEqual([]);
});
