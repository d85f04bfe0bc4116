import { test, expect, type Page } from '@playwright/test';
import { CONTRACT_VERSION } from '../../core/api/version';
import type { AgentDevice, AgentJob } from '../../core/api/agent';
import { lanClient } from '../support/lanClient';
import { login, specOffice, closeScreensWhenDone } from './pages';

closeScreensWhenDone();

// «چاپ» of a document on the workstation's own document printer (docs/WORKSTATIONS.md § Documents on
// the workstation's print queue), in the browser against a hub that requires pairing: this browser is
// a paired counter PC whose agent (played on a connection of its own, as the headless agent makes one)
// reports a receipt printer and a document printer. The manager opens the day's Z report there: «چاپ
// A۴» beside the download; the print goes to that PC's agent as a PDF job on A4, and the answer names
// the printer. The agent away: only the download. (The PDF reaching a real CUPS queue is proven by
// test/unit/workstationDocumentPrint.test.ts.)
test.describe.configure({ mode: 'serial' });

const office = specOffice('docprint', { port: 0, pairing: true });
const { local, consoleErrors } = office;

const devices: AgentDevice[] = [
  { type: 'printer', driver: 'escpos', id: 'usb:/dev/usb/lp0', label: 'چاپگر رسید باجهٔ ۲' },
  { type: 'documentPrinter', driver: 'cups', id: 'cups:HP_LaserJet_M404', label: 'چاپگر لیزری اتاق ۲' },
];

let page: Page;

test('on a workstation with a document printer the Z report prints there as A4; with its agent away only the download is offered', async ({ browser }) => {
  const { code } = await local('device.issueCode', { kind: 'counter', name: 'باجهٔ ۲' }, office.managerSession);
  page = await office.open(browser, 'manager', { width: 1366, height: 768 });
  await page.getByLabel('کد جفت‌سازی').fill(code);
  await page.getByRole('button', { name: 'جفت کردن' }).click();
  await login(page);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('daftaryar.device') ?? 'null') as { deviceId: number; credential: string });

  // this PC's agent: proves the same device, reports its printers, takes jobs
  const jobs: AgentJob[] = [];
  const link = lanClient({ hub: office.web.hub }, '127.0.0.1');
  await link.ok('auth.device', { deviceId: stored.deviceId, credential: stored.credential });
  await link.ok('agent.hello', { contractVersion: CONTRACT_VERSION, agentVersion: '0.5.0', devices });
  const sub = office.web.hub.subscribe({ t: 'sub', id: 900, event: 'agent.job' }, link.transport, (_e, p) => {
    const job = (p as { job?: AgentJob }).job;
    if (job) jobs.push(job);
  });
  expect(sub.answer.ok).toBe(true);

  await page.getByRole('button', { name: 'گزارش‌های مالی' }).click();
  await page.getByRole('button', { name: 'نمایش گزارش' }).click();
  const print = page.getByRole('button', { name: 'چاپ A۴' });
  await expect(print).toBeVisible();
  await expect(page.getByRole('button', { name: 'خروجی PDF' })).toBeVisible();
  await print.click();
  await expect.poll(() => jobs.length, { timeout: 30_000 }).toBe(1);
  expect(jobs[0]).toMatchObject({ kind: 'print', format: 'pdf', media: 'A4', device: 'cups:HP_LaserJet_M404' });
  const pdf = Buffer.from((jobs[0] as Extract<AgentJob, { kind: 'print' }>).dataBase64, 'base64');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await link.ok('agent.jobDone', { jobId: jobs[0]!.jobId, pages: 0, error: null });
  await expect(page.locator('.document-print-message')).toHaveText('روی «چاپگر لیزری اتاق ۲» چاپ شد.');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: 'test-results/screenshots/180-manager-report-print-a4.png' });

  // a stopped printer is said in the document printer's words
  await print.click();
  await expect.poll(() => jobs.length, { timeout: 30_000 }).toBe(2);
  await link.ok('agent.jobDone', { jobId: jobs[1]!.jobId, pages: 0, error: 'PRINTER_OFFLINE' });
  await expect(page.locator('.document-print-message[role=alert]')).toContainText('چاپگر اسناد این باجه متوقف است');
  await page.screenshot({ path: 'test-results/screenshots/181-manager-report-print-stopped.png' });

  // the agent goes away: «چاپ A۴» goes, the download stays
  sub.unsubscribe();
  await expect(print).toBeHidden();
  await expect(page.getByRole('button', { name: 'خروجی PDF' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
