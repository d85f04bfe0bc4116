import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, type Browser, type Page } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../hub/log';
import { startWebMode, type WebMode } from '../../hub/webMode';
import { createCentralApp } from '../../central/app';
import { createOffice, decide, issueEnrollmentCode } from '../../central/admin';
import { pgliteSql, type Sql } from '../../central/sql';
import { formatTrackingCode } from '../../core/format/trackingCode';
import { toPersianDigits } from '../../core/text/digits';
import { startEsclSimulator, type EsclSimulator } from '../support/esclSimulator';
import { samplePage, samplePng } from '../support/samplePages';
import { applicant, details, terminalReceipt } from '../support/requests';
import { localCaller, shot, signInAtCounter, openAllDay, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// Follow-up of a returned request (رفع نقص), on a hub of its own with a reference central of its own
// (PGlite) and two network scanners (eSCL simulators), all on ports the system picks. The first filing
// is walked through the hub's own calls and delivered; the central returns it with a reason. Then, in
// the browser: the counter lists the returned filing, «رفع نقص» opens the linked request with the
// authority's reason, two new pages are scanned (Insert), the applicant confirms them on their screen,
// the clerk matches them and sends; the supplement reaches the central under the same tracking code.
// (The remedy's identity, details, fees and payment are the counter's usual steps, done here through
// the hub's calls on the clerk's behalf: the other specs walk them in the browser.)
// a shared 2-core machine: preparing the first filing (two scans, OCR in the background) takes a while
test.describe.configure({ mode: 'serial', timeout: 120_000 });

const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
const REASON = 'برگ دوم پیوست ناخواناست؛ تصویر خوانا بفرستید';
let web: WebMode;
let sql: Sql;
let central: FastifyInstance;
let officeId: string;
let scannerA: EsclSimulator;
let scannerB: EsclSimulator;
let session: string;
let screenSession: string;
let original: { requestId: string; submissionId: string; trackingCode: string };
let remedyId: string;
let counter: Page;
let applicantScreen: Page;
const consoleErrors: string[] = [];
const local = localCaller(() => web);
let rrn = 412345679000;

async function open(browser: Browser, shell: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'fa-IR', timezoneId: 'Asia/Tehran', baseURL: web.origin });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${shell}: ${m.text()}`));
  page.on('pageerror', (e) => consoleErrors.push(`${shell}: ${e.message}`));
  await page.goto(`/${shell}`);
  return page;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const scanner = (sim: EsclSimulator) => ({ counterId: 1, setting: { driver: 'escl', deviceId: sim.url, label: 'اسکنر شبکه', source: 'adf', dpi: 200, colorMode: 'grey' } });

/** Identity, details with `pages` attachment pages, fees and payment of an opened request, as the clerk would. */
async function throughPayment(requestId: string, pages: number, judicial: boolean) {
  const { applicantId } = await local('applicant.save', applicant, session);
  await local('request.verifyIdentity', { requestId, applicantId, document: 'nationalCard' }, session);
  await local('request.setDetails', { requestId, details: { ...details, pages, judicialCosts: judicial ? details.judicialCosts : undefined } }, session);
  const fixed = await local('request.fixFees', { requestId }, session);
  for (const part of ['officeTariff', 'judicialCost'] as const) {
    const due = fixed.quote.due[part] as number;
    if (due > 0) await local('payment.manual', { requestId, part, approval: terminalReceipt(due, String(++rrn)) }, session);
  }
  return fixed;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  sql = await pgliteSql();
  central = await createCentralApp({ sql });
  await central.listen({ host: '127.0.0.1', port: 0 });
  const centralUrl = `http://127.0.0.1:${(central.server.address() as { port: number }).port}`;
  const office = await createOffice(sql, { code: '1234', name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴' });
  officeId = office.id;
  const { code } = await issueEnrollmentCode(sql, office.id, 3_600_000);
  const sheets = async (seed: number) => Promise.all([0, 1].map(async (i) => samplePng(await samplePage(i === 0 ? 'petition' : 'form', { seed: seed + i, dpi: 200 }))));
  scannerA = await startEsclSimulator({ pages: await sheets(60), resolutions: [200, 300], formats: ['image/jpeg'], makeAndModel: 'Daftaryar Demo Scanner' });
  scannerB = await startEsclSimulator({ pages: await sheets(80), resolutions: [200, 300], formats: ['image/jpeg'], makeAndModel: 'Daftaryar Demo Scanner' });

  web = await startWebMode({ dataDir: mkdtempSync(path.join(tmpdir(), 'daftaryar-follow-up-')), version: 'e2e', host: '127.0.0.1', port: 0, rendererDir: path.resolve('dist/renderer'), log: silentLogger });
  await local('setup.createOffice', { office: { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '۱۲۳۴', city: 'تهران' }, manager });
  session = (await local('auth.login', { username: manager.username, password: manager.password })).session;
  await openAllDay((proc, input) => local(proc, input, session));
  await local('sync.enroll', { centralUrl, code }, session);

  // the first filing: a two-page petition at counter 1, delivered, then returned by the authority
  const kiosk = (await local('auth.deviceLogin', { role: 'kiosk' })).session;
  screenSession = (await local('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session;
  await local('queue.openCounter', { counterId: 1 }, session);
  await local('queue.issueTicket', { serviceId: 1 }, kiosk);
  await local('queue.callNext', { counterId: 1 }, session);
  await local('queue.startService', { counterId: 1 }, session);
  const r = await local('request.open', { counterId: 1, service: 'petition' }, session);
  await throughPayment(r.id, 2, true);
  await local('scanner.set', scanner(scannerA), session);
  await local('capture.start', { requestId: r.id, counterId: 1, documentType: 'petition' }, session);
  await until('the first scan', async () => (await local('capture.view', { requestId: r.id }, session)).jobs[0]?.status === 'done');
  const captured = await until('the first scan’s pages', () => local('capture.finish', { requestId: r.id }, session));
  await local('applicantScreen.review', { counterId: 1, requestId: r.id, outcome: 'confirmed', digest: captured.digest }, screenSession);
  for (const p of captured.documents.flatMap((d: { pages: { id: string }[] }) => d.pages)) await local('capture.match', { pageId: p.id, matches: true }, session);
  await local('capture.matchDone', { requestId: r.id }, session);
  const { submissionId } = await local('request.send', { requestId: r.id }, session);
  const delivered = await until('the first filing’s receipt', async () => (await local('request.get', { requestId: r.id }, session)).submission?.trackingCode as string | null);
  await decide(sql, officeId, submissionId, 'returned', REASON);
  await web.hub.services.sync.pull();
  await until('the return', async () => (await local('request.get', { requestId: r.id }, session)).status === 'returned');
  original = { requestId: r.id, submissionId, trackingCode: delivered };
  // the applicant comes back another day: a new ticket waits for counter 1
  await local('queue.finish', { counterId: 1 }, session);
  await local('queue.issueTicket', { serviceId: 1 }, kiosk);
  await local('scanner.set', scanner(scannerB), session);
});

test.afterAll(async () => {
  await web?.close();
  await central?.close();
  await sql?.close();
  await scannerA?.close();
  await scannerB?.close();
});

test('the counter lists the returned filing with the authority’s reason; «رفع نقص» opens the linked request showing it', async ({ browser }) => {
  counter = await open(browser, 'counter');
  await signInAtCounter(counter);

  const list = counter.getByRole('region', { name: /درخواست‌های برگشتی/ });
  const item = list.locator('li').filter({ hasText: REASON });
  await expect(item).toBeVisible();
  await expect(item).toContainText(formatTrackingCode(original.trackingCode));
  // no ticket served yet: the action waits for one
  await expect(item.getByRole('button', { name: 'رفع نقص' })).toBeDisabled();
  await counter.keyboard.press('F2');
  await expect(counter.locator('.current-ticket-status')).toHaveText('فراخوانده شده — منتظر آمدن متقاضی');
  await counter.keyboard.press('F4');
  await expect(counter.locator('.current-ticket-status')).toHaveText('در حال خدمت');
  await item.scrollIntoViewIfNeeded();
  await shot(counter, '160-counter-returned-list');
  await expect(item.getByRole('button', { name: 'رفع نقص' })).toBeEnabled();

  // the applicant came back with the tracking code: «جستجوی درخواست» finds the filing by it, the
  // clerk opens it with a purpose and starts the follow-up from there
  await counter.keyboard.press('F5');
  const search = counter.getByRole('dialog', { name: 'جستجوی درخواست' });
  await search.getByLabel('عبارت جستجو').fill(toPersianDigits(original.trackingCode));
  await counter.keyboard.press('Enter');
  const found = search.locator('.request-search-results tbody tr');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText('برگشت برای رفع نقص');
  await found.getByRole('button', { name: /باز کردن/ }).click();
  const purpose = counter.getByRole('dialog', { name: /باز کردن درخواست/ });
  await purpose.getByLabel('پیگیری درخواست برگشتی').check();
  await purpose.getByLabel('توضیح').fill('متقاضی با برگ‌های تازه آمده است');
  await counter.keyboard.press('Enter');
  const actions = search.getByRole('region', { name: 'اقدام‌ها' });
  await actions.getByRole('button', { name: 'پیگیری رفع نقص' }).click();
  await expect(search).toContainText('درخواست رفع نقص باز شد');
  await shot(counter, '160b-search-follow-up-started');
  await counter.keyboard.press('Escape');
  await counter.keyboard.press('Escape');
  await expect(search).toBeHidden();

  const banner = counter.getByRole('note').filter({ hasText: 'رفع نقص درخواست' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(REASON);
  await expect(banner).toContainText(formatTrackingCode(original.trackingCode));
  await expect(counter.locator('#request-card-title')).toContainText('رفع نقص');
  await expect(item).toContainText('احراز هویت');
  remedyId = (await local('request.atCounter', { counterId: 1 }, session)).requests.find((r: { service: string }) => r.service === 'remedy').id;
  await shot(counter, '161-counter-remedy-opened');
});

test('two new pages are scanned, confirmed by the applicant and matched; the fee is two attachment pages', async ({ browser }) => {
  const fixed = await throughPayment(remedyId, 2, false);
  expect(fixed.quote.lines.map((l: { code: string; quantity: number }) => [l.code, l.quantity])).toEqual([
    ['extraPage', 1],
    ['extraPage', 1],
  ]);
  expect(fixed.quote.totals.payableRials).toBe(140_000);
  await expect(counter.locator('.stepper-step-current')).toContainText('اسناد');
  await counter.keyboard.press('Insert');
  await expect(counter.locator('.capture-page')).toHaveCount(2, { timeout: 60_000 });
  await expect(counter.getByText('صفحه‌های اسکن‌شده: ۲ — صفحه‌های پرداخت‌شده: ۲')).toBeVisible();
  await shot(counter, '162-counter-remedy-capture');
  await counter.getByRole('button', { name: 'پایان اسکن و نمایش به متقاضی' }).click();

  applicantScreen = await open(browser, 'applicant?counter=1', { width: 1280, height: 800 });
  await expect(applicantScreen.getByText('صفحهٔ ۱ از ۲')).toBeVisible({ timeout: 20_000 });
  // each page is on the screen (so counted as seen) before the next
  await expect(applicantScreen.locator('.review-dot-seen')).toHaveCount(1, { timeout: 15_000 });
  await applicantScreen.getByRole('button', { name: 'بعدی' }).click();
  await expect(applicantScreen.getByText('صفحهٔ ۲ از ۲')).toBeVisible();
  await expect(applicantScreen.locator('.review-dot-seen')).toHaveCount(2, { timeout: 15_000 });
  await applicantScreen.getByRole('button', { name: 'اسناد را دیدم و درست است' }).click();
  await expect(applicantScreen.getByText('سپاس؛ پاسخ شما ثبت شد.')).toBeVisible();

  await expect(counter.locator('.stepper-step-current')).toContainText('مطابقت با اصل');
  const body = counter.getByLabel('مطابقت با اصل', { exact: true }).and(counter.locator('div'));
  await body.focus();
  await counter.keyboard.press('Enter');
  await expect(counter.getByText('۱ از ۲ صفحه مطابقت داده شد')).toBeVisible();
  await counter.keyboard.press('Enter');
  await expect(counter.locator('.stepper-step-current')).toContainText('ارسال');
});

test('«ارسال» sends a supplement: the same tracking code, one supplement at the central, the filing not filed twice', async () => {
  const send = counter.getByRole('button', { name: /^ارسال/ }).and(counter.locator('.send-button'));
  await expect(send).toBeVisible();
  await send.click();
  const code = formatTrackingCode(original.trackingCode);
  await expect(counter.locator('.request-card').getByText(code).last()).toBeVisible({ timeout: 30_000 });
  await expect(counter.getByText('به سامانهٔ مرکزی رسید').first()).toBeVisible();
  await shot(counter, '163-counter-remedy-delivered');
  const view = await local('request.get', { requestId: remedyId }, session);
  expect(view.submission.trackingCode).toBe(original.trackingCode);
  const supplements = (await sql.query<{ submission_id: string; tracking_code: string; pages: number }>('SELECT submission_id, tracking_code, pages FROM supplement WHERE office_id = $1', [officeId])).rows;
  expect(supplements).toEqual([{ submission_id: original.submissionId, tracking_code: original.trackingCode, pages: 2 }]);
  expect((await sql.query('SELECT 1 FROM submission WHERE office_id = $1', [officeId])).rows).toHaveLength(1);
  // the list now says the return is being answered
  await expect(counter.getByRole('region', { name: /درخواست‌های برگشتی/ }).locator('li').filter({ hasText: REASON })).toContainText('به سامانهٔ مرکزی رسید');
  expect(consoleErrors).toEqual([]);
});
