/**
 * The devices of this PC, as the agent reports them and reaches them (docs/WORKSTATIONS.md). Each
 * kind of device comes from a source (a driver of native/); an id is `<driver>:<the driver's own id>`,
 * unique on this PC. Pluggable: printers and the card terminal join as further sources.
 */
import { FolderDriver, SaneDriver, type ScannerCapabilities, type ScannerDriver } from '../../native/capture';
import type { AgentDevice } from '../../core/api/agent';
import { escPosOutput, type EscPosConnection } from '../../native/printing';
import { sadadTerminal } from '../../native/payment';
import type { WorkstationDevices, WorkstationPrinter, WorkstationTerminal } from './deviceJobs';

export interface ScannerSource {
  readonly driver: 'sane' | 'escl' | 'dwt' | 'folder';
  readonly scanner: ScannerDriver;
}

export interface DeviceRegistry {
  /** what is there now; a source that fails lists nothing (and the others still do) */
  list(signal?: AbortSignal): Promise<AgentDevice[]>;
  /** the driver and its own id for one of the ids `list` gave */
  scanner(id: string): { driver: ScannerDriver; nativeId: string } | null;
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
    scanner(id) {
      const colon = id.indexOf(':');
      const source = sources.find((s) => s.driver === id.slice(0, colon));
      return source ? { driver: source.scanner, nativeId: id.slice(colon + 1) } : null;
    },
  };
}

/** This PC's scanners: SANE (`scanimage`), and the scan folders named on the command line. */
export function defaultRegistry(options: { tmpDir: string; folders?: readonly string[]; folderIdleMs?: number }): DeviceRegistry {
  const sources: ScannerSource[] = [{ driver: 'sane', scanner: new SaneDriver({ tmpDir: options.tmpDir }) }];
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
export function namedDevices(options: { printers?: readonly string[]; sadad?: readonly string[] }): WorkstationDevices {
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
  return { printers, terminals };
}
