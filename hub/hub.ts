import { StandbyService } from './standby/standbyService';
import type { Database } from '../db/sqlite';
import { deleteExpiredSessions } from '../db/sessions';
import type { ResultFrame } from '../core/api/wire';
import { EventBus } from './events';
import { createHandlers, type Handlers } from './handlers';
import { createLogger, type Logger } from './log';
import { authorizeSubscribe, dispatchCall, type TransportInfo } from './rpc/dispatch';
import { GroupCommit } from './rpc/groupCommit';
import { AttemptGuard } from './auth/attempts';
import { defaultAuthPolicy, type AuthPolicy, type HubBase } from './base';
import type { HubServices } from './services';
import { ReportService } from './report/reportService';
import { StatisticsService } from './statistics/statisticsService';
import { ComplianceService } from './compliance/complianceService';
import { InquiryService } from './inquiry/inquiries';
import { ReceiptService } from './receipt/receipts';
import { FilingReceiptService } from './filingReceipt/filingReceipts';
import { RequestReach } from './request/reach';
import { defaultTicketPrinter, warmUpTicketRenderer } from './queue/networkPrinter';
import type { TicketPrinterFactory } from './queue/printerPort';
import { QueueService } from './queue/queueService';
import { markPendingAttemptsInDoubt } from '../db/paymentTerminals';
import { markPendingRefundsInDoubt } from '../db/refunds';
import type { DeviceJobTimeouts } from './agent/deviceJobs';
import { defaultPaymentTerminal, type PaymentTerminalFactory } from './payment/terminalPayment';
import { defaultReceiptPrinter, type ReceiptPrinterFactory } from './receiptPrinter/receiptPrinter';
import { chromiumPdfPrinter, type ChromiumPdfPrinter, type PdfPrinter } from '../native/receipt';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { secretOrCreate } from '../db/capture';
import { CaptureService } from './capture/captureService';
import { openPageStore, type StoreIo } from './capture/pageStore';
import { openWorkDir, type WorkDir } from './capture/workDir';
import type { CapturePorts } from './capture/ports';
import { RequestService } from './request/requestService';
import { defaultCapturePorts } from './capture/defaultPorts';
import { SyncService, type SyncOptions } from './sync/syncService';
import { AgentService } from './agent/agentService';
import { BackupService, type BackupOptions } from './backup/backupService';
import { UpdateStore } from './updates/updateStore';

export interface HubOptions {
  db: Database;
  version: string;
  log?: Logger;
  now?: () => Date;
  auth?: Partial<AuthPolicy>;
  /** how often the `clock` event goes out (ms); screens tick locally in between */
  clockIntervalMs?: number;
  /** the ticket printer behind the queue's settings (default: ESC/POS over TCP) */
  ticketPrinter?: TicketPrinterFactory;
  /** the A5 receipt PDF printer (default: headless Chromium at $CHROMIUM_PATH or /usr/bin/chromium); the caller closes it */
  pdfPrinter?: PdfPrinter;
  /** the card terminal behind a counter's setting (default: Sadad's PcPos REST service) */
  paymentTerminal?: PaymentTerminalFactory;
  /** the thermal receipt printer behind a counter's setting (default: ESC/POS over TCP, as the ticket printer) */
  receiptPrinter?: ReceiptPrinterFactory;
  /** how long a workstation's print and pay jobs may wait for their agent's report (hub/agent/deviceJobs.ts) */
  deviceJobTimeouts?: DeviceJobTimeouts;
  /**
   * Document capture: the folder of the encrypted page store (`<dir>/pages`) and of the hub's private
   * temporaries (`<dir>/tmp`, swept at start, removed at close): the data folder for a real hub; a
   * private temp folder removed at close when not given. And the native parts capture runs on.
   */
  capture?: { dir?: string; ports?: CapturePorts; storeIo?: StoreIo };
  /** the app's installers kept for the workstations (docs/UPDATES.md): `<capture dir>/updates` unless given */
  updates?: { dir?: string; maxInstallerBytes?: number };
  /** the outbox's timers and limits (docs/SYNC.md); the central's address comes from enrollment */
  sync?: SyncOptions;
  /**
   * Backups (docs/BACKUP.md): the office key the database is encrypted with, and the hourly check.
   * The data folder is the capture folder. Without a key, a backup is refused (BACKUP_FAILED).
   */
  backup?: Omit<BackupOptions, 'dataDir' | 'officeKey'> & { officeKey?: Buffer };
  /** the database key, handed (wrapped) to the standby with each copy; without it no copy is served (docs/STANDBY.md) */
  officeKey?: () => Buffer;
}

/** What a superseded hub still answers: liveness, and the epoch and standby address a workstation follows. */
const SERVED_WHEN_SUPERSEDED = new Set(['health', 'standby.where']);

/**
 * The office service behind every transport: owns the database handle, the handlers and the
 * event bus. Transports (WebSocket, Electron IPC) only move frames to `call`/`subscribe`.
 */
export class Hub {
  readonly services: HubServices;
  private readonly handlers: Handlers;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly commits: GroupCommit;
  /** the default PDF printer, once started; closed with the hub */
  private ownPdfPrinter: ChromiumPdfPrinter | undefined;
  /** the capture folder this hub made for itself (no `capture.dir` given); removed at close */
  private tempCaptureDir: string | undefined;
  /** this process's private folder for temporaries (capture/workDir.ts) */
  private readonly workDir: WorkDir;
  private closing: Promise<void> | undefined;

  constructor(options: HubOptions) {
    const now = options.now ?? (() => new Date());
    const pdfPrinter = options.pdfPrinter;
    const auth = { ...defaultAuthPolicy, ...options.auth };
    const base: HubBase = {
      db: options.db,
      events: new EventBus(),
      log: options.log ?? createLogger(),
      now,
      version: options.version,
      startedAt: now(),
      auth,
      attempts: new AttemptGuard(auth, now),
      ticketPrinter: options.ticketPrinter ?? defaultTicketPrinter,
      pdfPrinter: pdfPrinter
        ? () => pdfPrinter
        : () => (this.ownPdfPrinter ??= chromiumPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' })),
      paymentTerminal: options.paymentTerminal ?? defaultPaymentTerminal,
      receiptPrinter: options.receiptPrinter ?? defaultReceiptPrinter,
    };
    let captureDir = options.capture?.dir;
    if (!captureDir) {
      captureDir = this.tempCaptureDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-capture-'));
    }
    // The page store's key lives inside the encrypted database: no database key, no pages.
    const pageKey = secretOrCreate(options.db, 'pageStore.aes256gcm', () => randomBytes(32), now().toISOString());
    const pageStore = openPageStore(path.join(captureDir, 'pages'), pageKey, options.capture?.storeIo);
    // what a hub that did not close left in tmp/ (a kill -9) is swept here
    this.workDir = openWorkDir(captureDir);
    // Each service is built once, here, on the base and on the services it needs (never through each other's fields).
    const requests = new RequestService(base);
    const sync = new SyncService(base, requests, pageStore, options.sync);
    const capture = new CaptureService(base, requests, pageStore, options.capture?.ports ?? defaultCapturePorts(), this.workDir.dir);
    this.services = {
      ...base,
      requests,
      queue: new QueueService(base, base.ticketPrinter),
      capture,
      agents: new AgentService(base, capture, options.deviceJobTimeouts),
      sync,
      reports: new ReportService(base),
      statistics: new StatisticsService(base, () => sync.pull()),
      compliance: new ComplianceService(base),
      inquiries: new InquiryService(base, requests, sync),
      receipts: new ReceiptService(base),
      filingReceipts: new FilingReceiptService(base),
      reach: new RequestReach(base),
      backup: new BackupService(base, { ...options.backup, dataDir: captureDir, officeKey: options.backup?.officeKey ?? null }),
      standby: new StandbyService(base, { dir: captureDir, officeKey: options.officeKey }),
      updates: new UpdateStore(options.updates?.dir ?? path.join(captureDir, 'updates'), { maxInstallerBytes: options.updates?.maxInstallerBytes }),
    };
    // a hub a promoted standby superseded sends nothing more to the central (never two outboxes)
    this.services.standby.whenSuperseded(() => void this.services.sync.close());
    this.handlers = createHandlers(this.services);
    this.commits = new GroupCommit(options.db, this.services.events, this.services.log);

    const clockMs = options.clockIntervalMs ?? 10_000;
    this.timers.push(setInterval(() => this.services.events.emit('clock', { now: this.services.now().toISOString() }), clockMs));
    this.timers.push(setInterval(() => this.sweep(), 3600_000));
    // The queue's day ends at office-local midnight: check each minute, and once now.
    const { queue } = this.services;
    this.timers.push(setInterval(() => queue.rollover(), 60_000));
    for (const t of this.timers) t.unref();
    this.sweep();
    queue.rollover();
    queue.recoverInterruptedPrints();
    // A card sale under way when the hub stopped was never answered: money may have moved.
    const interrupted = markPendingAttemptsInDoubt(options.db);
    if (interrupted > 0) this.services.log.warn('card terminal sales interrupted by a restart are in doubt', { attempts: interrupted });
    // So is a reversal under way: the card may have been credited.
    const reversals = markPendingRefundsInDoubt(options.db);
    if (reversals > 0) this.services.log.warn('card terminal reversals interrupted by a restart are in doubt', { refunds: reversals });
    // The first ticket should not pay for loading the font (~150 ms): render one in the background.
    const printer = queue.printerConfig();
    if (printer.kind === 'network') void warmUpTicketRenderer(printer.paper).catch(() => {});
  }

  /** One call from any transport; calls of the same event-loop turn share one commit (rpc/groupCommit). */
  call(frame: unknown, transport: TransportInfo): Promise<ResultFrame> {
    const id = typeof (frame as { id?: unknown } | null)?.id === 'number' ? (frame as { id: number }).id : null;
    // superseded by a promoted standby: no payment, no receipt, nothing but liveness and where to go (docs/STANDBY.md § Fencing)
    if (this.services.standby.superseded() && !SERVED_WHEN_SUPERSEDED.has(String((frame as { proc?: unknown } | null)?.proc))) {
      return Promise.resolve({ t: 'res', id: Number.isSafeInteger(id) && id! >= 0 ? id : null, ok: false, error: { code: 'HUB_SUPERSEDED', message: 'a standby hub was promoted over this hub' } });
    }
    return this.commits.submit(
      () => dispatchCall(this.services, this.handlers, frame, transport),
      () => ({ t: 'res', id: Number.isSafeInteger(id) && id! >= 0 ? id : null, ok: false, error: { code: 'INTERNAL', message: 'internal error' } }),
    );
  }

  /**
   * Authorise a subscribe frame and, if allowed, attach `deliver`. Returns the frame to answer
   * with and an unsubscribe function (a no-op when refused). Subscribers to `clock` get the
   * current time at once so a fresh screen need not wait for the next tick.
   */
  subscribe(frame: unknown, transport: TransportInfo, deliver: (event: string, payload: unknown) => void): { answer: ResultFrame; unsubscribe: () => void } {
    const auth = authorizeSubscribe(this.services, frame, transport);
    if (!auth.ok) return { answer: auth.frame, unsubscribe: () => {} };
    // a workstation agent's jobs go to its own connection only (hub/agent)
    if (auth.event === 'agent.job') return this.services.agents.subscribe(auth.id, transport, deliver);
    const unsubscribe = this.services.events.on(auth.event, (payload) => deliver(auth.event, payload));
    if (auth.event === 'clock') queueMicrotask(() => deliver('clock', { now: this.services.now().toISOString() }));
    return { answer: { t: 'res', id: auth.id, ok: true, output: { subscribed: auth.event } }, unsubscribe };
  }

  /**
   * Stops the hub. Unfinished uploads and the private temporaries are removed before this returns;
   * the promise settles once running capture jobs have ended and their leftovers are gone, and once
   * the receipt printer's own browser has closed.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    for (const t of this.timers) clearInterval(t);
    void this.services.sync.close();
    void this.services.backup.close();
    const capture = this.services.capture.close();
    this.workDir.remove();
    const temp = this.tempCaptureDir;
    // The browser closes once the receipts already queued are printed; the close waits for it, so
    // nothing started after the hub stopped (the next hub, a test's next browser) meets it still closing.
    const pdf = this.ownPdfPrinter;
    this.ownPdfPrinter = undefined;
    const pdfClosed = pdf ? pdf.close().catch((err: unknown) => this.services.log.warn('closing the receipt PDF printer failed', { err: String(err) })) : undefined;
    this.closing = capture
      .catch((err: unknown) => this.services.log.warn('capture did not close cleanly', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        this.workDir.remove();
        if (temp) rmSync(temp, { recursive: true, force: true });
      })
      .then(() => pdfClosed);
    return this.closing;
  }

  private sweep(): void {
    const dayAgo = new Date(this.services.now().getTime() - 24 * 3600_000).toISOString();
    deleteExpiredSessions(this.services.db, dayAgo);
    this.services.capture.sweepUploads();
  }
}
