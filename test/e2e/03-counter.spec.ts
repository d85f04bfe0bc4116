import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { SHOTS, screens, shot, signInAtCounter, sharedOfficeAsManager, closeScreensWhenDone } from './pages';
import { SadadSimulator } from '../support/sadadSimulator';
import { wsClient } from '../support/wsClient';

closeScreensWhenDone();

// The counter workflow end to end (ماده ۴), after 01 set the office up and 02 ran the queue: a
// ticket is called, the applicant comes, a petition is opened, the applicant identified, the
// details and fees entered, both parts paid from the terminal's receipts, and the A5 receipt PDF
// downloaded and rendered to PNG. The applicant's screen follows along.
test.describe.configure({ mode: 'serial' });

const manager = { username: 'maryam', password: 'Sabz-Kuh-1403' };
const consoleErrors: string[] = [];
const terminal = new SadadSimulator();
let counter: Page;
let screen: Page;

const open = screens(consoleErrors);

test.beforeAll(async ({ baseURL }) => {
  mkdirSync(SHOTS, { recursive: true });
  // 02's loopback printer is gone: tickets from here on are the kiosk screen's only
  const hub = await sharedOfficeAsManager(baseURL!);
  // counter 1's card terminal: a Sadad PcPos service simulator on loopback
  await terminal.start();
  await hub.ok('terminal.set', { counterId: 1, kind: 'sadad', baseUrl: terminal.baseUrl, timeoutMs: 20_000 });
  hub.close();
  // the kiosk is a screen of its own: a connection that logged the manager in may not become one
  const kiosk = await wsClient(`${baseURL!.replace('http', 'ws')}/api/ws`);
  kiosk.setSession((await kiosk.ok('auth.deviceLogin', { role: 'kiosk' })).session);
  const info = await kiosk.ok('queue.kioskInfo', {});
  await kiosk.ok('queue.issueTicket', { serviceId: info.services[0]!.id });
  kiosk.close();
});

test.afterAll(async () => {
  await terminal.stop();
});

test('a called ticket opens a petition with a legal deadline', async ({ browser }) => {
  screen = await open(browser, '/applicant?counter=1', { width: 1280, height: 800 });
  counter = await open(browser, '/counter');
  await signInAtCounter(counter);
  await counter.keyboard.press('F2');
  await expect(counter.locator('.current-ticket-status')).toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
  await counter.keyboard.press('F4');
  await expect(counter.getByRole('heading', { name: 'درخواست تازه برای این نوبت' })).toBeVisible();
  await counter.getByLabel('خدمت', { exact: true }).selectOption({ label: 'دادخواست' });
  await counter.getByLabel('مهلت قانونی (اختیاری)').fill('۱۴۰۵/۰۹/۲۰');
  await shot(counter, '30-counter-open-request');
  await counter.getByRole('button', { name: /باز کردن درخواست/ }).click();
  await expect(counter.getByText('مهلت‌دار تا ۱۴۰۵/۰۹/۲۰')).toBeVisible();
  await expect(counter.locator('.stepper-step-current')).toContainText('احراز هویت');
});

test('identity: a wrong national id is refused beside the field; the right one is recorded', async () => {
  await counter.getByLabel('کد ملی').fill('۱۱۱۱۱۱۱۱۱۱');
  await counter.getByLabel('نام', { exact: true }).fill('علی');
  await counter.getByLabel('نام خانوادگی').fill('رضایی');
  await counter.getByLabel('نام پدر').fill('محمد');
  await counter.getByLabel('تلفن همراه').fill('۰۹۱۲۱۲۳۴۵۶۷');
  await counter.getByRole('button', { name: /ثبت متقاضی و تأیید هویت/ }).click();
  await expect(counter.getByText('کد ملی درست نیست (رقم کنترل یا تکرار ارقام).')).toBeVisible();
  await shot(counter, '31-counter-identity-error');
  await counter.getByLabel('کد ملی').fill('۰۰۱۳۵۴۲۴۱۹');
  await counter.getByRole('button', { name: 'جستجوی متقاضی پیشین' }).click();
  await expect(counter.getByText('متقاضی تازه است؛ اطلاعات را کامل کنید.')).toBeVisible();
  await counter.getByRole('button', { name: /ثبت متقاضی و تأیید هویت/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('جزئیات درخواست');
});

test('details: parties, pages and a monetary claim', async () => {
  await expect(counter.getByLabel('نام و نام خانوادگی یا نام شخص حقوقی').first()).toHaveValue('علی رضایی');
  await counter.getByLabel('نام و نام خانوادگی یا نام شخص حقوقی').nth(1).fill('شرکت نمونه');
  await counter.getByLabel('تعداد برگ پیوست').fill('۴');
  await counter.getByLabel('خواسته و هزینهٔ دادرسی').selectOption({ label: 'مالی — بدوی' });
  await counter.getByLabel('بهای خواسته (ریال)').fill('100,000,000');
  await shot(counter, '32-counter-details');
  await counter.getByRole('button', { name: /ثبت جزئیات/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('هزینه‌ها');
});

test('fees: the tariff with a discount and its reason, shown on the applicant screen too', async () => {
  await counter.getByLabel('تخفیف', { exact: true }).check();
  await counter.getByLabel('مبلغ تخفیف (ریال)').fill('۱۰۰۰۰');
  await counter.getByLabel('دلیل تخفیف').fill('همکار بازنشستهٔ دادگستری');
  await counter.getByRole('button', { name: /محاسبه و تثبیت هزینه‌ها/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('پرداخت');
  // 770,000 + 2 extra pages × 70,000 − 10,000 = 900,000 office; 2.5 % of 100,000,000 = 2,500,000 judicial
  await expect(counter.locator('.payment-part').first()).toContainText('۹۰۰٬۰۰۰ ریال');
  await expect(counter.locator('.payment-part').nth(1)).toContainText('۲٬۵۰۰٬۰۰۰ ریال');
  await expect(counter.locator('.fee-total')).toContainText('۳٬۴۰۰٬۰۰۰ ریال');
  await shot(counter, '33-counter-fees');
  await expect(screen.locator('.fee-total')).toContainText('۳٬۴۰۰٬۰۰۰ ریال');
  await expect(screen.getByText('علی رضایی')).toBeVisible();
  await expect(screen.locator('body')).not.toContainText('0013542419');
  await shot(screen, '34-applicant-fees');
});

test('payment: the office tariff on the card terminal (a decline first), the judicial costs from another terminal’s receipt', async () => {
  terminal.next({ kind: 'decline' }, { kind: 'approve', rrn: '512345678901' });
  const pay = counter.getByRole('button', { name: /پرداخت با کارت‌خوان — تعرفهٔ خدمات دفتر/ });
  await pay.click();
  await expect(counter.getByText('بانک تراکنش را نپذیرفت و مبلغی کسر نشد', { exact: false })).toBeVisible();
  await shot(counter, '35-counter-terminal-declined');
  await pay.click();
  await expect(counter.locator('.payment-part').first()).toContainText('پرداخت شد — رسید');
  expect(terminal.transactions.filter((t) => t.responseCode === '00')).toHaveLength(1);

  await counter.getByRole('button', { name: /رسید آن را دستی ثبت کنید/ }).click();
  const manual = async (amount: string, rrn: string) => {
    await counter.getByLabel('مبلغ رسید (ریال)').fill(amount);
    await counter.getByLabel('شمارهٔ مرجع (RRN)').fill(rrn);
    await counter.getByLabel('شمارهٔ پیگیری').fill('654321');
    await counter.getByLabel('شمارهٔ پایانه').fill('C0000302');
    await counter.getByLabel('شمارهٔ کارت (پوشیده)').fill('603799******1234');
    await counter.getByRole('button', { name: /ثبت پرداخت و صدور رسید/ }).click();
  };
  await manual('2,600,000', '412345678902');
  await expect(counter.getByRole('alert').filter({ hasText: /مبلغ/ }).first()).toBeVisible();
  await shot(counter, '35-counter-payment-mismatch');
  await manual('2,500,000', '412345678902');
  await expect(counter.locator('.payment-part-paid')).toHaveCount(2);
  await expect(counter.locator('.stepper-step-current')).toContainText('اسناد');
  await shot(counter, '36-counter-paid');
  await expect(screen.locator('.payment-part-paid')).toHaveCount(2);
  await shot(screen, '37-applicant-paid');
});

test('the receipt: A5 PDF that qpdf accepts, Persian text extractable, rendered to PNG; the thermal preview', async () => {
  const download = counter.waitForEvent('download');
  await counter.getByRole('button', { name: 'رسید A5 (PDF)' }).first().click();
  const file = `${SHOTS}/38-receipt.pdf`;
  await (await download).saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  execFileSync('qpdf', ['--check', file]);
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  expect(text).toContain('رسید');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', file, `${SHOTS}/38-receipt-pdf`]);

  await counter.getByRole('button', { name: 'پیش‌نمایش رسید حرارتی' }).first().click();
  const preview = counter.getByRole('dialog', { name: 'رسید حرارتی' });
  await expect(preview.getByRole('img')).toBeVisible();
  await expect(preview.getByText('این چاپ «المثنی» است.')).toBeVisible(); // the PDF was the first print
  await shot(counter, '39-counter-thermal-preview');
  await counter.keyboard.press('Escape');
});

test('the counter locks with Ctrl+Shift+L: covered, refused by the hub, and opened only with the password', async () => {
  await counter.keyboard.press('Control+Shift+KeyL');
  const lock = counter.getByRole('dialog', { name: 'صفحه قفل است' });
  await expect(lock).toBeVisible();
  await shot(counter, '39b-counter-locked');
  await lock.getByLabel('گذرواژهٔ شما').fill('not-the-password');
  await lock.getByRole('button', { name: /باز کردن/ }).click();
  await expect(lock.getByText('نام کاربری یا گذرواژه درست نیست.')).toBeVisible();
  await lock.getByLabel('گذرواژهٔ شما').fill(manager.password);
  await lock.getByRole('button', { name: /باز کردن/ }).click();
  await expect(lock).toBeHidden();
  await expect(counter.locator('.payment-part-paid')).toHaveCount(2); // the work is where it was
});

test('the manager’s audit trail shows the discount with its reason, and the chain is intact', async ({ browser }) => {
  const console_ = await open(browser, '/manager');
  await console_.getByLabel('نام کاربری').fill(manager.username);
  await console_.getByLabel('گذرواژه').fill(manager.password);
  await console_.getByRole('button', { name: 'ورود' }).click();
  await console_.getByRole('button', { name: 'رویدادنگاری' }).click();
  await expect(console_.getByRole('cell', { name: 'همکار بازنشستهٔ دادگستری' })).toBeVisible();
  await console_.getByRole('button', { name: 'بررسی زنجیره' }).click();
  await expect(console_.getByRole('status')).toContainText('زنجیره سالم است');
  await shot(console_, '40-manager-audit');
  expect(consoleErrors).toEqual([]);
});
