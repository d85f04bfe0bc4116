/**
 * The devices of this PC, as the agent reports them and reaches them (docs/WORKSTATIONS.md). Each
 * kind of device comes from a source (a driver of native/); an id is `<driver>:<the driver's own id>`,
 * unique on this PC. Scanners: SANE, network eSCL scanners (found by mDNS, or addresses given), a
 * Windows PC's TWAIN/WIA scanners through the Dynamic Web TWAIN service, watched folders.
 */
import {
  discoverEsclScanners,
  DWT_DEFAULT_SERVICE_URL,
  DwtDriver,
  EsclDriver,
  FolderDriver,
  manualScannerAddress,
  SaneDriver,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
} from '../../native/capture';
import type { AgentDevice } from '../../core/api/agent';
import { escPosOutput, QueuePrinter, type EscPosConnection } from '../../native/printing';
import { sadadTerminal } from '../../native/payment';
import type { WorkstationDevices, WorkstationDocumentPrinter, WorkstationPrinter, WorkstationTerminal } from './deviceJobs';

/** What the hub sends with a scan job that a driver needs (docs/WORKSTATIONS.md § The protocol). */
export interface ScanJobOptions {
  /** the office's Dynamic Web TWAIN licence key (an office setting on the hub) */
  dwtLicence?: string | undefined;
}

export interface ScannerSource {
  readonly driver: 'sane' | 'escl' | 'dwt' | 'folder';
  /** lists the devices and their capabilities */
  readonly scanner: ScannerDriver;
  /** the driver for one job, given what the hub sent with it (DWT: the licence key); `scanner` when absent */
  forJob?(options: ScanJobOptions): ScannerDriver;
}

export interface DeviceRegistry {
  /** what is there now; a source that fails lists nothing (and the others still do) */
  list(signal?: AbortSignal): Promise<AgentDevice[]>;
  /** the driver and its own id for one of the ids `list` gave, for a job with these options */
  scanner(id: string, options?: ScanJobOptions): { driver: ScannerDriver; nativeId: string } | null;
}

/** The reported capabilities, within the contract's bounds (at most 32 resolutions, 50–1200 dpi). */
function fit(caps: ScannerCapabilities): Pick<Extract<AgentDevice, { type: 'scanner' }>, 'sources' | 'colorModes' | 'resolutions'> {
  const resolutions = [...new Set(caps.resolutions.filter((r) => Number.isInteger(r) && r >= 50 && r <= 1200))];
  const common = [75, 100, 150, 200, 300, 400, 600, 1200].filter((r) => resolutions.includes(r));
  return { sources: [...new Set(caps.sources)], colorModes: [...new Set(caps.colorModes)], resolutions: resolutions.length <= 32 ? resolutions : common };
}

export function scannerRegistry(sources: readonly ScannerSource[]): DeviceRegistry {
  return {
    async list(signal) {
      const out: AgentDevice[] = [];
      for (const source of sources) {
        try {
          for (const d of await source.scanner.listDevices(signal)) {
            const caps = await source.scanner.capabilities(d.id, signal);
            out.push({ type: 'scanner', driver: source.driver, id: `${source.driver}:${d.id}`, label: (d.label || d.id).slice(0, 200), ...fit(caps) });
          }
        } catch {
          // a driver that is missing or fails lists nothing; the others still report
        }
      }
      return out;
    },
    scanner(id, options = {}) {
      const colon = id.indexOf(':');
      const source = sources.find((s) => s.driver === id.slice(0, colon));
      return source ? { driver: source.forJob?.(options) ?? source.scanner, nativeId: id.slice(colon + 1) } : null;
    },
  };
}

/** Network eSCL (AirScan) scanners: the addresses given, and those mDNS finds on the LAN unless `discover` is off. */
export function esclSource(options: { addresses?: readonly string[]; discover?: boolean; discoverMs?: number }): ScannerSource {
  const devices: ScannerDevice[] = (options.addresses ?? []).map((a) => {
    const id = manualScannerAddress(a);
    return { driver: 'escl', id, label: id };
  });
  const discover = options.discover === false ? undefined : (signal?: AbortSignal) => discoverEsclScanners({ timeoutMs: options.discoverMs ?? 3000, ...(signal ? { signal } : {}) });
  return { driver: 'escl', scanner: new EsclDriver({ devices, ...(discover ? { discover } : {}) }) };
}

/**
 * TWAIN and WIA scanners through the Dynamic Web TWAIN service on this PC (a Windows counter): listed
 * without a key; each scan job carries the office's licence key the hub sent with it.
 */
export function dwtSource(options: { serviceUrl?: string } = {}): ScannerSource {
  const serviceUrl = options.serviceUrl ?? DWT_DEFAULT_SERVICE_URL;
  return {
    driver: 'dwt',
    scanner: new DwtDriver({ serviceUrl }),
    forJob: ({ dwtLicence }) => new DwtDriver({ serviceUrl, ...(dwtLicence ? { licenceKey: dwtLicence } : {}) }),
  };
}

/**
 * This PC's scanners: SANE (`scanimage`), eSCL scanners on the LAN (mDNS, and `--escl` addresses), the
 * DWT service's TWAIN/WIA scanners (at its default address, or `--dwt-url`; nothing listed where the
 * service is not running), and the scan folders named on the command line.
 */
export function defaultRegistry(options: {
  tmpDir: string;
  folders?: readonly string[];
  folderIdleMs?: number;
  escl?: { addresses?: readonly string[]; discover?: boolean };
  dwt?: { serviceUrl?: string } | false;
}): DeviceRegistry {
  const sources: ScannerSource[] = [{ driver: 'sane', scanner: new SaneDriver({ tmpDir: options.tmpDir }) }, esclSource(options.escl ?? {})];
  if (options.dwt !== false) sources.push(dwtSource(options.dwt ?? {}));
  if (options.folders?.length) {
    sources.push({
      driver: 'folder',
      scanner: new FolderDriver({ folders: options.folders.map((p) => ({ path: p, label: p })), ...(options.folderIdleMs ? { idleEndMs: options.folderIdleMs } : {}) }),
    });
  }
  return scannerRegistry(sources);
}

// ---------- printers and card terminals named on the command line (print and pay jobs) ----------

/**
 * `--printer tcp:<host>:<port>` | `usb:<device path>` | `serial:<device path>` | `cups:<queue>[@<server>]` → an
 * ESC/POS printer through native/printing's escPosOutput; `--sadad <http://service>[@<terminal id>]` → a Sadad PC-POS.
 * Each is reported with an id `<driver>:<what was given>`.
 */
/** How long a document may take in the PC's queue, from `lp` to printed (a PDF goes through the queue's filters first). */
export const DOCUMENT_QUEUE_TIMEOUT_MS = 45_000;

/**
 * A document printer named on the command line: `cups:<queue>[@<server>]` (Linux) or
 * `windows:<printer name>` (a printer that reads PDF itself; native/printing/queuePrinter.ts).
 */
export function documentPrinter(spec: string, options: { timeoutMs?: number } = {}): WorkstationDocumentPrinter {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (colon < 0 || (kind !== 'cups' && kind !== 'windows')) throw new Error(`--document-printer ${spec}: cups:<queue>[@<server>] or windows:<printer name>`);
  const at = kind === 'cups' ? rest.indexOf('@') : -1;
  const q =
    kind === 'windows'
      ? new QueuePrinter({ queue: rest, platform: 'win32' })
      : new QueuePrinter({ queue: at > 0 ? rest.slice(0, at) : rest, ...(at > 0 ? { server: rest.slice(at + 1) } : {}), platform: 'linux' });
  const timeoutMs = options.timeoutMs ?? DOCUMENT_QUEUE_TIMEOUT_MS;
  return {
    device: { type: 'documentPrinter', driver: kind, id: `${kind}:${rest}`, label: q.address.slice(0, 200) },
    printPdf: async (pdf, media, title) => {
      const job = await q.printPdf(pdf, media, title);
      await q.waitForJob(job, timeoutMs);
      return { queueJob: job.id };
    },
  };
}

export function namedDevices(options: { printers?: readonly string[]; documentPrinters?: readonly string[]; sadad?: readonly string[] }): WorkstationDevices {
  const printers: WorkstationPrinter[] = (options.printers ?? []).map((spec) => {
    const colon = spec.indexOf(':');
    const kind = spec.slice(0, colon);
    const rest = spec.slice(colon + 1);
    const connection: EscPosConnection =
      kind === 'tcp'
        ? { kind: 'network', host: rest.slice(0, rest.lastIndexOf(':')), port: Number(rest.slice(rest.lastIndexOf(':') + 1)) }
        : kind === 'usb' || kind === 'serial'
          ? { kind, path: rest }
          : kind === 'cups'
            ? rest.includes('@')
              ? { kind: 'cups', queue: rest.slice(0, rest.indexOf('@')), server: rest.slice(rest.indexOf('@') + 1) }
              : { kind: 'cups', queue: rest }
            : (() => {
                throw new Error(`--printer ${spec}: tcp:, usb:, serial: or cups:`);
              })();
    const out = escPosOutput(connection);
    const driver = kind === 'tcp' ? 'escpos' : (kind as 'usb' | 'serial' | 'cups');
    return { device: { type: 'printer', driver, id: `${driver}:${rest}`, label: out.address.slice(0, 200) }, print: (job) => out.print(job) };
  });
  const terminals: WorkstationTerminal[] = (options.sadad ?? []).map((spec) => {
    // `<url>@<terminal id>`: the id printed on the terminal's receipts, for an approval found by inquiry
    const at = spec.lastIndexOf('@');
    const baseUrl = at > 0 ? spec.slice(0, at) : spec;
    const configured = at > 0 ? spec.slice(at + 1) : undefined;
    return {
      device: { type: 'terminal', driver: 'sadad', id: `sadad:${baseUrl}`, label: `Sadad PC-POS ${baseUrl}`.slice(0, 200) },
      open: ({ inDoubtOrderIds, terminalId }) => {
        const id = configured ?? terminalId;
        return sadadTerminal({ baseUrl, inDoubtOrderIds, ...(id ? { terminalId: id } : {}) });
      },
    };
  });
  return { printers, terminals, documentPrinters: (options.documentPrinters ?? []).map((spec) => documentPrinter(spec)) };
}
