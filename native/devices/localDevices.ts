/**
 * What is plugged into (or configured for) THIS PC, per kind, for the workstation's device agent to
 * report to the hub: printers (USB lp devices, serial ports, CUPS queues or Windows printers, the
 * network printers the office configured) and scanners (eSCL found by mDNS, Dynamic Web TWAIN's
 * TWAIN/WIA sources, and SANE's when a driver is given). One source failing never fails the list: it
 * becomes a `problems` entry (e.g. "the Dynamic Web TWAIN Service is not installed"). The result is
 * zod-checked (`localDevicesSchema`) before it leaves, as it crosses to the hub.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { discoverEsclScanners, DwtDriver, ScannerError, type DiscoverOptions, type DwtDriverOptions, type ScannerDriver } from '../capture';
import { run, type Spawner } from '../printing/command';

const text = (max: number) => z.string().min(1).max(max);

export const localPrinterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('usb'), path: text(200), label: text(200) }).strict(),
  z.object({ kind: z.literal('serial'), path: text(300), label: text(300) }).strict(),
  z.object({ kind: z.literal('cups'), queue: text(127), uri: text(500), label: text(200) }).strict(),
  z.object({ kind: z.literal('windows'), name: text(220), port: z.string().max(220), driver: z.string().max(220), label: text(220) }).strict(),
  z.object({ kind: z.literal('network'), host: text(253), port: z.number().int().min(1).max(65535), label: text(200) }).strict(),
]);
export type LocalPrinter = z.infer<typeof localPrinterSchema>;

export const localScannerSchema = z
  .object({ driver: z.enum(['sane', 'escl', 'dwt']), id: text(500), label: text(200) })
  .strict();

export const deviceProblemSchema = z.object({ source: z.enum(['usb', 'serial', 'cups', 'windows', 'escl', 'dwt', 'sane']), message: text(500) }).strict();
export type DeviceProblem = z.infer<typeof deviceProblemSchema>;

export const localDevicesSchema = z
  .object({
    printers: z.array(localPrinterSchema).max(500),
    scanners: z.array(localScannerSchema).max(500),
    problems: z.array(deviceProblemSchema).max(50),
  })
  .strict();
export type LocalDevices = z.infer<typeof localDevicesSchema>;

export interface ListPrintersOptions {
  readonly platform?: 'linux' | 'win32';
  /** where device files are (default /dev) and the tty class in sysfs (default /sys/class/tty); tests pass their own trees */
  readonly devDir?: string;
  readonly sysTtyDir?: string;
  readonly sysUsbmiscDir?: string;
  /** host:port of the CUPS scheduler (default: the client's own) */
  readonly cupsServer?: string;
  /** network printers from the office's settings */
  readonly network?: readonly { host: string; port: number; label?: string }[];
  readonly spawner?: Spawner;
  readonly timeoutMs?: number;
}

export async function listLocalPrinters(options: ListPrintersOptions = {}): Promise<{ printers: LocalPrinter[]; problems: DeviceProblem[] }> {
  const platform = options.platform ?? (process.platform === 'win32' ? 'win32' : 'linux');
  const problems: DeviceProblem[] = [];
  const printers: LocalPrinter[] = [];
  if (platform === 'win32') printers.push(...(await windowsPrinters(options, problems)));
  else {
    printers.push(...(await usbPrinters(options)));
    printers.push(...(await serialPorts(options)));
    printers.push(...(await cupsQueues(options, problems)));
  }
  for (const n of options.network ?? []) printers.push({ kind: 'network', host: n.host, port: n.port, label: n.label ?? `${n.host}:${n.port}` });
  return { printers, problems };
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return [];
  }
}

async function readSmall(file: string): Promise<string | undefined> {
  try {
    return (await fsp.readFile(file, 'utf8')).slice(0, 4096).trim();
  } catch {
    return undefined;
  }
}

/** /dev/usb/lpN (usblp); the label from the printer's IEEE 1284 id (MFG, MDL) when sysfs has it. */
async function usbPrinters(o: ListPrintersOptions): Promise<LocalPrinter[]> {
  const dev = o.devDir ?? '/dev';
  const out: LocalPrinter[] = [];
  for (const name of await names(path.join(dev, 'usb'))) {
    if (!/^lp\d+$/.test(name)) continue;
    const id = await readSmall(path.join(o.sysUsbmiscDir ?? '/sys/class/usbmisc', name, 'device', 'ieee1284_id'));
    const field = (k: string) => id?.match(new RegExp(`(?:^|;)(?:${k}):([^;]+)`))?.[1]?.trim();
    const model = [field('MFG|MANUFACTURER'), field('MDL|MODEL')].filter(Boolean).join(' ');
    out.push({ kind: 'usb', path: path.join(dev, 'usb', name), label: model || `USB printer ${name}` });
  }
  return out;
}

/**
 * USB serial adapters (ttyUSB*, ttyACM*, also by their stable /dev/serial/by-id names) and the
 * built-in ports that have a UART behind them (sysfs `type` not 0: the kernel makes ttyS0…31 for
 * every possible port, most with nothing there).
 */
async function serialPorts(o: ListPrintersOptions): Promise<LocalPrinter[]> {
  const dev = o.devDir ?? '/dev';
  const sys = o.sysTtyDir ?? '/sys/class/tty';
  const out: LocalPrinter[] = [];
  const byId = new Map<string, string>();
  for (const link of await names(path.join(dev, 'serial', 'by-id'))) {
    try {
      const target = path.basename(await fsp.readlink(path.join(dev, 'serial', 'by-id', link)));
      byId.set(target, link);
    } catch {
      // not a link: ignore
    }
  }
  for (const name of await names(dev)) {
    if (/^tty(USB|ACM)\d+$/.test(name)) {
      const stable = byId.get(name);
      out.push({
        kind: 'serial',
        path: stable ? path.join(dev, 'serial', 'by-id', stable) : path.join(dev, name),
        label: stable ? `${stable.replace(/^usb-/, '').replace(/-if\d+(-port\d+)?$/, '')} (${name})` : `serial port ${name}`,
      });
    } else if (/^ttyS\d+$/.test(name)) {
      const type = await readSmall(path.join(sys, name, 'type'));
      if (type !== undefined && type !== '0') out.push({ kind: 'serial', path: path.join(dev, name), label: `serial port ${name}` });
    }
  }
  return out;
}

/** `lpstat -v`: "device for <queue>: <uri>" per queue (C locale). */
async function cupsQueues(o: ListPrintersOptions, problems: DeviceProblem[]): Promise<LocalPrinter[]> {
  const spawn = o.spawner ?? run;
  const r = await spawn('lpstat', [...(o.cupsServer ? ['-h', o.cupsServer] : []), '-v'], o.timeoutMs ?? 5000, undefined, { ...process.env, LANG: 'C', LC_ALL: 'C' });
  if (r.code !== 0) {
    const t = (r.stderr || r.stdout).trim();
    if (/No destinations added/i.test(t)) return [];
    problems.push({ source: 'cups', message: (r.code === -1 && /ENOENT/.test(t) ? 'the CUPS client (lpstat) is not installed' : t || `lpstat exited with ${r.code}`).slice(0, 500) });
    return [];
  }
  const out: LocalPrinter[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^device for ([^:\s]+):\s*(\S+)\s*$/.exec(line);
    if (!m) continue;
    // lpstat prints a file: device as its bare path
    const uri = m[2]!.startsWith('/') ? `file:${m[2]}` : m[2]!;
    out.push({ kind: 'cups', queue: m[1]!, uri, label: m[1]! });
  }
  return out;
}

const windowsPrinterSchema = z.object({ Name: z.string().min(1).max(220), DriverName: z.string().max(220).nullish(), PortName: z.string().max(220).nullish() });

async function windowsPrinters(o: ListPrintersOptions, problems: DeviceProblem[]): Promise<LocalPrinter[]> {
  const spawn = o.spawner ?? run;
  const r = await spawn(
    'powershell.exe',
    ['-NoProfile', '-NonInteractive', '-Command', 'Get-Printer | Select-Object Name,DriverName,PortName | ConvertTo-Json -Compress'],
    o.timeoutMs ?? 10_000,
  );
  if (r.code !== 0) {
    problems.push({ source: 'windows', message: `Get-Printer failed: ${(r.stderr || r.stdout).trim() || r.code}`.slice(0, 500) });
    return [];
  }
  if (!r.stdout.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(r.stdout);
  } catch {
    problems.push({ source: 'windows', message: 'Get-Printer did not answer JSON' });
    return [];
  }
  const parsed = z.array(windowsPrinterSchema).max(500).safeParse(Array.isArray(value) ? value : [value]);
  if (!parsed.success) {
    problems.push({ source: 'windows', message: 'Get-Printer answered an unexpected shape' });
    return [];
  }
  return parsed.data.map((p) => ({ kind: 'windows' as const, name: p.Name, port: p.PortName ?? '', driver: p.DriverName ?? '', label: p.Name }));
}

export interface ListDevicesOptions extends ListPrintersOptions {
  /** eSCL discovery over mDNS: its listening time (default 3 s), or false to skip */
  readonly escl?: { timeoutMs?: number; mdns?: DiscoverOptions['mdns'] } | false;
  /** Dynamic Web TWAIN: its options, or false to skip (default: asked on Windows only) */
  readonly dwt?: DwtDriverOptions | false;
  /** a SANE driver to ask too (Linux workstations) */
  readonly sane?: ScannerDriver;
  readonly signal?: AbortSignal;
}

/** Everything this workstation has, in one call; sources are asked at the same time. */
export async function listLocalDevices(options: ListDevicesOptions = {}): Promise<LocalDevices> {
  const platform = options.platform ?? (process.platform === 'win32' ? 'win32' : 'linux');
  const problems: DeviceProblem[] = [];
  const scannerProblem = (source: 'escl' | 'dwt' | 'sane') => (err: unknown) => {
    const code = err instanceof ScannerError ? err.code : 'ERROR';
    problems.push({ source, message: `${code}: ${(err as Error).message}`.slice(0, 500) });
    return [];
  };
  const escl = options.escl === false ? Promise.resolve([]) : discoverEsclScanners({ timeoutMs: options.escl?.timeoutMs ?? 3000, ...(options.escl?.mdns ? { mdns: options.escl.mdns } : {}), ...(options.signal ? { signal: options.signal } : {}) }).catch(scannerProblem('escl'));
  const dwtOptions = options.dwt === undefined ? (platform === 'win32' ? {} : false) : options.dwt;
  const dwt = dwtOptions === false ? Promise.resolve([]) : new DwtDriver(dwtOptions).listDevices(options.signal).catch(scannerProblem('dwt'));
  const sane = options.sane ? options.sane.listDevices(options.signal).catch(scannerProblem('sane')) : Promise.resolve([]);
  const [printers, ...scanners] = await Promise.all([listLocalPrinters(options), escl, dwt, sane]);
  problems.unshift(...printers.problems);
  return localDevicesSchema.parse({
    printers: printers.printers,
    scanners: scanners.flat().map((s) => ({ driver: s.driver, id: s.id, label: s.label })),
    problems,
  });
}
