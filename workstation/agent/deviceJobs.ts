/**
 * Print and pay jobs on this workstation's own printer and card terminal (docs/WORKSTATIONS.md
 * § Print and pay jobs); a pay job with `reverse` gives a sale of the same day back on the terminal
 * that took it, under the same rules as a sale (recorded before, never sent twice). The hub routes them here because the counter's connection came from this
 * PC; the agent runs them on the device its own list named and says how they ended.
 *
 * Nothing paid is charged twice. Before a sale reaches the terminal, a record of it (order id,
 * amount) is written and fsync'd under `<data>/pay/`; the outcome is written the same way before the
 * hub hears of it. A job for an order this PC already has a record of never starts a new sale:
 * - the outcome is recorded → it is reported again, the terminal is not touched;
 * - only the start is recorded (the agent was killed, the PC restarted, between sale and report) →
 *   the terminal adapter is built with that order in doubt, so it asks the terminal about the order
 *   (the same order id) before anything is charged (native/payment/README.md).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { agentPayment, type AgentDevice, type AgentJob, type AgentPayment } from '../../core/api/agent';
import { PaymentError, type PaymentTerminal } from '../../native/payment';
import { writeFileDurably } from '../../native/fs/durableFile';

export interface WorkstationPrinter {
  device: Extract<AgentDevice, { type: 'printer' }>;
  /** sends one ESC/POS job; resolves once the printer took it, rejects with a PrinterError (its `code`) */
  print(job: Uint8Array): Promise<unknown>;
}

export interface WorkstationTerminal {
  device: Extract<AgentDevice, { type: 'terminal' }>;
  /**
   * The adapter for one payment; `inDoubtOrderIds`: orders it must ask the terminal about before
   * charging; `terminalId`: the one seen on this terminal's last approval (an inquiry's answer may lack it).
   */
  open(options: { inDoubtOrderIds: string[]; terminalId?: string | undefined }): PaymentTerminal;
}

/** A printer of A4/A5 documents behind this PC's print queue (CUPS, the Windows spooler). */
export interface WorkstationDocumentPrinter {
  device: Extract<AgentDevice, { type: 'documentPrinter' }>;
  /**
   * Sends one PDF to the queue on paper of `media` and waits (bounded) until the queue has printed it;
   * resolves with the queue's own job id, rejects with a PrinterError (queue missing, printer stopped, job refused, timeout).
   */
  printPdf(pdf: Uint8Array, media: 'A4' | 'A5', title: string): Promise<{ queueJob: string }>;
}

/** The printers and card terminals this agent offers (besides the registry's scanners). */
export interface WorkstationDevices {
  printers: readonly WorkstationPrinter[];
  terminals: readonly WorkstationTerminal[];
  documentPrinters?: readonly WorkstationDocumentPrinter[];
}

export function listed(devices: WorkstationDevices): AgentDevice[] {
  return [...devices.printers.map((p) => p.device), ...(devices.documentPrinters ?? []).map((p) => p.device), ...devices.terminals.map((t) => t.device)];
}

/** How a print or pay job ended, as `agent.jobDone` carries it. */
export interface DeviceJobEnd {
  error: string | null;
  payment?: AgentPayment;
}

const PRINTER_CODE = /^[A-Z][A-Z_]{1,40}$/;

/**
 * A print job: ESC/POS bytes on a receipt printer, or a PDF on a document printer (the PC's print
 * queue, on the job's paper, titled with the job's id so the queue's list names it). The printer's
 * code back, or null once every copy was printed.
 */
export async function runPrint(job: Extract<AgentJob, { kind: 'print' }>, devices: WorkstationDevices, log?: (message: string, detail: Record<string, unknown>) => void): Promise<DeviceJobEnd> {
  const receiptPrinter = devices.printers.find((p) => p.device.id === job.device);
  const documentPrinter = (devices.documentPrinters ?? []).find((p) => p.device.id === job.device);
  const printer = job.format === 'escpos' ? receiptPrinter : documentPrinter;
  // ESC/POS on a document printer, a PDF on a receipt printer: not what that printer takes
  if (!printer) return { error: receiptPrinter || documentPrinter ? 'UNSUPPORTED' : 'DEVICE_GONE' };
  const bytes = Buffer.from(job.dataBase64, 'base64');
  if (createHash('sha256').update(bytes).digest('hex') !== job.documentSha256) return { error: 'BAD_DATA' };
  if (job.format === 'pdf' && bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return { error: 'BAD_DATA' };
  try {
    for (let i = 0; i < job.copies; i++) {
      if ('print' in printer) await printer.print(bytes);
      else {
        const { queueJob } = await printer.printPdf(bytes, job.media ?? 'A4', `Daftaryar ${job.jobId}`);
        log?.('document printed', { jobId: job.jobId, printer: printer.device.id, queueJob, media: job.media ?? 'A4', bytes: bytes.length });
      }
    }
    return { error: null };
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    return { error: typeof code === 'string' && PRINTER_CODE.test(code) ? code : 'PRINTER_ERROR' };
  }
}

interface PayRecord {
  orderId: string;
  amountRials: number;
  startedAt: string;
  /** the outcome, once the terminal gave one */
  payment: AgentPayment | null;
}

/** The fsync'd record of every sale (and reversal) this workstation started, by order id. */
export class PayLedger {
  private readonly dir: string;
  /** sales running in this process, by order id: a second job for the same order waits for the first */
  readonly running = new Map<string, Promise<DeviceJobEnd>>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'pay');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(orderId: string): string {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(orderId)) throw new Error('not an order id');
    return path.join(this.dir, `${orderId}.json`);
  }

  get(orderId: string): PayRecord | null {
    try {
      const raw = JSON.parse(readFileSync(this.file(orderId), 'utf8')) as PayRecord;
      return { ...raw, payment: raw.payment === null ? null : agentPayment.parse(raw.payment) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** The terminal id on the last approval of a device, if one was seen. */
  terminalId(device: string): string | undefined {
    try {
      const ids = JSON.parse(readFileSync(path.join(this.dir, 'terminal-ids.json'), 'utf8')) as Record<string, unknown>;
      const id = ids[device];
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  }

  noteTerminalId(device: string, id: string): void {
    let ids: Record<string, unknown> = {};
    try {
      ids = JSON.parse(readFileSync(path.join(this.dir, 'terminal-ids.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      // first one
    }
    if (ids[device] === id) return;
    this.write(path.join(this.dir, 'terminal-ids.json'), JSON.stringify({ ...ids, [device]: id }));
  }

  /** Temporary file, fsync, rename, fsync of the folder: the record is there, whole, once this returns. */
  put(record: PayRecord): void {
    this.write(this.file(record.orderId), JSON.stringify(record));
  }

  private write(target: string, text: string): void {
    writeFileDurably(target, text);
  }
}

export async function runPay(job: Extract<AgentJob, { kind: 'pay' }>, devices: WorkstationDevices, ledger: PayLedger, now: () => Date = () => new Date()): Promise<DeviceJobEnd> {
  // the hub stopped waiting for a sale still at the terminal and the clerk tried again: this job
  // follows the one running (its recorded outcome, or an inquiry), never a sale beside it
  for (let running = ledger.running.get(job.reference); running; running = ledger.running.get(job.reference)) await running.catch(() => null);
  const mine = payOnce(job, devices, ledger, now);
  ledger.running.set(job.reference, mine);
  try {
    return await mine;
  } finally {
    if (ledger.running.get(job.reference) === mine) ledger.running.delete(job.reference);
  }
}

async function payOnce(job: Extract<AgentJob, { kind: 'pay' }>, devices: WorkstationDevices, ledger: PayLedger, now: () => Date): Promise<DeviceJobEnd> {
  const known = ledger.get(job.reference);
  // this order's outcome is known here: said again, the terminal untouched
  if (known?.payment) return { error: null, payment: known.payment };
  const terminal = devices.terminals.find((t) => t.device.id === job.device);
  if (!terminal) return { error: null, payment: { ok: false, code: 'PAYMENT_TERMINAL_UNREACHABLE', outcome: known ? 'unknown' : 'notCharged' } };
  if (known && known.amountRials !== job.amountRials) return { error: null, payment: { ok: false, code: 'PAYMENT_AMOUNT_MISMATCH', outcome: 'unknown' } };
  // a sale of this order started here and its end was never recorded: the terminal is asked first
  const inDoubt = job.inDoubt || known !== null;
  if (!known) ledger.put({ orderId: job.reference, amountRials: job.amountRials, startedAt: now().toISOString(), payment: null });
  let payment: AgentPayment;
  try {
    const adapter = terminal.open({ inDoubtOrderIds: inDoubt ? [job.reference] : [], terminalId: ledger.terminalId(job.device) });
    let approval;
    if (job.reverse) {
      // a reversal of a sale this terminal approved: the same records, under the reversal's own order id
      if (!adapter.reverse) return { error: null, payment: { ok: false, code: 'PAYMENT_TERMINAL_UNREACHABLE', outcome: known ? 'unknown' : 'notCharged' } };
      approval = await adapter.reverse({ amountRials: job.amountRials, orderId: job.reference, saleOrderId: job.reverse.saleOrderId, saleRrn: job.reverse.saleRrn });
    } else approval = await adapter.sale({ amountRials: job.amountRials, orderId: job.reference });
    payment = { ok: true, approval };
    ledger.noteTerminalId(job.device, approval.terminalId);
  } catch (err) {
    payment =
      err instanceof PaymentError
        ? { ok: false, code: err.code, outcome: err.outcome, ...(err.responseCode && /^[0-9A-Za-z]{1,8}$/.test(err.responseCode) ? { responseCode: err.responseCode } : {}) }
        : { ok: false, code: 'PAYMENT_IN_DOUBT', outcome: 'unknown' };
  }
  // an outcome that says nothing about the money is not kept: the next job for this order asks again
  if (payment.ok || payment.outcome !== 'unknown') ledger.put({ orderId: job.reference, amountRials: job.amountRials, startedAt: known?.startedAt ?? now().toISOString(), payment });
  return { error: null, payment };
}
