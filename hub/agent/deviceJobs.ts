/**
 * Print and pay jobs on a workstation's own devices (docs/WORKSTATIONS.md § Print and pay jobs).
 *
 * The caller is a counter's staff session on a connection from paired device D; its printer or card
 * terminal is the one D's agent reported, reached only through the agent connected with D's
 * credential. A job is a row (agent_job, kind print|pay) committed before the agent hears of it (a pay
 * job's synced; a print job's not waited for: see reportPrint); the caller waits for the agent's
 * report, bounded. What the agent reports ends the row once: a second report of the same job is a
 * duplicate and changes nothing.
 *
 * The hub side of "nothing paid is charged twice": a pay job that is not answered (the agent went away,
 * the wait ran out) is a PAYMENT_IN_DOUBT for the attempt (RequestService.payTerminal keeps it open);
 * the retry goes out under the same order id with `inDoubt`, and the agent asks its terminal about
 * that order before anything is charged. The row of a job nobody waits for any longer is closed
 * (`ABANDONED`) and never delivered again, so a late reconnection cannot start a sale on its own.
 */
import { createHash, randomUUID } from 'node:crypto';
import { agentDevice, agentJob, agentPayment, MAX_AGENT_PRINT_BASE64, type AgentDevice, type AgentJob, type AgentPayment } from '../../core/api/agent';
import { DomainError } from '../../core/errors';
import * as a from '../../db/agent';
import { commitUnsynced } from '../../db/transaction';
import { PaymentError, paymentErrorCodes, type PaymentErrorCode, type PaymentTerminal, type SaleRequest, type TerminalApproval } from '../../native/payment';
import type { HubBase } from '../base';
import { encodeTicket, printTestPage, renderTicket, type Paper } from '../../native/printing';
import type { TicketPrinterPort } from '../queue/printerPort';
import type { ReceiptPrinterPort } from '../receiptPrinter/receiptPrinter';
import type { DocumentPrinterPort } from './documentPrinter';

export interface DeviceJobTimeouts {
  /** how long a print job may take, from the job to the agent's report */
  printMs: number;
  /** how long a PDF may take on a document printer (the queue's filters, then the printer), from the job to the agent's report (default 60 s) */
  documentMs?: number;
  /** how long a sale may take (the customer, the PIN, the bank), from the job to the agent's report: longer than the terminal's own bound (200 s) and an inquiry */
  payMs: number;
}

export const DEFAULT_DEVICE_JOB_TIMEOUTS: DeviceJobTimeouts = { printMs: 30_000, documentMs: 60_000, payMs: 240_000 };

type Report = { error: string | null; payment: AgentPayment | undefined };

interface Waiter {
  deviceId: number;
  /** the job as sent (a print job's document is not kept in its row: it is delivered again from here) */
  job: AgentJob;
  resolve: (report: Report) => void;
  reject: (err: Error) => void;
}

/** The reason a wait ended without a report. */
class NoReport extends Error {
  constructor(readonly why: 'gone' | 'timeout') {
    super(why === 'gone' ? 'the workstation’s agent went away before it answered' : 'the workstation’s agent did not answer in time');
  }
}

/** What the agent hears back for its report: the state the job is in. */
type JobReportAnswer = { received: number; state: a.AgentJobState };

export class DeviceJobs {
  private readonly waiters = new Map<string, Waiter>();
  /** print jobs reported whose row is being ended (reportPrint) */
  private readonly endingPrints = new Map<string, Promise<JobReportAnswer>>();

  constructor(
    private readonly hub: HubBase,
    private readonly online: (deviceId: number) => boolean,
    private readonly timeouts: DeviceJobTimeouts = DEFAULT_DEVICE_JOB_TIMEOUTS,
  ) {
    // jobs left open by a hub that stopped: nobody waits for them, and a pay job must never start late
    const n = a.abandonDeviceJobs(hub.db, hub.now().toISOString());
    if (n > 0) hub.log.warn('workstation print/pay jobs left by an earlier run closed', { jobs: n });
  }

  /** A print or pay job still awaited, as sent: only those are delivered again at a reconnection. */
  awaited(jobId: string): AgentJob | null {
    return this.waiters.get(jobId)?.job ?? null;
  }

  /** The last agent connection of a workstation closed: its jobs will not be answered. */
  agentGone(deviceId: number): void {
    for (const [jobId, w] of this.waiters) if (w.deviceId === deviceId) this.giveUp(jobId, new NoReport('gone'));
  }

  /**
   * The agent's report of a print or pay job. A report for a job already ended (or no longer awaited)
   * changes nothing and says the state the job is in.
   */
  report(row: a.AgentJobRow, input: { error: string | null; payment?: AgentPayment | undefined }): JobReportAnswer | Promise<JobReportAnswer> {
    if (row.kind === 'pay' && input.payment === undefined && input.error === null) throw new DomainError('INVALID_INPUT', 'a pay job ends with its payment outcome');
    if (row.kind === 'print' && input.payment !== undefined) throw new DomainError('INVALID_INPUT', 'a print job has no payment');
    const state = input.error === null && (input.payment === undefined || input.payment.ok) ? 'done' : 'failed';
    const code = input.error ?? (input.payment && !input.payment.ok ? input.payment.code : null);
    if (row.kind === 'print') return this.reportPrint(row, state, code);
    const ended = a.endAgentJobWithOutcome(this.hub.db, row.id, state, code, input.payment ?? null, this.hub.now().toISOString());
    if (!ended) return { received: 0, state: a.agentJob(this.hub.db, row.id)?.state ?? row.state };
    const w = this.waiters.get(row.id);
    this.waiters.delete(row.id);
    w?.resolve({ error: input.error, payment: input.payment });
    return { received: 0, state };
  }

  /**
   * A print job's report. The clerk hears at once (the slip is out, or the printer's code): the caller
   * is answered in this turn, before the row ends. The row ends just after, in a turn of its own (not
   * in the group commit of the agent's call, whose fsync the clerk would otherwise wait for), and the
   * agent is answered once it is on disk; a second report meanwhile gets the same answer.
   */
  private reportPrint(row: a.AgentJobRow, state: 'done' | 'failed', code: string | null): Promise<JobReportAnswer> {
    const pending = this.endingPrints.get(row.id);
    if (pending) return pending;
    const w = this.waiters.get(row.id);
    this.waiters.delete(row.id);
    if (row.state === 'open') w?.resolve({ error: code, payment: undefined });
    const ending = new Promise<void>((resolve) => setImmediate(resolve))
      .then((): JobReportAnswer => {
        const ended = a.endAgentJobWithOutcome(this.hub.db, row.id, state, code, null, this.hub.now().toISOString());
        return { received: 0, state: ended ? state : (a.agentJob(this.hub.db, row.id)?.state ?? row.state) };
      })
      .finally(() => this.endingPrints.delete(row.id));
    this.endingPrints.set(row.id, ending);
    return ending;
  }

  /**
   * The workstation of the calling connection and its device of `type`: the one the manager chose
   * among those its agent reported, or the first reported when no choice was made. A chosen device
   * not in the last report → WORKSTATION_PRINTER_MISSING / WORKSTATION_TERMINAL_MISSING (never another one in its place).
   */
  deviceOf(lan: { deviceId: number | null; kind: string | null } | undefined, type: 'printer' | 'terminal' | 'documentPrinter'): { deviceId: number; name: string; device: AgentDevice | null } | null {
    const deviceId = lan?.deviceId ?? null;
    if (deviceId === null || (lan?.kind !== 'counter' && lan?.kind !== 'kiosk')) return null;
    const ws = a.workstation(this.hub.db, deviceId);
    if (!ws) return null;
    const parsed = agentDevice.array().safeParse(JSON.parse(ws.devices));
    const ofType = parsed.success ? parsed.data.filter((d) => d.type === type) : [];
    // a document printer is the one the workstation names (its first reported): no manager's choice among several yet
    const choice = type === 'printer' ? ws.printerChoice : type === 'terminal' ? ws.terminalChoice : null;
    if (choice === null) return { deviceId, name: ws.name, device: ofType[0] ?? null };
    const chosen = ofType.find((d) => d.id === choice);
    if (!chosen) throw new DomainError(type === 'printer' ? 'WORKSTATION_PRINTER_MISSING' : 'WORKSTATION_TERMINAL_MISSING', 'the device chosen for the workstation is not in its agent’s last report', { ref: ws.name });
    return { deviceId, name: ws.name, device: chosen };
  }

  /**
   * The receipt printer of the caller's workstation, when its agent reported one; null when the
   * caller is not on a workstation whose agent reported a printer (the hub's own printer then).
   * The agent away → WORKSTATION_PRINTER_OFFLINE naming the workstation.
   */
  printerFor(lan: { deviceId: number | null; kind: string | null } | undefined): ReceiptPrinterPort | null {
    const found = this.deviceOf(lan, 'printer');
    if (!found?.device) return null;
    const { deviceId, name, device } = found;
    if (!this.online(deviceId)) throw new DomainError('WORKSTATION_PRINTER_OFFLINE', 'the workstation’s agent is not connected', { ref: name });
    const port: Omit<ReceiptPrinterPort, 'testPrint'> = {
      address: `${name}/${device.id}`.slice(0, 200),
      print: async (bytes) => {
        const report = await this.run(deviceId, name, 'print', this.timeouts.printMs, (jobId) => ({
          kind: 'print',
          jobId,
          device: device.id,
          copies: 1,
          format: 'escpos',
          dataBase64: Buffer.from(bytes).toString('base64'),
          documentSha256: createHash('sha256').update(bytes).digest('hex'),
        })).catch((err: unknown) => {
          if (err instanceof NoReport) throw err.why === 'gone' ? new DomainError('WORKSTATION_PRINTER_OFFLINE', err.message, { ref: name }) : Object.assign(new Error(err.message), { code: 'PRINTER_TIMEOUT' });
          throw err;
        });
        if (report.error !== null) throw Object.assign(new Error(`the workstation’s printer: ${report.error}`), { code: report.error });
        return { nearEnd: false };
      },
    };
    // the manager's test page (receiptPrinter.test from this workstation): drawn here, printed there like a receipt
    return { ...port, testPrint: (officeName, paper) => printTestPage(port, paper, officeName) };
  }

  /**
   * The document printer (A4/A5 PDFs on the PC's print queue) of the caller's workstation, when its
   * agent reported one; null otherwise (the screen then downloads the PDF). The agent away →
   * WORKSTATION_PRINTER_OFFLINE naming the workstation. The PDF travels in the job (at most
   * MAX_AGENT_PRINT_BASE64); the agent's printer code (queue missing, printer stopped, job refused)
   * comes back as a PrinterError-like `code`.
   */
  documentPrinterFor(lan: { deviceId: number | null; kind: string | null } | undefined): DocumentPrinterPort | null {
    const found = this.deviceOf(lan, 'documentPrinter');
    if (!found?.device) return null;
    const { deviceId, name, device } = found;
    if (!this.online(deviceId)) throw new DomainError('WORKSTATION_PRINTER_OFFLINE', 'the workstation’s agent is not connected', { ref: name });
    return {
      address: `${name}/${device.id}`.slice(0, 200),
      label: device.label,
      printPdf: async (pdf, media) => {
        const dataBase64 = Buffer.from(pdf).toString('base64');
        if (dataBase64.length > MAX_AGENT_PRINT_BASE64) throw new DomainError('DOCUMENT_TOO_LARGE_TO_PRINT', `the PDF (${pdf.length} bytes) is larger than a print job carries`);
        const report = await this.run(deviceId, name, 'print', this.timeouts.documentMs ?? 60_000, (jobId) => ({
          kind: 'print',
          jobId,
          device: device.id,
          copies: 1,
          format: 'pdf',
          media,
          dataBase64,
          documentSha256: createHash('sha256').update(pdf).digest('hex'),
        })).catch((err: unknown) => {
          if (err instanceof NoReport) throw err.why === 'gone' ? new DomainError('WORKSTATION_PRINTER_OFFLINE', err.message, { ref: name }) : Object.assign(new Error(err.message), { code: 'PRINTER_TIMEOUT' });
          throw err;
        });
        if (report.error !== null) throw Object.assign(new Error(`the workstation’s document printer: ${report.error}`), { code: report.error });
      },
    };
  }

  /** The caller's document printer, for a print it asked for: none reported → DOCUMENT_PRINTER_NOT_CONFIGURED. */
  documentPrinterOf(lan: { deviceId: number | null; kind: string | null } | undefined): DocumentPrinterPort {
    const port = this.documentPrinterFor(lan);
    if (!port) throw new DomainError('DOCUMENT_PRINTER_NOT_CONFIGURED', 'this workstation reported no document printer');
    return port;
  }

  /**
   * The ticket printer of a workstation whose agent reported a printer: the ticket rendered here,
   * printed there. `kinds`: the workstations whose own printer takes tickets for this call — a kiosk's
   * new tickets; a reprint on the kiosk or counter it is asked from.
   */
  ticketPrinterFor(lan: { deviceId: number | null; kind: string | null } | undefined, paper: Paper, kinds: readonly ('kiosk' | 'counter')[] = ['kiosk']): TicketPrinterPort | null {
    if (!kinds.some((k) => k === lan?.kind)) return null;
    const port = this.printerFor(lan);
    if (!port) return null;
    return {
      print: async (ticket) => port.print(encodeTicket(await renderTicket(ticket, paper))),
      status: async () => ({ nearEnd: false }),
      testPrint: async () => {
        await port.testPrint('', paper);
      },
    };
  }

  /**
   * The card terminal of the caller's workstation, when its agent reported one; null otherwise (the
   * counter's terminal setting, driven from the hub). The agent away → WORKSTATION_TERMINAL_OFFLINE
   * before any attempt is made: nothing was charged.
   */
  terminalFor(lan: { deviceId: number | null; kind: string | null } | undefined): ((options: { inDoubtOrderIds: string[] }) => PaymentTerminal) | null {
    const found = this.deviceOf(lan, 'terminal');
    if (!found?.device) return null;
    const { deviceId, name, device } = found;
    if (!this.online(deviceId)) throw new DomainError('WORKSTATION_TERMINAL_OFFLINE', 'the workstation’s agent is not connected', { ref: name });
    return this.remoteTerminal(deviceId, name, device);
  }

  /**
   * The card terminal a sale was taken on, when it was a workstation's (the pay job that approved
   * order `saleOrderId`): its reversal goes there, whoever asks and from wherever. Null for a sale
   * taken on a terminal driven from the hub. That workstation's agent away →
   * WORKSTATION_TERMINAL_OFFLINE naming it; the terminal no longer in its report →
   * WORKSTATION_TERMINAL_MISSING: both before anything is sent, so nothing is half-done.
   */
  saleTerminal(saleOrderId: string): { name: string; open: (options: { inDoubtOrderIds: string[] }) => PaymentTerminal } | null {
    const row = a.approvedSaleJob(this.hub.db, saleOrderId);
    if (!row) return null;
    const sold = agentJob.safeParse(JSON.parse(row.job));
    const ws = a.workstation(this.hub.db, row.deviceId);
    const name = ws?.name ?? (JSON.parse(row.target) as { workstation?: string }).workstation ?? String(row.deviceId);
    if (!sold.success || sold.data.kind !== 'pay') return null;
    const reported = ws ? agentDevice.array().safeParse(JSON.parse(ws.devices)) : null;
    const device = reported?.success ? reported.data.find((d) => d.type === 'terminal' && d.id === sold.data.device) : undefined;
    if (!this.online(row.deviceId)) throw new DomainError('WORKSTATION_TERMINAL_OFFLINE', 'the agent of the workstation the sale was taken on is not connected', { ref: name });
    if (!device) throw new DomainError('WORKSTATION_TERMINAL_MISSING', 'the terminal the sale was taken on is not in its workstation’s last report', { ref: name });
    return { name, open: this.remoteTerminal(row.deviceId, name, device) };
  }

  /** A card terminal on a workstation, driven through its agent: each sale or reversal a pay job, answered or in doubt. */
  private remoteTerminal(deviceId: number, name: string, device: AgentDevice): (options: { inDoubtOrderIds: string[] }) => PaymentTerminal {
    const send = async (inDoubtOrderIds: string[], req: SaleRequest, reverse?: { saleOrderId: string; saleRrn: string }) => {
      let report: Report;
      try {
        report = await this.run(deviceId, name, 'pay', this.timeouts.payMs, (jobId) => ({
          kind: 'pay',
          jobId,
          device: device.id,
          amountRials: req.amountRials,
          reference: req.orderId,
          inDoubt: inDoubtOrderIds.includes(req.orderId),
          ...(reverse ? { reverse } : {}),
        }));
      } catch (err) {
        // the job may have reached the terminal: only an inquiry by the same order id may follow
        if (err instanceof NoReport) throw new PaymentError('PAYMENT_IN_DOUBT', `${name}: ${err.message}`, { outcome: 'unknown', orderId: req.orderId });
        throw err;
      }
      return approvalOf(report, req.amountRials);
    };
    return ({ inDoubtOrderIds }) => ({
      kind: `workstation:${device.driver}`,
      sale: (req) => send(inDoubtOrderIds, req),
      reverse: (req) => send(inDoubtOrderIds, req, { saleOrderId: req.saleOrderId, saleRrn: req.saleRrn }),
    });
  }

  /** Makes the job (its row committed before the agent hears of it) and waits for its report, bounded. */
  private async run(deviceId: number, name: string, kind: 'print' | 'pay', timeoutMs: number, make: (jobId: string) => AgentJob): Promise<Report> {
    const jobId = randomUUID();
    const job = make(jobId);
    const done = new Promise<Report>((resolve, reject) => this.waiters.set(jobId, { deviceId, job, resolve, reject }));
    // a print job's row keeps what was printed (its digest and size), not the document: a receipt's raster
    // or a report's PDF is tens of KB the office database would otherwise keep for every print
    const kept = job.kind === 'print' ? { ...job, dataBase64: undefined, bytes: Buffer.byteLength(job.dataBase64, 'base64') } : job;
    const write = () => {
      a.insertAgentJob(this.hub.db, { id: jobId, deviceId, kind, job: kept, target: { workstation: name }, at: this.hub.now().toISOString() });
      this.hub.events.emit('agent.job', { deviceId, job });
    };
    // A pay job is on disk before the agent hears of it. A print job's row need not wait for the disk
    // while the agent prints (it would hold the hub's loop for the fsync): the report's commit syncs it.
    if (kind === 'pay') this.hub.db.transaction(write).immediate();
    else commitUnsynced(this.hub.db, write);
    // the agent may have gone between the check and the job
    if (!this.online(deviceId)) this.giveUp(jobId, new NoReport('gone'));
    const timer = setTimeout(() => this.giveUp(jobId, new NoReport('timeout')), timeoutMs);
    try {
      return await done;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Nobody waits any longer: the row is closed (a late report is then a duplicate) and the caller told. */
  private giveUp(jobId: string, err: NoReport): void {
    const w = this.waiters.get(jobId);
    if (!w) return;
    this.waiters.delete(jobId);
    a.endAgentJobWithOutcome(this.hub.db, jobId, 'failed', 'ABANDONED', null, this.hub.now().toISOString());
    w.reject(err);
  }
}

/** The agent's report of a sale as the terminal adapters answer: an approval, or the PaymentError it stands for. */
export function approvalOf(report: Report, amountRials: number): TerminalApproval {
  const p = report.payment;
  if (!p) throw new PaymentError('PAYMENT_IN_DOUBT', `the workstation reported ${report.error ?? 'nothing'} for a sale`, { outcome: 'unknown' });
  const checked = agentPayment.parse(p);
  if (checked.ok) {
    // the hub checks the amount again when it records the payment; a different one is never «paid»
    if (checked.approval.amountRials !== amountRials) throw new PaymentError('PAYMENT_AMOUNT_MISMATCH', `approved ${checked.approval.amountRials}, asked ${amountRials}`, { outcome: 'charged', approval: checked.approval });
    return checked.approval;
  }
  const code: PaymentErrorCode = (paymentErrorCodes as readonly string[]).includes(checked.code) ? (checked.code as PaymentErrorCode) : 'PAYMENT_IN_DOUBT';
  // an unknown code says nothing certain about the money
  const outcome = code === checked.code ? checked.outcome : checked.outcome === 'notCharged' ? 'unknown' : checked.outcome;
  throw new PaymentError(code, `the workstation’s terminal: ${checked.code}`, { outcome, ...(checked.responseCode !== undefined ? { responseCode: checked.responseCode } : {}) });
}
