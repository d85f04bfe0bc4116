import { mkdirSync, readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { screens, SHOTS, shot, signInAtCounter, sharedOfficeAsManager, closeScreensWhenDone } from './pages';
import { wsClient } from '../support/wsClient';

closeScreensWhenDone();

// Each service declares its steps (issue 19, point 4): «مشاهدهٔ ابلاغیه» files nothing, so the counter
// walks identity → details → fees → payment → inquiry → printout — no scan, no send — and the
// applicant's screen shows only those steps and only this applicant. The notifications come from the
// demo central's notification stand-in (scripts/demo/registry.ts: two for 0499370899).
const consoleErrors: string[] = [];
let counter: Page;
let screen: Page;
let wide: Page;

const open = screens(consoleErrors);

/**
 * The demo central of this run, as serve.mjs noted it: the file may still name the last run's central
 * for a moment after the hub is up, so it is read again until its central answers.
 */
async function demoCentral(): Promise<{ url: string; code: string }> {
  for (let i = 0; i < 60; i++) {
    try {
      const central = JSON.parse(readFileSync('test-results/e2e-central.json', 'utf8')) as { url: string; code: string };
      await fetch(central.url);
      return central;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error('the demo central did not start');
}

test.beforeAll(async ({ baseURL }) => {
  mkdirSync(SHOTS, { recursive: true });
  const hub = await sharedOfficeAsManager(baseURL!);
  // the inquiry goes to the central at once: the hub is enrolled with the demo central (as 05 does)
  const sync = await hub.ok('sync.status', {});
  if (!sync.enrolled) {
    const central = await demoCentral();
    const status = await hub.ok('sync.enroll', { centralUrl: central.url, code: central.code });
    if (status.pendingEnrollment) await hub.ok('sync.confirmEnrollment', { token: status.pendingEnrollment.token });
  }
  // the office is shared with the specs before this one: 03 leaves counter 1 serving its applicant, whose service ends first
  const at1 = await hub.ok('queue.counterView', { counterId: 1 }).catch(() => null);
  if (at1?.counter.current?.status === 'serving') await hub.ok('queue.finish', { counterId: 1 });
  hub.close();
  const kiosk = await wsClient(`${baseURL!.replace('http', 'ws')}/api/ws`);
  kiosk.setSession((await kiosk.ok('auth.deviceLogin', { role: 'kiosk' })).session);
  const info = await kiosk.ok('queue.kioskInfo', {});
  await kiosk.ok('queue.issueTicket', { serviceId: info.services[0]!.id });
  kiosk.close();
});

test('«مشاهدهٔ ابلاغیه» completes without a scan: identity → fees and payment → inquiry → printout', async ({ browser }) => {
  // a whole service walked in the browser with three screens open: 8 s on a quiet machine, but a CI run
  // on 2 loaded cores once took over 60 s (each click 3–5 s), as 08's and 18's long walks may
  test.setTimeout(120_000);
  // the applicant's second screen (1280×800, as in 03 and 04), and the same at 1366×768
  screen = await open(browser, '/applicant?counter=1', { width: 1280, height: 800 });
  wide = await open(browser, '/applicant?counter=1', { width: 1366, height: 768 });
  counter = await open(browser, '/counter', { width: 1366, height: 768 });
  await counter.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await counter.reload();
  await signInAtCounter(counter);
  await counter.keyboard.press('F2');
  await expect(counter.locator('.current-ticket-status')).toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
  await counter.keyboard.press('F4');
  await expect(counter.getByRole('heading', { name: 'درخواست تازه برای این نوبت' })).toBeVisible();
  await counter.getByLabel('خدمت', { exact: true }).selectOption({ label: 'رؤیت ابلاغیه' });
  await counter.getByRole('button', { name: /باز کردن درخواست/ }).click();

  // the stepper has the service's six steps, not the eight of a filing
  const steps = counter.locator('.request-card .stepper-step');
  await expect(steps).toHaveText(['۱احراز هویت', '۲جزئیات درخواست', '۳هزینه‌ها', '۴پرداخت', '۵استعلام', '۶چاپ و تحویل']);

  // identity: Maryam, whose notifications the demo central holds
  await counter.getByLabel('کد ملی').fill('۰۴۹۹۳۷۰۸۹۹');
  await counter.getByLabel('نام', { exact: true }).fill('مریم');
  await counter.getByLabel('نام خانوادگی').fill('احمدی');
  await counter.getByLabel('نام پدر').fill('حسن');
  await counter.getByLabel('تلفن همراه').fill('۰۹۱۲۱۲۳۴۵۶۷');
  await counter.getByRole('button', { name: /ثبت متقاضی و تأیید هویت/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('جزئیات درخواست');
  // one person, the applicant; no attachment pages
  await expect(counter.getByLabel('نام و نام خانوادگی یا نام شخص حقوقی')).toHaveCount(1);
  await expect(counter.getByLabel('نام و نام خانوادگی یا نام شخص حقوقی')).toHaveValue('مریم احمدی');
  await counter.getByRole('button', { name: /ثبت جزئیات/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('هزینه‌ها');
  await counter.getByRole('button', { name: /محاسبه و تثبیت هزینه‌ها/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('پرداخت');
  await expect(counter.locator('.payment-part')).toHaveCount(1);
  await expect(counter.locator('.payment-part').first()).toContainText('۷۵٬۰۰۰ ریال');
  // paid on another terminal, its receipt typed in (with a terminal set for the counter, after «دستی»)
  const manual = counter.getByRole('button', { name: /رسید آن را دستی ثبت کنید/ });
  await expect(manual.or(counter.getByLabel('مبلغ رسید (ریال)'))).toBeVisible();
  if (await manual.isVisible()) await manual.click();
  await counter.getByLabel('مبلغ رسید (ریال)').fill('75,000');
  await counter.getByLabel('شمارهٔ مرجع (RRN)').fill('612345678901');
  await counter.getByLabel('شمارهٔ پیگیری').fill('654321');
  await counter.getByLabel('شمارهٔ پایانه').fill('C0000302');
  await counter.getByLabel('شمارهٔ کارت (پوشیده)').fill('603799******1234');
  await counter.getByRole('button', { name: /ثبت پرداخت و صدور رسید/ }).click();

  // paid: the next step is the inquiry — no scanner, no «ارسال»
  await expect(counter.locator('.stepper-step-current')).toContainText('استعلام');
  await expect(counter.getByRole('heading', { name: 'استعلام از سامانهٔ مرکزی' })).toBeVisible();
  await expect(counter.getByRole('button', { name: /اسکن/ })).toHaveCount(0);
  await expect(counter.getByRole('button', { name: /^ارسال/ })).toHaveCount(0);
  // the applicant sees their own name and this service's steps, and no promise of a scan
  for (const s of [screen, wide]) {
    await expect(s.getByText('مریم احمدی')).toBeVisible();
    await expect(s.locator('.stepper-step')).toHaveText(['✓احراز هویت', '✓جزئیات درخواست', '✓هزینه‌ها', '✓پرداخت', '۵استعلام', '۶چاپ و تحویل']);
    await expect(s.locator('body')).not.toContainText('اسکن');
  }
  await shot(counter, '150-counter-notification-inquiry');
  await shot(screen, '151-applicant-notification-paid-1280x800');
  await shot(wide, '151-applicant-notification-paid-1366x768');

  await counter.getByRole('button', { name: 'استعلام', exact: true }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('چاپ و تحویل');
  const slip = counter.locator('.printout-slip');
  await expect(slip).toContainText('برگهٔ ابلاغیه‌های الکترونیک');
  await expect(slip).toContainText('اخطاریهٔ جلسهٔ رسیدگی');
  await expect(slip).toContainText('۱۴۰۴/۰۹/۱۲');
  await expect(slip.locator('.printout-notices li')).toHaveCount(2);
  for (const s of [screen, wide]) await expect(s.getByText('۲ ابلاغیه برای شما یافت شد.')).toBeVisible();
  await shot(counter, '152-counter-notification-printout');
  await shot(screen, '153-applicant-notification-answered-1280x800');
  await shot(wide, '153-applicant-notification-answered-1366x768');

  await counter.getByRole('button', { name: 'چاپ و تحویل' }).click();
  await expect(counter.getByText('تحویل شد؛ خدمت این درخواست پایان یافت.')).toBeVisible();
  expect(await counter.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await expect(counter.locator('.request-card .stepper-step-done')).toHaveCount(6);
  // delivered is final: the applicant's screen no longer shows the request
  await expect(screen.getByText('مریم احمدی')).toHaveCount(0);
  await shot(counter, '154-counter-notification-delivered');
  expect(consoleErrors).toEqual([]);
});
