import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { SHOTS, screens, shot, closeScreensWhenDone } from './pages';
import { wsClient } from '../support/wsClient';

closeScreensWhenDone();

// The counter's happy path with the keyboard alone, from F2 to the tracking code: a petition is
// opened, the applicant identified with the civil registry's answer, the details and the fees (a
// discount) entered, the office tariff paid from the terminal's receipt, the feeder scanned, the pages
// matched with the originals and the request sent. A trusted mouse event on the counter fails the
// walk. It runs after the other specs or on its own: it sets the office up if need be and walks at a
// counter of its own (باجهٔ ۵, serving every service, with no card terminal).
test.describe.configure({ mode: 'serial' });

const SCANNER = `http://127.0.0.1:${process.env.E2E_SCANNER_PORT ?? 4798}/eSCL`;
const manager = { username: 'maryam', password: 'Sabz-Kuh-1403' };
const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '۱۲۳۴', city: 'تهران' };
const consoleErrors: string[] = [];
const open = screens(consoleErrors);
let counter: Page;
let hub: Awaited<ReturnType<typeof wsClient>>;
/** the walk's own counter (باجهٔ ۵) */
let COUNTER = 0;
let WS_URL = '';

/**
 * Counts trusted pointer presses and clicks on the page, from its first script on. Enter or Space on
 * a button also fires a (trusted) click, but with `detail` 0: only a pointer's click has a count.
 */
const countClicks = () => {
  const w = window as unknown as { __clicks: number };
  w.__clicks = 0;
  for (const type of ['mousedown', 'pointerdown', 'click', 'auxclick', 'contextmenu']) {
    window.addEventListener(type, (e) => e.isTrusted && (e as MouseEvent).detail !== 0 && (w.__clicks += 1), true);
  }
};
const clicks = (page: Page) => page.evaluate(() => (window as unknown as { __clicks: number }).__clicks);

/** Tab (forward) until the focused field is the one labelled `label` — as a clerk tabs through a form. */
async function tabTo(page: Page, label: string | RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    const here = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labels = (el as HTMLInputElement).labels;
      return [el.getAttribute('aria-label') ?? '', ...(labels ? [...labels].map((l) => l.textContent ?? '') : []), el.tagName === 'BUTTON' ? (el.textContent ?? '') : ''].join('|');
    });
    if (typeof label === 'string' ? here.split('|').some((x) => x.trim() === label) : label.test(here)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`no field «${String(label)}» within ${max} Tabs`);
}

test.beforeAll(async ({ baseURL }) => {
  mkdirSync(SHOTS, { recursive: true });
  WS_URL = `${baseURL!.replace('http', 'ws')}/api/ws`;
  hub = await wsClient(WS_URL);
  await hub.call('setup.createOffice', { office, manager: { displayName: 'مریم احمدی', ...manager } }); // refused when 01 already set the office up
  hub.setSession((await hub.ok('auth.login', manager)).session);
  await hub.ok('queue.setPrinter', { printer: { kind: 'none' } });
  const config = await hub.ok('queue.config', {});
  for (const s of config.services) await hub.ok('queue.saveService', { ...s, opensAt: '00:00', closesAt: '24:00' });
  // a counter of this walk's own: no card terminal, nothing left on it by another spec
  const me = await hub.ok('auth.whoami', {});
  let five = (await hub.ok('queue.counters', {})).counters.find((c) => c.number === 5);
  if (!five) {
    await hub.ok('queue.saveCounter', { number: 5, active: true, serviceIds: config.services.map((s) => s.id) });
    five = (await hub.ok('queue.counters', {})).counters.find((c) => c.number === 5)!;
  }
  COUNTER = five.id;
  for (const c of (await hub.ok('queue.counters', {})).counters) {
    if (c.id === COUNTER || me.principal.kind !== 'user' || c.openBy?.userId !== me.principal.userId) continue;
    if (c.current) await hub.call('queue.finish', { counterId: c.id });
    await hub.call('queue.closeCounter', { counterId: c.id });
  }
  await hub.ok('scanner.set', { counterId: COUNTER, setting: { driver: 'escl', deviceId: SCANNER, label: 'اسکنر شبکهٔ باجهٔ ۵', source: 'adf', dpi: 200, colorMode: 'grey' } });
  // the civil registry is asked through the central system: enroll with the demo central's code (05 may have)
  const status = await hub.ok('sync.status', {});
  if (!status.enrolled) {
    for (let i = 0; i < 100 && !existsSync('test-results/e2e-central.json'); i++) await new Promise((r) => setTimeout(r, 200));
    const central = JSON.parse(readFileSync('test-results/e2e-central.json', 'utf8')) as { url: string; code: string };
    const held = await hub.ok('sync.enroll', { centralUrl: central.url, code: central.code });
    // the demo central knows the office by another name: the manager keeps it, as in 05
    if (held.pendingEnrollment) await hub.ok('sync.confirmEnrollment', { token: held.pendingEnrollment.token });
  }
  // the manager sits at counter 5 (the picker is a screen of its own; this walk starts at F2)
  const counters = await hub.ok('queue.counters', {});
  const one = counters.counters.find((c) => c.id === COUNTER)!;
  if (one.current) await hub.call('queue.finish', { counterId: COUNTER });
  if (!one.openBy) await hub.ok('queue.openCounter', { counterId: COUNTER });
  // the kiosk is a connection of its own (a staff connection cannot be a kiosk)
  const kioskHub = await wsClient(WS_URL);
  kioskHub.setSession((await kioskHub.ok('auth.deviceLogin', { role: 'kiosk' })).session);
  const info = await kioskHub.ok('queue.kioskInfo', {});
  await kioskHub.ok('queue.issueTicket', { serviceId: info.services[0]!.id });
  kioskHub.close();
});

test.afterAll(() => hub?.close());

test('the petition from F2 to the tracking code, keyboard only: no click anywhere on the counter', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fa-IR', timezoneId: 'Asia/Tehran', acceptDownloads: true });
  await context.addInitScript(countClicks);
  counter = await context.newPage();
  counter.on('console', (m) => m.type() === 'error' && consoleErrors.push(`/counter: ${m.text()}`));
  counter.on('pageerror', (e) => consoleErrors.push(`/counter: ${e.message}`));
  await counter.goto('/counter');
  const k = counter.keyboard;

  // login: the user name field has the focus
  await expect(counter.getByLabel('نام کاربری')).toBeFocused();
  await k.type(manager.username);
  await k.press('Tab');
  await k.type(manager.password);
  await k.press('Enter');
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۵' })).toBeVisible();

  await k.press('F2');
  await expect(counter.locator('.current-ticket-status')).toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
  await k.press('F4');
  // a new request: the service (petition first) has the focus; Tab to the deadline, Enter opens it
  await expect(counter.getByLabel('خدمت', { exact: true })).toBeFocused();
  await k.press('Tab');
  await k.type('۱۴۰۵/۱۲/۲۰');
  await k.press('Enter');
  await expect(counter.locator('.stepper-step-current')).toContainText('احراز هویت');

  // identity: the national id has the focus; the registry's answer takes it to «copy the names»,
  // and copying them to the mobile field
  await expect(counter.getByLabel('کد ملی')).toBeFocused();
  await k.type('۰۴۹۹۳۷۰۸۹۹');
  await tabTo(counter, 'استعلام از ثبت احوال');
  await k.press('Enter');
  await expect(counter.getByRole('button', { name: 'نوشتن نام‌ها از پاسخ استعلام' })).toBeFocused();
  await k.press('Enter');
  await expect(counter.getByLabel('نام پدر')).toHaveValue('حسن');
  await expect(counter.getByLabel('تلفن همراه')).toBeFocused();
  await k.type('۰۹۱۲۱۲۳۴۵۶۷');
  await k.press('Enter');
  await expect(counter.locator('.stepper-step-current')).toContainText('جزئیات درخواست');

  // details: the first empty party (the other side) has the focus
  const partyName = counter.getByLabel('نام و نام خانوادگی یا نام شخص حقوقی');
  await expect(partyName.nth(1)).toBeFocused();
  await k.type('شرکت نمونه');
  await tabTo(counter, 'تعداد برگ پیوست');
  await k.press('Control+A');
  await k.type('۴');
  await k.press('Enter');
  await expect(counter.locator('.stepper-step-current')).toContainText('هزینه‌ها');

  // fees: arrow to «discount», its amount field (grouped as typed, in words) takes the focus
  await k.press('ArrowLeft');
  await expect(counter.getByLabel('مبلغ تخفیف (ریال)')).toBeFocused();
  await k.type('10000');
  await expect(counter.getByLabel('مبلغ تخفیف (ریال)')).toHaveValue('۱۰٬۰۰۰');
  await expect(counter.getByText('ده هزار ریال')).toBeVisible();
  await k.press('Tab');
  await k.type('همکار بازنشستهٔ دادگستری');
  await shot(counter, '80-keyboard-fees-money-words');
  await k.press('Enter');
  await expect(counter.locator('.stepper-step-current')).toContainText('پرداخت');

  // payment: the terminal's receipt typed; the amount is filled in, the RRN has the focus
  await expect(counter.getByLabel('شمارهٔ مرجع (RRN)')).toBeFocused();
  await expect(counter.getByText(/میلیون|هزار/).first()).toBeVisible();
  await k.type('412345678911');
  await k.press('Tab');
  await k.type('654321');
  await k.press('Tab');
  await k.type('C0000302');
  await k.press('Tab');
  await k.type('603799******1234');
  await shot(counter, '81-keyboard-payment-money-words');
  await k.press('Enter');
  await expect(counter.locator('.stepper-step-current')).toContainText('اسناد');

  // documents: Insert scans the feeder, End finishes the scan
  await expect(counter.getByText('اسکنر: اسکنر شبکهٔ باجهٔ ۵', { exact: true })).toBeVisible();
  await k.press('Insert');
  await expect(counter.locator('.capture-page')).toHaveCount(4, { timeout: 60_000 });
  await k.press('End');
  await expect(counter.locator('.stepper-step-current')).toContainText('رؤیت متقاضی');

  // the applicant confirms on their own screen (touch there; not the counter's keyboard)
  // (the applicant's screen is a connection of its own: a staff connection cannot be one)
  const screen = await wsClient(WS_URL);
  screen.setSession((await screen.ok('auth.deviceLogin', { role: 'applicant', counterId: COUNTER })).session);
  const view = await screen.ok('applicantScreen.view', { counterId: COUNTER });
  await screen.ok('applicantScreen.review', { counterId: COUNTER, requestId: view.request!.id, outcome: 'confirmed', digest: view.request!.documents!.digest });
  screen.close();
  await expect(counter.locator('.stepper-step-current')).toContainText('مطابقت با اصل');

  // the match: the panel has the focus; Enter per page, the last one ends the match
  await expect(counter.getByLabel('مطابقت با اصل', { exact: true }).and(counter.locator('div'))).toBeFocused();
  for (let i = 1; i <= 3; i++) {
    await k.press('Enter');
    await expect(counter.getByText(`${'۰۱۲۳۴۵۶۷۸۹'[i]} از ۴ صفحه مطابقت داده شد`)).toBeVisible();
  }
  await k.press('Enter');
  await expect(counter.getByText('اسناد با اصل مطابقت داده شد و درخواست آمادهٔ ارسال به سامانه است.')).toBeVisible();

  // send: the button has the focus; the outbox delivers and the tracking code comes back
  const send = counter.locator('.send-button');
  await expect(send).toBeFocused();
  await k.press('Enter');
  await expect(counter.getByRole('heading', { name: 'به سامانهٔ مرکزی رسید' })).toBeVisible({ timeout: 60_000 });
  await expect(counter.locator('.tracking-code strong')).toBeVisible();
  await shot(counter, '82-keyboard-tracking-code');

  expect(await clicks(counter)).toBe(0);
  expect(consoleErrors).toEqual([]);
});

test('F8 with a request unfinished asks first; it stays in today’s open requests; its deadline is corrected', async () => {
  const k = counter.keyboard;
  // another request for the same person, opened and left at identity (keyboard: Tab to the tab «+»)
  await tabTo(counter, /درخواست دیگر برای همین متقاضی/);
  await k.press('Enter');
  await expect(counter.getByLabel('خدمت', { exact: true })).toBeFocused();
  await k.press('Tab');
  await k.type('۱۴۰۵/۰۱/۰۱');
  await k.press('Enter');
  await expect(counter.getByText('این مهلت قانونی گذشته است', { exact: false })).toBeVisible();
  await shot(counter, '83-deadline-passed');
  await counter.getByLabel('مهلت قانونی (اختیاری)').fill('');
  await k.press('Enter');
  await expect(counter.locator('.stepper-step-current')).toContainText('احراز هویت');

  // the deadline is corrected (added) before sending
  await tabTo(counter, 'افزودن مهلت قانونی');
  await k.press('Enter');
  const dialog = counter.getByRole('dialog', { name: 'مهلت قانونی درخواست' });
  await expect(dialog.getByLabel('مهلت قانونی', { exact: true })).toBeFocused();
  await k.type('۱۴۰۵/۱۲/۲۵');
  await shot(counter, '84-deadline-correction');
  await k.press('Enter');
  await expect(counter.getByText('مهلت‌دار تا ۱۴۰۵/۱۲/۲۵')).toBeVisible();

  // other specs of the same run may have left requests of their own in today's list: count from here
  const list = counter.getByRole('region', { name: /درخواست‌های باز امروز/ }).or(counter.locator('.open-requests'));
  const before = await list.locator('tbody tr.open-request-row').count();
  await k.press('F8');
  const finish = counter.getByRole('dialog', { name: 'پایان خدمت — درخواست ناتمام' });
  await expect(finish).toBeVisible();
  await expect(finish.getByLabel(/باز بماند تا بعداً ادامه یابد/)).toBeFocused();
  await shot(counter, '85-f8-unfinished-dialog');
  await k.press('ArrowDown');
  await expect(finish.getByLabel('باجهٔ مقصد')).toBeVisible();
  await shot(counter, '85b-f8-hand-over');
  await k.press('ArrowUp');
  await k.press('Enter');
  await expect(finish).toBeHidden();
  await expect(list.locator('tbody tr.open-request-row')).toHaveCount(before + 1);
  // the newest, last: this walk's second request, left at identity
  await expect(list.locator('tbody tr.open-request-row').last()).toContainText('هنوز احراز نشده');
  await shot(counter, '86-open-requests');
  expect(consoleErrors).toEqual([]);
});
