/**
 * Fixtures for the outbox's tests: requests walked all the way to «ارسال» through the real counter
 * workflow (identity, fees, payment, a scripted scan, the applicant's confirmation, the match), so
 * what the outbox sends is what a counter would have produced.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setUpHub } from './hub';
import { applicant, clerkWithCalledTicket, details, JUDICIAL, OFFICE, terminalReceipt } from './requests';
import { testCapturePorts, type ScriptedScan } from './capture';
import type { HubOptions } from '../../hub/hub';
import type { ServiceCode } from '../../core/fees/services';
import type { CapturePorts } from '../../hub/capture/ports';

export type SyncTestHub = Awaited<ReturnType<typeof syncOffice>>;

/**
 * A set-up hub with clerk reza at counter 1 (a called ticket, a scripted scanner) and the applicant's
 * screen of counter 1 logged in. `matched()` makes one request ready to send; `sent()` also presses «ارسال».
 */
export async function syncOffice(
  options: {
    dir?: string;
    db?: HubOptions['db'];
    sync?: HubOptions['sync'];
    pages?: number;
    /** other capture parts (the sync benchmark's scanner of incompressible pages); given the script of each scan */
    ports?: (script: () => ScriptedScan) => CapturePorts;
    /** every request scans the very same pages (one file each in the content-addressed store) */
    samePages?: boolean;
    pdfPrinter?: HubOptions['pdfPrinter'];
    receiptPrinter?: HubOptions['receiptPrinter'];
    backup?: HubOptions['backup'];
  } = {},
) {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'daftaryar-sync-test-'));
  const pages = options.pages ?? 4;
  // every request gets pages of its own (the store is content-addressed: equal pages would be one file)
  const script: ScriptedScan = { pages: Array.from({ length: pages }, (_, i) => 3 + (i % 5)), seed: 0 };
  const t = await setUpHub({
    capture: { dir, ports: (options.ports ?? testCapturePorts)(() => script) },
    sync: { autoStart: false, ...options.sync },
    ...(options.db ? { db: options.db } : {}),
    ...(options.pdfPrinter ? { pdfPrinter: options.pdfPrinter } : {}),
    ...(options.receiptPrinter ? { receiptPrinter: options.receiptPrinter } : {}),
    ...(options.backup ? { backup: options.backup } : {}),
  });
  const { clerk } = await clerkWithCalledTicket(t);
  await t.ok('scanner.set', { counterId: 1, setting: { driver: 'sane', deviceId: 'test:0', label: 'اسکنر آزمایشی', source: 'adf', dpi: 300, colorMode: 'grey' } }, clerk);
  const screen = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session;
  let rrn = 412345670000;

  /** A petition with `pages` scanned pages, paid, confirmed and matched: status originalsMatched. */
  async function matched(legalDeadline?: string, service: ServiceCode = 'petition') {
    const r = await t.ok('request.open', { counterId: 1, service, ...(legalDeadline ? { legalDeadline } : {}) }, clerk);
    await walk(r.id, service, pages);
    return r.id;
  }

  /** An opened request walked from identity to the match, with `count` scanned pages. */
  async function walk(requestId: string, service: ServiceCode, count: number) {
    if (!options.samePages) script.seed = (script.seed ?? 0) + 13;
    const scanned = script.pages;
    script.pages = Array.from({ length: count }, (_, i) => 3 + (i % 5));
    const { applicantId } = await t.ok('applicant.save', applicant, clerk);
    await t.ok('request.verifyIdentity', { requestId, applicantId, document: 'nationalCard' }, clerk);
    // a petition carries its claim's judicial costs; other services only the office tariff
    await t.ok('request.setDetails', { requestId, details: { ...details, pages: count, judicialCosts: service === 'petition' ? details.judicialCosts : undefined } }, clerk);
    const fixed = await t.ok('request.fixFees', { requestId }, clerk);
    for (const part of ['officeTariff', 'judicialCost'] as const) {
      const due = fixed.quote!.due[part];
      if (due > 0) await t.ok('payment.manual', { requestId, part, approval: terminalReceipt(due, String(++rrn)) }, clerk);
    }
    await t.ok('capture.start', { requestId, counterId: 1, documentType: service === 'remedy' ? 'evidence' : 'petition' }, clerk);
    await t.hub.services.capture.idle();
    script.pages = scanned;
    const captured = await t.ok('capture.finish', { requestId }, clerk);
    await t.ok('applicantScreen.review', { counterId: 1, requestId, outcome: 'confirmed', digest: captured.digest }, screen);
    for (const p of captured.documents.flatMap((d) => d.pages)) await t.ok('capture.match', { pageId: p.id, matches: true }, clerk);
    await t.ok('capture.matchDone', { requestId }, clerk);
  }

  /** A remedy request (رفع نقص) for a returned request, with `count` new pages, matched and sent as a supplement. */
  async function followedUp(returnedRequestId: string, count = 2) {
    const r = await t.ok('followUp.start', { requestId: returnedRequestId, counterId: 1 }, clerk);
    return sendRemedy(r.id, count);
  }

  /** An opened remedy request walked with `count` new pages and sent. */
  async function sendRemedy(requestId: string, count = 2) {
    await walk(requestId, 'remedy', count);
    const { submissionId } = await t.ok('request.send', { requestId }, clerk);
    return { requestId, submissionId };
  }

  async function sent(legalDeadline?: string) {
    const requestId = await matched(legalDeadline);
    const { submissionId } = await t.ok('request.send', { requestId }, clerk);
    return { requestId, submissionId };
  }

  return { t, clerk, screen, dir, matched, sent, followedUp, sendRemedy, sync: t.hub.services.sync };
}

export { OFFICE, JUDICIAL };

/**
 * Enrolls `t`'s hub and, when the central knows the office by another name or code (the tests' central
 * offices are numbered apart from the hub's own), confirms it as the manager would after the warning.
 */
export async function enrollConfirmed(t: Awaited<ReturnType<typeof setUpHub>>, centralUrl: string, code: string) {
  const status = await t.ok('sync.enroll', { centralUrl, code }, t.managerSession);
  return status.pendingEnrollment ? t.ok('sync.confirmEnrollment', { token: status.pendingEnrollment.token }, t.managerSession) : status;
}
