import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { test, expect, type Page } from '@playwright/test';
import { SHOTS, login, shot, specOffice, openAllDay, closeScreensWhenDone } from './pages';
import { createCentralApp } from '../../central/app';
import { createOffice, issueEnrollmentCode } from '../../central/admin';
import { readComplaints } from '../../central/complaints';
import { pgliteSql, type Sql } from '../../central/sql';

closeScreensWhenDone();

// Satisfaction (ماده ۱۸) and anonymous complaints (ماده ۲۰), issue 22 § 2–3, on an office of its own
// enrolled with a reference central of its own: counter 1 serves a ticket to the end; the applicant
// screen (1280×800) asks for a rating and takes one; a second one for the same ticket is refused at
// the kiosk (1080×1920, portrait); a complaint typed at the kiosk reaches the central sealed, the
// central opens it with its private key, and the office's database holds no word of it.
test.describe.configure({ mode: 'serial' });

const office = specOffice('feedback', { port: 0 });
let sql: Sql;
let central: FastifyInstance;
let centralOfficeId = '';
let ticketId = '';
const COMPLAINT = 'متصدی باجهٔ یک مبلغی بیش از تعرفه خواست و رسید نداد. لطفاً رسیدگی کنید.';

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  sql = await pgliteSql();
  central = await createCentralApp({ sql });
  await central.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(central.server.address() as { port: number }).port}`;
  const o = await createOffice(sql, { code: '1234', name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴' });
  centralOfficeId = o.id;
  const { code } = await issueEnrollmentCode(sql, o.id, 3_600_000);
  const status = await office.local('sync.enroll', { centralUrl: url, code }, office.managerSession);
  if (status.pendingEnrollment) await office.local('sync.confirmEnrollment', { token: status.pendingEnrollment.token }, office.managerSession);
  await office.web.hub.services.sync.pull();
  await openAllDay((proc, input) => office.local(proc, input, office.managerSession));
});

test.afterAll(async () => {
  await central?.close();
  await sql?.close();
});

async function serveOneTicket(): Promise<void> {
  const kiosk = (await office.local('auth.deviceLogin', { role: 'kiosk' })).session;
  const issued = await office.local('queue.issueTicket', { serviceId: 1 }, kiosk);
  ticketId = issued.ticket.id;
  await office.local('queue.openCounter', { counterId: 1 }, office.managerSession);
  await office.local('queue.callNext', { counterId: 1 }, office.managerSession);
  await office.local('queue.startService', { counterId: 1 }, office.managerSession);
}

test('service ends → the applicant screen asks for a rating and takes one; a second one is refused', async ({ browser }) => {
  await serveOneTicket();
  const screen = await office.open(browser, '/applicant?counter=1', { width: 1280, height: 800 });
  await expect(screen.getByText(/الف-۰۰۱/)).toBeVisible();
  await office.local('queue.finish', { counterId: 1 }, office.managerSession);

  const form = screen.getByRole('form', { name: 'از خدمتی که گرفتید چقدر راضی هستید؟' });
  await expect(form).toBeVisible();
  await expect(form).toContainText('نوبت الف-۰۰۱');
  await shot(screen, '180-applicant-rating');
  // a low score asks why; the keyboard reaches every choice
  await form.getByRole('radio', { name: 'ناراضی', exact: true }).check();
  await expect(form.getByRole('group', { name: 'چه چیزی شما را ناراضی کرد؟' })).toBeVisible();
  await expect(form.getByRole('button', { name: 'ثبت نظر' })).toBeDisabled();
  await form.getByRole('radio', { name: 'انتظار طولانی' }).check();
  await shot(screen, '181-applicant-rating-reason');
  await form.getByRole('button', { name: 'ثبت نظر' }).click();
  await expect(screen.getByRole('status')).toContainText('سپاس از شما؛ نظرتان ثبت شد.');
  await shot(screen, '182-applicant-rating-thanks');
  // between people the screen also offers «ثبت شکایت یا گزارش»
  await screen.getByRole('button', { name: 'ثبت شکایت یا گزارش' }).click();
  await expect(screen.getByRole('form', { name: 'ثبت شکایت یا گزارش دربارهٔ این دفتر' })).toBeVisible();
  await shot(screen, '188-applicant-complaint');
  await screen.getByRole('button', { name: 'انصراف' }).click();

  // the same ticket again, at the kiosk: refused with its sentence
  const kiosk = await office.open(browser, '/kiosk', { width: 1080, height: 1920 });
  await kiosk.getByRole('button', { name: 'نظرسنجی از خدمت' }).click();
  await kiosk.getByRole('radio', { name: 'الف' }).check();
  await kiosk.getByRole('textbox', { name: 'شمارهٔ نوبت' }).fill('۱');
  await kiosk.getByRole('button', { name: 'ادامه' }).click();
  await expect(kiosk.getByText('برای این شماره پیش‌تر نظر ثبت شده است؛ هر نوبت فقط یک بار امتیاز می‌گیرد.')).toBeVisible();
  await shot(kiosk, '183-kiosk-rating-refused');

  // a staff session posting a rating is refused with a code, and nothing more is stored
  await expect(office.local('rating.submitAtScreen', { counterId: 1, ticketId, score: 5 }, office.managerSession)).rejects.toThrow('FORBIDDEN');
  const rows = office.web.hub.services.db.prepare('SELECT score, reason_code, answered_on FROM satisfaction_rating').all();
  expect(rows).toEqual([{ score: 2, reason_code: 'longWait', answered_on: 'applicantScreen' }]);
  await screen.close();
  await kiosk.close();
});

test('a complaint typed at the kiosk reaches the central sealed; it opens there, and the office holds no word of it', async ({ browser }) => {
  const kiosk = await office.open(browser, '/kiosk', { width: 1080, height: 1920 });
  await shot(kiosk, '184-kiosk-start');
  await kiosk.getByRole('button', { name: 'ثبت شکایت یا گزارش' }).click();
  const form = kiosk.getByRole('form', { name: 'ثبت شکایت یا گزارش دربارهٔ این دفتر' });
  await form.getByLabel('متن شکایت یا گزارش').fill(COMPLAINT);
  await shot(kiosk, '185-kiosk-complaint');
  await form.getByRole('button', { name: 'فرستادن برای سامانهٔ مرکزی' }).click();
  await expect(kiosk.getByRole('status')).toContainText('رمزنگاری شد');
  await shot(kiosk, '186-kiosk-complaint-sent');

  // markup is refused on the screen with its sentence
  await kiosk.getByRole('button', { name: 'بازگشت' }).click();
  await kiosk.getByRole('button', { name: 'ثبت شکایت یا گزارش' }).click();
  await kiosk.getByLabel('متن شکایت یا گزارش').fill('<script>alert(1)</script> متن آزمایشی');
  await kiosk.getByRole('button', { name: 'فرستادن برای سامانهٔ مرکزی' }).click();
  await expect(kiosk.getByText(/نباید کد یا برچسب/)).toBeVisible();

  // delivered by the outbox; only the central's private key opens it
  await expect.poll(async () => (await readComplaints(sql, centralOfficeId)).map((c) => c.complaint.text), { timeout: 30_000 }).toEqual([COMPLAINT]);
  const db = office.web.hub.services.db;
  expect(db.prepare('SELECT office_day, sealed, delivered FROM complaint_outbox').all()).toEqual([{ office_day: expect.stringMatching(/^14\d\d-\d\d-\d\d$/), sealed: null, delivered: 1 }]);
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const table of tables) {
    const text = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
    expect(text, table).not.toContain('رسید نداد');
  }
  await kiosk.close();
});

test('the manager sees the ratings by service, counter and day, and the complaints per day', async ({ browser }) => {
  const page = await office.open(browser, '/manager', { width: 1366, height: 768 });
  await login(page);
  await page.getByRole('button', { name: 'رضایت و شکایت‌ها' }).click();
  await page.getByRole('button', { name: 'نمایش' }).click();
  await expect(page.getByRole('table', { name: 'به تفکیک باجه' })).toContainText('باجهٔ ۱');
  await expect(page.getByRole('table', { name: /همهٔ پاسخ‌ها/ })).toContainText('۱: ۰، ۲: ۱، ۳: ۰، ۴: ۰، ۵: ۰');
  await expect(page.getByRole('region', { name: 'شکایت‌های بی‌نام (ماده ۲۰)' })).toContainText('۱');
  await shot(page, '187-manager-satisfaction');
  expect(office.consoleErrors).toEqual([]);
  await page.close();
});
