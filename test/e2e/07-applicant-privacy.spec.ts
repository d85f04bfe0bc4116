import { newConnection } from '../../hub/auth/connection';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, type Browser, type Page } from '@playwright/test';
import { silentLogger } from '../../hub/log';
import { startWebMode, type WebMode } from '../../hub/webMode';
import { SHOTS, shot, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// The applicant's screen faces whoever stands at the counter: it must never show the person before.
// It used to keep the previous applicant's name and fees after «پایان خدمت» (F8), the next call, a
// closed request, and across a hub restart, until the browser was reloaded. Each path is walked here
// in Chromium with the counter and the applicant's screen side by side, on a hub of its own (the
// restart path stops and starts it on the same office folder).
test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_APPLICANT_PORT ?? 4794);
/** where the hub runs for a moment while the screens cannot reach it (the restart path) */
const ASIDE_PORT = Number(process.env.E2E_APPLICANT_ASIDE_PORT ?? 4793);
const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
const dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-applicant-'));
const consoleErrors: string[] = [];
/** while the hub is down on purpose the pages say their connection failed; that is expected then */
let hubDown = false;
let web: WebMode;
let id = 1;
let prefix = '';
let counter: Page;
let screen: Page;

function start(port = PORT): Promise<WebMode> {
  return startWebMode({ dataDir, version: 'e2e', host: '127.0.0.1', port, rendererDir: path.resolve('dist/renderer'), log: silentLogger });
}

/** A call on the hub's own side. */
async function local(hub: WebMode, proc: string, input: unknown, session?: string): Promise<any> {
  const res = await hub.hub.call({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) }, { kind: 'local', connection: newConnection() });
  if (!res.ok) throw new Error(`${proc}: ${res.error.code}`);
  return res.output;
}

async function open(browser: Browser, where: string, size = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport: size, locale: 'fa-IR', timezoneId: 'Asia/Tehran', baseURL: web.origin });
  page.on('console', (m) => m.type() === 'error' && !hubDown && consoleErrors.push(`${where}: ${m.text()}`));
  page.on('pageerror', (e) => consoleErrors.push(`${where}: ${e.message}`));
  await page.goto(where);
  return page;
}

const persian = (n: number) => String(n).padStart(3, '0').replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
const ticket = (n: number) => `نوبت ${prefix}-${persian(n)}`;

interface Person {
  nationalId: string;
  firstName: string;
  lastName: string;
}

/**
 * At the counter, with the person's ticket serving: a petition opened, the person identified, the
 * details typed and the fees fixed — until the applicant's screen shows their name and fees.
 * Returns the fees' total as the applicant's screen shows it.
 */
async function upToFees(p: Person): Promise<string> {
  await expect(counter.getByRole('heading', { name: 'درخواست تازه برای این نوبت' })).toBeVisible();
  await counter.getByLabel('خدمت', { exact: true }).selectOption({ label: 'دادخواست' });
  await counter.getByRole('button', { name: /باز کردن درخواست/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('احراز هویت');
  await counter.getByLabel('کد ملی').fill(p.nationalId);
  await counter.getByLabel('نام', { exact: true }).fill(p.firstName);
  await counter.getByLabel('نام خانوادگی').fill(p.lastName);
  await counter.getByLabel('نام پدر').fill('محمد');
  await counter.getByLabel('تلفن همراه').fill('۰۹۱۲۱۲۳۴۵۶۷');
  await counter.getByRole('button', { name: /ثبت متقاضی و تأیید هویت/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('جزئیات درخواست');
  await counter.getByLabel('نام و نام خانوادگی یا نام شخص حقوقی').nth(1).fill('شرکت نمونه');
  await counter.getByLabel('تعداد برگ پیوست').fill('۴');
  await counter.getByLabel('خواسته و هزینهٔ دادرسی').selectOption({ label: 'مالی — بدوی' });
  await counter.getByLabel('بهای خواسته (ریال)').fill('100,000,000');
  await counter.getByRole('button', { name: /ثبت جزئیات/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('هزینه‌ها');
  await counter.getByRole('button', { name: /محاسبه و تثبیت هزینه‌ها/ }).click();
  await expect(counter.locator('.stepper-step-current')).toContainText('پرداخت');

  const name = `${p.firstName} ${p.lastName}`;
  await expect(screen.getByText(name)).toBeVisible();
  await expect(screen.locator('.applicant-fees')).toBeVisible();
  const total = (await screen.locator('.applicant-fees .fee-total').innerText()).trim();
  expect(total).toMatch(/[۰-۹]/);
  return total;
}

/** Nothing of `p` is on the applicant's screen any more: not the name, not the fees. */
async function nothingOf(p: Person, total: string, timeout = 3_000) {
  await expect(screen.getByText(`${p.firstName} ${p.lastName}`)).toHaveCount(0, { timeout });
  await expect(screen.locator('.applicant-fees')).toHaveCount(0, { timeout });
  await expect(screen.locator('body')).not.toContainText(p.lastName, { timeout });
  await expect(screen.locator('body')).not.toContainText(total, { timeout });
}

const people: Person[] = [
  { nationalId: '۰۰۱۳۵۴۲۴۱۹', firstName: 'علی', lastName: 'رضایی' },
  { nationalId: '۰۰۸۷۶۵۴۳۲۶', firstName: 'مهسا', lastName: 'کریمی' },
  { nationalId: '۰۱۲۳۴۵۶۷۸۹', firstName: 'حسین', lastName: 'مرادی' },
  { nationalId: '۰۲۷۳۶۴۵۱۲۹', firstName: 'نرگس', lastName: 'توکلی' },
];

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  web = await start();
  await local(web, 'setup.createOffice', { office: { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '۱۲۳۴', city: 'تهران' }, manager });
  const session = (await local(web, 'auth.login', { username: manager.username, password: manager.password })).session;
  await local(web, 'queue.setPrinter', { printer: { kind: 'none' } }, session);
  // open all day: the suite must pass at any hour
  const config = await local(web, 'queue.config', {}, session);
  for (const s of config.services) await local(web, 'queue.saveService', { ...s, opensAt: '00:00', closesAt: '24:00' }, session);
  const kiosk = (await local(web, 'auth.deviceLogin', { role: 'kiosk' })).session;
  const info = await local(web, 'queue.kioskInfo', {}, kiosk);
  prefix = info.services[0].prefix;
  for (let i = 0; i < 5; i++) await local(web, 'queue.issueTicket', { serviceId: info.services[0].id }, kiosk);
});
test.afterAll(async () => web?.close());

test('applicant screen clears after «پایان خدمت» (F8)', async ({ browser }) => {
  screen = await open(browser, '/applicant?counter=1');
  counter = await open(browser, '/counter', { width: 1366, height: 900 });
  await counter.getByLabel('نام کاربری').fill(manager.username);
  await counter.getByLabel('گذرواژه').fill(manager.password);
  await counter.getByRole('button', { name: 'ورود' }).click();
  await counter.getByRole('button', { name: /باجهٔ ۱/ }).click();
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۱' })).toBeVisible();
  await expect(screen.getByText('لطفاً منتظر بمانید')).toBeVisible();

  await counter.keyboard.press('F2');
  await expect(screen.getByText(ticket(1))).toBeVisible();
  await counter.keyboard.press('F4');
  const p = people[0]!;
  const total = await upToFees(p);
  await shot(screen, '80-applicant-before-finish');
  await counter.keyboard.press('F8');
  // the request is unfinished: F8 asks first, and Enter keeps it open to resume later (docs/COUNTER.md)
  await expect(counter.getByRole('dialog')).toBeVisible();
  await counter.keyboard.press('Enter');
  await nothingOf(p, total);
  // between people the screen asks how the service was (ماده ۱۸): the ticket just served and its
  // service, nothing of the request; the turn itself is gone
  const rating = screen.getByRole('form', { name: 'از خدمتی که گرفتید چقدر راضی هستید؟' });
  await expect(rating).toBeVisible();
  await expect(rating).toContainText(`${ticket(1)} — `);
  await expect(screen.getByText(ticket(1), { exact: true })).toHaveCount(0);
  await shot(screen, '81-applicant-after-finish');
  // once rated, only the thanks stays until the next person is called
  await screen.getByRole('radio', { name: 'خیلی راضی' }).check();
  await screen.getByRole('button', { name: 'ثبت نظر' }).click();
  await expect(rating).toHaveCount(0);
  await expect(screen.getByRole('status').filter({ hasText: 'سپاس' })).toBeVisible();
});

test('applicant screen clears on the next call (F9 sets the ticket aside, F2 calls the next one)', async () => {
  await counter.keyboard.press('F2');
  await expect(screen.getByText(ticket(2))).toBeVisible();
  await counter.keyboard.press('F4');
  const p = people[1]!;
  const total = await upToFees(p);
  await counter.keyboard.press('F9');
  await expect(counter.getByRole('button', { name: /فراخوانی نوبت بعد/ })).toBeEnabled();
  await counter.keyboard.press('F2');
  await expect(screen.getByText(ticket(3))).toBeVisible({ timeout: 3_000 });
  await nothingOf(p, total);
  await shot(screen, '82-applicant-after-next-call');
});

test('applicant screen clears when the request is closed (cancelled)', async () => {
  await counter.keyboard.press('F4');
  const p = people[2]!;
  const total = await upToFees(p);
  await shot(screen, '83-applicant-before-close');
  await counter.getByRole('button', { name: 'لغو یا خودداری' }).click();
  const dialog = counter.getByRole('dialog', { name: 'بستن درخواست' });
  await dialog.getByLabel('دلیل (دست‌کم ۵ نویسه)').fill('متقاضی منصرف شد');
  await dialog.getByRole('button', { name: 'ثبت و بستن درخواست' }).click();
  await expect(counter.getByText('لغو شد', { exact: false })).toBeVisible();
  await nothingOf(p, total);
  // the ticket is still being served: the screen says whose turn it is, and nothing else
  await expect(screen.getByText(ticket(3))).toBeVisible();
  await shot(screen, '84-applicant-after-close');
  await counter.keyboard.press('F8');
  await expect(screen.getByText(ticket(3), { exact: true })).toHaveCount(0, { timeout: 3_000 });
  expect(consoleErrors).toEqual([]);
});

test('applicant screen clears across a hub restart: nobody while it is down, and what the hub says once it is back', async () => {
  await counter.keyboard.press('F2');
  await expect(screen.getByText(ticket(4))).toBeVisible();
  await counter.keyboard.press('F4');
  const p = people[3]!;
  const total = await upToFees(p);
  await shot(screen, '85-applicant-before-restart');

  // the hub stops: the screen cannot know whether the person is still there, so it shows nobody
  hubDown = true;
  await web.close();
  await nothingOf(p, total, 10_000);
  await expect(screen.getByText('لطفاً منتظر بمانید')).toBeVisible();
  await shot(screen, '86-applicant-hub-down');

  // meanwhile, where the screens cannot hear it, the clerk's service ends (no event reaches them)
  const aside = await start(ASIDE_PORT);
  const session = (await local(aside, 'auth.login', { username: manager.username, password: manager.password })).session;
  await local(aside, 'queue.finish', { counterId: 1 }, session);
  await aside.close();

  // the hub is back where the screens look for it: they ask again, and show what is true now
  web = await start();
  // (the service ended: the satisfaction question for the ticket just served, nothing of its request)
  await expect(screen.getByRole('form', { name: 'از خدمتی که گرفتید چقدر راضی هستید؟' })).toContainText(`${ticket(4)} — `, { timeout: 15_000 });
  await expect(screen.getByText(ticket(4), { exact: true })).toHaveCount(0);
  await nothingOf(p, total);
  await shot(screen, '87-applicant-after-restart');
  hubDown = false;

  // and the screens hear the hub again: the next call shows at once
  await expect(counter.getByRole('button', { name: /فراخوانی نوبت بعد/ })).toBeEnabled({ timeout: 15_000 });
  await counter.keyboard.press('F2');
  await expect(screen.getByText(ticket(5))).toBeVisible({ timeout: 3_000 });
  expect(consoleErrors).toEqual([]);
});
