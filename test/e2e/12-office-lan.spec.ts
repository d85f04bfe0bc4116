import { copyFileSync, chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { fa } from '../../renderer/i18n/fa';
import { loadSettings, type WorkstationSettings } from '../../workstation/settings';
import { killGroup, makeLan, namespacesRefused, type Lan } from '../support/netns';
import { watch, type Proc } from '../support/lineProcess';
import { distinctPages } from '../support/distinctPages';
import { SHOTS, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// A real office on a LAN of network namespaces the spec makes (a bridge, veth pairs, 10.231.0.x inside
// them only): the hub in one, serving the UI over HTTPS with the office certificate; workstations A and B
// in others, each joined with the manager's pairing code and running the headless agent
// (workstation/cli.ts). B has its own devices: SANE's `test` backend (ADF) and a watched scan folder, an
// ESC/POS printer and the Sadad PC-POS simulator on B's own loopback (test/multihost/devicesMain.ts).
// Each counter window is Chromium started INSIDE its workstation's namespace (a wrapper given to
// Playwright as the browser: Playwright speaks to it over a pipe), proving the workstation's device
// credential from its workstation.json — the same device the agent is, as a workstation's window link
// does (workstation/client/windowLink.ts). docs/WORKSTATIONS.md § Tests.
//
// Needs root (CI runs as root); skipped, saying why, only where the kernel refuses namespaces.
test.describe.configure({ mode: 'serial' });

const refused = namespacesRefused();
if (refused) console.warn(`12-office-lan skipped: ${refused}`);

/** inside the namespaces only: the hub's port on its address, B's printer and PC-POS on B's loopback */
const HUB_PORT = 4812;
const B_PRINTER = 4813;
const B_SADAD = 4814;
const SUBNET = '10.231.0';
const node = process.execPath;
const root = path.resolve('.');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tsx = (file: string) => ['--import', 'tsx', path.join(root, file)];

test.describe('a two-workstation office on a LAN of namespaces', () => {
  test.skip(refused !== null, refused ?? '');

  let lan: Lan;
  let work: string;
  let hub: Proc;
  let agentA: Proc;
  let agentB: Proc;
  let devicesB: Proc;
  let origin: string;
  let spki: string;
  const groups: Proc[] = [];
  const browsers: Browser[] = [];
  const consoleErrors: string[] = [];
  let counterA: Page;
  let counterB: Page;
  let settingsB: WorkstationSettings;
  const folderB = () => path.join(work, 'B-scans');

  function startAgent(host: 'A' | 'B', code: string): Proc {
    const args = [...tsx('workstation/cli.ts'), '--hub', origin, '--code', code, '--name', `باجهٔ ${host}`, '--kind', 'counter', '--data', path.join(work, host)];
    if (host === 'B') args.push('--folder', folderB(), '--folder-idle-ms', '2500', '--printer', `tcp:127.0.0.1:${B_PRINTER}`, '--sadad', `http://127.0.0.1:${B_SADAD}@C0000301`);
    // A has no scanner (an empty SANE configuration); B has SANE's test backend
    const sane = path.join(work, host === 'B' ? 'sane-test' : 'sane-none');
    const p = watch(lan.spawnIn(host, node, args, { env: { ...process.env, SANE_CONFIG_DIR: sane }, detached: true }));
    groups.push(p);
    return p;
  }

  /** A counter window: Chromium inside the workstation's namespace, paired as that workstation. */
  async function counterWindow(host: 'A' | 'B'): Promise<Page> {
    const wrapper = path.join(work, `chromium-${host}.sh`);
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${lan.ns[host]} ${CHROMIUM} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const browser = await chromium.launch({
      executablePath: wrapper,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
        '--disable-quic',
        // the office's certificate is trusted by its key alone (the hub printed its SPKI digest)
        `--ignore-certificate-errors-spki-list=${spki}`,
      ],
    });
    browsers.push(browser);
    const settings = loadSettings(path.join(work, host))!;
    const device = { deviceId: settings.hub.deviceId, credential: settings.hub.credential, kind: settings.kind, name: settings.name };
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'fa-IR',
      timezoneId: 'Asia/Tehran',
      storageState: { cookies: [], origins: [{ origin, localStorage: [{ name: 'daftaryar.device', value: JSON.stringify(device) }] }] },
    });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${host}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${host}: ${e.message}`));
    await page.goto(`${origin}/counter`);
    return page;
  }

  async function login(page: Page, username: string, counter: string) {
    await page.getByLabel('نام کاربری').fill(username);
    await page.getByLabel('گذرواژه').fill(`pw-${username}-12345`);
    await page.getByRole('button', { name: 'ورود' }).click();
    const pick = page.getByRole('button', { name: new RegExp(counter) });
    await expect(page.getByRole('heading', { name: counter }).or(pick)).toBeVisible();
    if (await pick.isVisible()) await pick.click();
    await expect(page.getByRole('heading', { name: counter })).toBeVisible();
  }

  async function chooseScanner(page: Page, id: string) {
    await page.getByRole('button', { name: /^(انتخاب|تغییر) اسکنر$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'اسکنر این باجه' });
    await dialog.getByLabel('نوع اتصال').selectOption('workstation');
    await dialog.getByRole('button', { name: 'جستجوی اسکنرها' }).click();
    await dialog.getByRole('radio', { name: new RegExp(id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) }).check();
    await dialog.getByLabel('ورودی کاغذ').selectOption('adf');
    await dialog.getByLabel('وضوح (نقطه در اینچ)').selectOption('150');
    await dialog.getByRole('button', { name: 'ذخیرهٔ اسکنر' }).click();
    await expect(dialog).toBeHidden();
  }

  /** «اسکن» with its key, Insert */
  const scanButton = (page: Page) => page.locator('button', { has: page.locator('kbd', { hasText: 'Insert' }) });
  const screenshot = (page: Page, name: string) => page.evaluate(() => document.fonts.ready).then(() => page.screenshot({ path: `${SHOTS}/${name}.png` }));
  const jobsOf = (agent: Proc) => [...new Set(agent.lines.filter((l) => typeof l.jobId === 'string').map((l) => l.jobId as string))];
  const confirmed = (jobId: string) => agentB.lines.filter((l) => l.message === 'page confirmed' && l.jobId === jobId);

  /** The scan job as the hub holds it (asked on the hub's PC). */
  async function onHub(jobId: string) {
    const before = hub.lines.length;
    hub.child.stdin!.write(`job ${jobId}\n`);
    const line = await hub.waitFor((l) => hub.lines.indexOf(l) >= before && typeof l.job === 'object', 10_000, 'the hub’s answer about the job');
    return line as unknown as {
      job: { state: string; pages: Array<{ seq: number; sha256: string; pageId: string }> };
      pageIds: string[];
      captureJob: { status: string; pages: number } | null;
    };
  }

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(path.join(tmpdir(), 'daftaryar-office-lan-'));
    mkdirSync(path.join(work, 'sane-none'));
    mkdirSync(path.join(work, 'sane-test'));
    writeFileSync(path.join(work, 'sane-test', 'dll.conf'), 'test\n');
    copyFileSync('/etc/sane.d/test.conf', path.join(work, 'sane-test', 'test.conf'));
    mkdirSync(folderB());
    lan = makeLan(['hub', 'A', 'B'], { subnet: SUBNET });
    origin = `https://${lan.address.hub}:${HUB_PORT}`;
    hub = watch(
      lan.spawnIn('hub', node, [...tsx('test/multihost/hubMain.ts'), path.join(work, 'hub'), lan.address.hub!, String(HUB_PORT), String(Date.now()), 'office', path.join(root, 'dist/renderer')], {
        env: { ...process.env, SANE_CONFIG_DIR: path.join(work, 'sane-none'), DAFTARYAR_OCR: '0' },
        detached: true,
      }),
    );
    groups.push(hub);
    const ready = await hub.waitFor((l) => l.ready === true, 60_000, 'the hub');
    spki = ready.spki as string;
    devicesB = watch(lan.spawnIn('B', node, [...tsx('test/multihost/devicesMain.ts'), String(B_PRINTER), String(B_SADAD)], { detached: true }));
    groups.push(devicesB);
    await devicesB.waitFor((l) => l.ready === true, 30_000, 'B’s printer and terminal');
    agentA = startAgent('A', ready.codeA as string);
    agentB = startAgent('B', ready.codeB as string);
    await agentA.waitFor((l) => l.message === 'connected to the hub', 60_000, 'agent A');
    await agentB.waitFor((l) => l.message === 'connected to the hub', 60_000, 'agent B');
    settingsB = loadSettings(path.join(work, 'B'))!;
    [counterB, counterA] = await Promise.all([counterWindow('B'), counterWindow('A')]);
  });

  test.afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    for (const p of groups) killGroup(p.child);
    lan?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('B’s clerk calls a ticket, opens a petition, pays on B’s own terminal and prints the receipt on B’s own printer', async () => {
    test.setTimeout(90_000);
    await login(counterB, 'reza', 'باجهٔ ۲');
    await counterB.keyboard.press('F2');
    await expect(counterB.locator('.current-ticket-status')).toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
    await counterB.keyboard.press('F4');
    await expect(counterB.getByRole('heading', { name: 'درخواست تازه برای این نوبت' })).toBeVisible();
    await counterB.getByLabel('خدمت', { exact: true }).selectOption({ label: 'دادخواست' });
    await counterB.getByRole('button', { name: /باز کردن درخواست/ }).click();
    await expect(counterB.locator('.stepper-step-current')).toContainText('احراز هویت');
    await counterB.getByLabel('کد ملی').fill('۰۰۱۳۵۴۲۴۱۹');
    await counterB.getByLabel('نام', { exact: true }).fill('علی');
    await counterB.getByLabel('نام خانوادگی').fill('رضایی');
    await counterB.getByLabel('نام پدر').fill('محمد');
    await counterB.getByLabel('تلفن همراه').fill('۰۹۱۲۱۲۳۴۵۶۷');
    await counterB.getByRole('button', { name: /ثبت متقاضی و تأیید هویت/ }).click();
    await expect(counterB.locator('.stepper-step-current')).toContainText('جزئیات درخواست');
    await counterB.getByLabel('نام و نام خانوادگی یا نام شخص حقوقی').nth(1).fill('شرکت نمونه');
    await counterB.getByLabel('تعداد برگ پیوست').fill('۴');
    await counterB.getByLabel('خواسته و هزینهٔ دادرسی').selectOption({ label: 'مالی — بدوی' });
    await counterB.getByLabel('بهای خواسته (ریال)').fill('100,000,000');
    await counterB.getByRole('button', { name: /ثبت جزئیات/ }).click();
    await expect(counterB.locator('.stepper-step-current')).toContainText('هزینه‌ها');
    await counterB.getByRole('button', { name: /محاسبه و تثبیت هزینه‌ها/ }).click();
    await expect(counterB.locator('.stepper-step-current')).toContainText('پرداخت');

    // both parts on B's card terminal: the hub sends each sale to B's agent, which calls B's PC-POS
    await counterB.getByRole('button', { name: /پرداخت با کارت‌خوان — تعرفهٔ خدمات دفتر/ }).click();
    await expect(counterB.locator('.payment-part').first()).toContainText('پرداخت شد — رسید', { timeout: 30_000 });
    await counterB.getByRole('button', { name: /پرداخت با کارت‌خوان — هزینهٔ دادرسی/ }).click();
    await expect(counterB.locator('.payment-part-paid')).toHaveCount(2, { timeout: 30_000 });
    await expect(counterB.locator('.stepper-step-current')).toContainText('اسناد');

    // the receipt on B's own printer, through B's agent
    await counterB.getByRole('button', { name: 'چاپ رسید' }).first().click();
    await expect(counterB.getByRole('status').filter({ hasText: /^رسید .* چاپ شد\.$/ })).toBeVisible({ timeout: 30_000 });
    devicesB.child.stdin!.write('report\n');
    const report = (await devicesB.waitFor((l) => l.report === true, 10_000, 'B’s devices report')) as {
      jobs: Array<{ bytes: number; head: string }>;
      printed: Array<{ width: number; height: number; inkLines: number }>;
      charges: Array<{ amountRials: number }>;
    };
    // one job of ESC/POS (status asked with DLE EOT n, then ESC @) decoding to one 80 mm raster with many lines of text
    expect(report.jobs).toHaveLength(1);
    expect(report.jobs[0]!.head).toMatch(/^(1004[0-9a-f]{2})*1b40$/);
    expect(report.printed).toHaveLength(1);
    expect(report.printed[0]!.width).toBe(576);
    expect(report.printed[0]!.inkLines).toBeGreaterThanOrEqual(8);
    // two sales on B's terminal: the office tariff (770,000 + 2 × 70,000) and the judicial costs (2.5 % of 100,000,000)
    expect(report.charges.map((c) => c.amountRials).sort((a, b) => a - b)).toEqual([910_000, 2_500_000]);
    // nothing of it went to A
    expect(jobsOf(agentA)).toEqual([]);
  });

  test('B scans 10 pages from SANE’s test feeder through B’s agent: ten thumbnails on B’s screen, ten pages on the hub in order', async () => {
    test.setTimeout(90_000);
    await chooseScanner(counterB, 'sane:test:0');
    const before = jobsOf(agentB).length;
    await scanButton(counterB).click();
    await expect(counterB.locator('.capture-page')).toHaveCount(10, { timeout: 60_000 });
    await expect(counterB.locator('.capture-page img')).toHaveCount(10);
    const jobId = jobsOf(agentB)[before]!;
    const held = await onHub(jobId);
    expect(held.job.state).toBe('done');
    expect(held.job.pages.map((p) => p.seq)).toEqual([...Array(10).keys()]);
    expect(held.pageIds).toEqual(held.job.pages.map((p) => p.pageId));
    await counterB.locator('.capture-page').first().scrollIntoViewIfNeeded();
    await screenshot(counterB, '120-office-lan-B-scanned');
  });

  test('A’s counter meanwhile sees nothing of B’s applicant and serves its own ticket', async () => {
    await login(counterA, 'sara', 'باجهٔ ۱');
    await counterA.keyboard.press('F2');
    await expect(counterA.locator('.current-ticket-status')).toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
    await counterA.keyboard.press('F4');
    await counterA.getByLabel('خدمت', { exact: true }).selectOption({ label: 'دادخواست' });
    await counterA.getByRole('button', { name: /باز کردن درخواست/ }).click();
    await expect(counterA.locator('.stepper-step-current')).toContainText('احراز هویت');
    for (const trace of ['رضایی', '۰۰۱۳۵۴۲۴۱۹', '0013542419']) await expect(counterA.locator('body')).not.toContainText(trace);
    await expect(counterA.locator('.capture-page')).toHaveCount(0);
    expect(jobsOf(agentA)).toEqual([]);
    await screenshot(counterA, '121-office-lan-A-own-ticket');
  });

  test('B’s cable is pulled in the middle of a 30-page batch: B’s screen says the link is cut, then recovers; every page on the hub exactly once, in order', async () => {
    test.setTimeout(120_000);
    const digests = await distinctPages(folderB(), 30, 7);
    await chooseScanner(counterB, `folder:${folderB()}`);
    const before = jobsOf(agentB).length;
    await scanButton(counterB).click();
    await agentB.waitFor((l) => l.message === 'page confirmed' && l.jobId === jobsOf(agentB)[before] && (l.seq as number) >= 4, 40_000, 'five pages confirmed');
    const jobId = jobsOf(agentB)[before]!;
    lan.setLink('B', 'down');
    const banner = counterB.locator('.connection-banner');
    try {
      await expect(banner).toHaveText(fa.common.disconnected, { timeout: 15_000 });
      await screenshot(counterB, '122-office-lan-B-link-cut');
      expect(confirmed(jobId).length).toBeLessThan(30);
      // A's window, in A's namespace, still reaches the hub: only B's cable was pulled
      await expect(counterA.getByRole('heading', { name: 'باجهٔ ۱' })).toBeVisible();
      await expect(counterA.locator('.connection-banner')).toHaveCount(0);
    } finally {
      lan.setLink('B', 'up');
    }
    await expect(banner).toBeHidden({ timeout: 20_000 });
    await expect(counterB.locator('.capture-page')).toHaveCount(40, { timeout: 60_000 });
    // a page shows once its row is committed; the job ends after its last page, when B's agent reports the scan's end
    await expect.poll(async () => (await onHub(jobId)).job.state, { timeout: 20_000 }).toBe('done');
    const held = await onHub(jobId);
    expect(held.job.pages.map((p) => p.seq)).toEqual([...Array(30).keys()]);
    expect(held.job.pages.map((p) => p.sha256)).toEqual(digests);
    const mine = held.pageIds.filter((id) => held.job.pages.some((p) => p.pageId === id));
    expect(mine).toEqual(held.job.pages.map((p) => p.pageId));
    expect(held.captureJob).toMatchObject({ status: 'done', pages: 30 });
    // the hub's answer to that report is what lets B drop the job's folder
    await expect.poll(() => readdirSync(path.join(work, 'B', 'spool')), { timeout: 10_000 }).toEqual([]);
    await counterB.locator('.capture-page').last().scrollIntoViewIfNeeded();
    await screenshot(counterB, '123-office-lan-B-recovered');
  });

  test('the manager revokes B: B’s window says why, its agent stops; A goes on', async () => {
    hub.child.stdin!.write(`revoke ${settingsB.hub.deviceId}\n`);
    await expect(counterB.getByText(fa.devices.revokedNotice)).toBeVisible({ timeout: 15_000 });
    await screenshot(counterB, '124-office-lan-B-revoked');
    const stopped = await agentB.waitFor((l) => l.message === 'the hub refused this workstation', 15_000, 'agent B to stop');
    expect(stopped.code).toBe('DEVICE_REVOKED');
    await expect(counterA.locator('.connection-banner')).toHaveCount(0);
    await expect(counterA.locator('.stepper-step-current')).toContainText('احراز هویت');
    expect(consoleErrors.filter((e) => !/WebSocket|ERR_|net::/.test(e))).toEqual([]);
  });
});
