import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, type Browser, type Page } from '@playwright/test';
import { startWebMode, type WebMode } from '../../hub/webMode';
import { silentLogger } from '../../hub/log';
import { insertSubmission, markDelivered, setAuthorityStatus } from '../../db/sync';
import { getRequest, updateRequestState } from '../../db/requests';
import { SHOTS, localCaller, shot, openAllDay, closeScreensWhenDone } from './pages';
import { applicant, details, terminalReceipt, OFFICE, JUDICIAL } from '../support/requests';

closeScreensWhenDone();

// «جستجوی درخواست» end to end (docs/SEARCH.md), on an office of its own (in-process web mode on a
// free port): a petition filed at counter 1 last hour — paid, its receipt printed, sent, delivered
// with a tracking code and accepted by the authority (written as the outbox and the status pull
// leave them; 05 covers the delivery itself) — is found at counter 2 by its tracking code typed in
// Persian digits, shown masked, opened with a purpose (audited), and its receipt issued again as a
// PDF marked «المثنی».
test.describe.configure({ mode: 'serial' });

const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
const TRACKING = '1405123456789012';
let web: WebMode;
let session: string;
let requestId: string;
const consoleErrors: string[] = [];
const local = localCaller(() => web);

async function open(browser: Browser, shell: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'fa-IR', timezoneId: 'Asia/Tehran', acceptDownloads: true, baseURL: web.origin });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${shell}: ${m.text()}`));
  page.on('pageerror', (e) => consoleErrors.push(`${shell}: ${e.message}`));
  await page.goto(`/${shell}`);
  return page;
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  web = await startWebMode({ dataDir: mkdtempSync(path.join(tmpdir(), 'daftaryar-search-')), version: 'e2e', host: '127.0.0.1', port: 0, rendererDir: path.resolve('dist/renderer'), log: silentLogger });
  await local('setup.createOffice', { office: { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '۱۲۳۴', city: 'تهران' }, manager });
  session = (await local('auth.login', { username: manager.username, password: manager.password })).session;
  const config = await openAllDay((proc, input) => local(proc, input, session));
  // counter 1 files the petition, paid in both parts (test/support/requests.ts)
  await local('queue.openCounter', { counterId: 1 }, session);
  const kiosk = (await local('auth.deviceLogin', { role: 'kiosk' })).session;
  await local('queue.issueTicket', { serviceId: config.services[0].id }, kiosk);
  await local('queue.callNext', { counterId: 1 }, session);
  await local('queue.startService', { counterId: 1 }, session);
  const r = await local('request.open', { counterId: 1, service: 'petition' }, session);
  requestId = r.id;
  const { applicantId } = await local('applicant.save', applicant, session);
  await local('request.verifyIdentity', { requestId, applicantId, document: 'nationalCard' }, session);
  await local('request.setDetails', { requestId, details }, session);
  await local('request.fixFees', { requestId }, session);
  const paid = await local('payment.manual', { requestId, part: 'officeTariff', approval: terminalReceipt(OFFICE, '412345678901') }, session);
  await local('payment.manual', { requestId, part: 'judicialCost', approval: terminalReceipt(JUDICIAL, '412345678902') }, session);
  // the original receipt, at the counter that took the payment
  expect((await local('receipt.pdf', { paymentId: paid.paymentId }, session)).duplicate).toBe(false);
  // sent, delivered with its tracking code, accepted: as the outbox and the status pull leave it
  const db = web.db;
  const now = new Date().toISOString();
  const submissionId = '5c1b2a3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  insertSubmission(db, { id: submissionId, requestId, content: '{}', pages: 4, bytes: 40_000, deadline: null, queuedAt: now, queuedBy: 1 });
  markDelivered(db, submissionId, { trackingCode: TRACKING, receipt: JSON.stringify({ receivedAt: now }), receiptSignature: 'x', at: now });
  setAuthorityStatus(db, submissionId, 'accepted', null, now);
  const state = getRequest(db, requestId)!.state;
  updateRequestState(db, requestId, { ...state, status: 'accepted', trackingCode: TRACKING });
  await local('queue.finish', { counterId: 1 }, session);
  await local('queue.closeCounter', { counterId: 1 }, session).catch(() => undefined);
});
test.afterAll(async () => web?.close());

let counter: Page;

test('at counter 2 the request is found by its tracking code typed in Persian digits, and shows only what identifies it', async ({ browser }) => {
  counter = await open(browser, 'counter');
  await counter.getByLabel('نام کاربری').fill(manager.username);
  await counter.getByLabel('گذرواژه').fill(manager.password);
  await counter.getByRole('button', { name: 'ورود' }).click();
  const pick = counter.getByRole('button', { name: /باجهٔ ۲/ });
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۲' }).or(pick)).toBeVisible();
  if (await pick.isVisible()) await pick.click();
  await expect(counter.getByRole('heading', { name: 'باجهٔ ۲' })).toBeVisible();

  await counter.keyboard.press('F5');
  const dialog = counter.getByRole('dialog', { name: 'جستجوی درخواست' });
  await expect(dialog).toBeVisible();
  const field = dialog.getByLabel('عبارت جستجو');
  await expect(field).toBeFocused();
  await field.fill('۱۴۰۵ ۱۲۳۴ ۵۶۷۸ ۹۰۱۲');
  await counter.keyboard.press('Enter');
  const row = dialog.locator('.request-search-results tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('۱۴۰۵/۱');
  await expect(row).toContainText('******۲۴۱۹');
  await expect(row).toContainText('ع. ر.');
  await expect(row).toContainText('پذیرفته شد');
  await expect(dialog).not.toContainText('رضایی');
  await shot(counter, '130-search-results');
});

test('opening it asks the purpose; the opened request shows the applicant, the tracking code and the authority’s decision', async () => {
  const dialog = counter.getByRole('dialog', { name: 'جستجوی درخواست' });
  await dialog.getByRole('button', { name: /باز کردن/ }).click();
  const purpose = counter.getByRole('dialog', { name: /باز کردن درخواست/ });
  await expect(purpose).toBeVisible();
  await purpose.getByLabel('صدور دوبارهٔ رسید (المثنی)').check();
  await purpose.getByLabel('توضیح').fill('متقاضی رسید را گم کرده است');
  await shot(counter, '131-search-purpose');
  await counter.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: /درخواست ۱۴۰۵\/۱ — / })).toBeVisible();
  await expect(dialog).toContainText('علی رضایی');
  await expect(dialog).toContainText('۰۰۱۳۵۴۲۴۱۹');
  await expect(dialog).toContainText('۱۴۰۵ ۱۲۳۴ ۵۶۷۸ ۹۰۱۲');
  await expect(dialog).toContainText('مرجع قضایی درخواست را پذیرفت');
  await expect(dialog.getByRole('region', { name: 'اقدام‌ها' })).toBeVisible();
  await shot(counter, '132-search-opened');
  // the opening is on the audit trail, with its purpose and the clerk's words
  const { entries } = await local('audit.list', { limit: 50 }, session);
  const openedEntry = entries.find((e: { action: string }) => e.action === 'requestOpened');
  expect(openedEntry).toMatchObject({ subject: `request:${requestId}`, reason: 'متقاضی رسید را گم کرده است', detail: { purpose: 'receiptReprint', counterId: 2 } });
});

test('its receipt is issued again as a PDF marked «المثنی»', async () => {
  const dialog = counter.getByRole('dialog', { name: 'جستجوی درخواست' });
  const line = dialog.locator('.search-receipts li').first();
  const download = counter.waitForEvent('download');
  await line.getByRole('button', { name: 'PDF' }).click();
  const file = `${SHOTS}/133-search-reprint.pdf`;
  await (await download).saveAs(file);
  await expect(dialog.getByRole('status').filter({ hasText: 'نسخهٔ المثنی ذخیره شد' })).toBeVisible();
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/[\u202A-\u202C]/g, '');
  expect(text).toContain('المثنی');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, `${SHOTS}/133-search-reprint`]);
  await shot(counter, '133-search-reprinted');
});

test('the manager’s console searches the same way, by national id, and shows it masked too (no counter serves it there)', async ({ browser }) => {
  const console_ = await open(browser, 'manager');
  await console_.getByLabel('نام کاربری').fill(manager.username);
  await console_.getByLabel('گذرواژه').fill(manager.password);
  await console_.getByRole('button', { name: 'ورود' }).click();
  await console_.getByRole('button', { name: 'جستجوی درخواست' }).click();
  await console_.getByLabel('جستجو با').selectOption('nationalId');
  await console_.getByLabel('عبارت جستجو').fill('۰۰۱۳۵۴۲۴۱۹');
  await console_.keyboard.press('Enter');
  const row = console_.locator('.request-search-results tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('******۲۴۱۹');
  await shot(console_, '134-manager-search');
  expect(consoleErrors).toEqual([]);
});
