import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CupsServer, cupsMissing, freePort } from '../../test/support/cupsServer';
import { startDwtSimulator } from '../../test/support/dwtSimulator';
import type { Spawner } from '../printing/command';
import { listLocalDevices, listLocalPrinters, localDevicesSchema } from './localDevices';

const tmp: string[] = [];
afterEach(() => {
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A /dev and /sys tree as a Linux workstation with a USB receipt printer and serial ports has. */
function fakeLinux(): { devDir: string; sysTtyDir: string; sysUsbmiscDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drv-devs-'));
  tmp.push(root);
  const dev = path.join(root, 'dev');
  const sys = path.join(root, 'sys', 'class', 'tty');
  const usbmisc = path.join(root, 'sys', 'class', 'usbmisc');
  fs.mkdirSync(path.join(dev, 'usb'), { recursive: true });
  fs.mkdirSync(path.join(dev, 'serial', 'by-id'), { recursive: true });
  for (const f of ['usb/lp0', 'usb/lp1', 'usb/hiddev0', 'ttyUSB0', 'ttyACM0', 'ttyS0', 'ttyS1', 'tty0']) fs.writeFileSync(path.join(dev, f), '');
  fs.symlinkSync('../../ttyUSB0', path.join(dev, 'serial', 'by-id', 'usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0'));
  for (const [n, type] of [['ttyS0', '4'], ['ttyS1', '0']] as const) {
    fs.mkdirSync(path.join(sys, n), { recursive: true });
    fs.writeFileSync(path.join(sys, n, 'type'), `${type}\n`);
  }
  fs.mkdirSync(path.join(usbmisc, 'lp0', 'device'), { recursive: true });
  fs.writeFileSync(path.join(usbmisc, 'lp0', 'device', 'ieee1284_id'), 'MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;CLS:PRINTER;\n');
  return { devDir: dev, sysTtyDir: sys, sysUsbmiscDir: usbmisc };
}

const noCups: Spawner = async () => ({ code: 1, stdout: '', stderr: 'lpstat: No destinations added.' });

describe('listLocalPrinters on Linux', () => {
  it('lists USB lp devices with their IEEE 1284 model, USB serial adapters by stable name, and only real ttyS ports', async () => {
    const { printers, problems } = await listLocalPrinters({ platform: 'linux', ...fakeLinux(), spawner: noCups, network: [{ host: '192.168.1.50', port: 9100 }] });
    expect(problems).toEqual([]);
    const dev = (p: string) => expect.stringMatching(new RegExp(`${p.replace(/[/.]/g, '\\$&')}$`));
    expect(printers).toEqual([
      { kind: 'usb', path: dev('/dev/usb/lp0'), label: 'EPSON TM-T20II' },
      { kind: 'usb', path: dev('/dev/usb/lp1'), label: 'USB printer lp1' },
      { kind: 'serial', path: dev('/dev/ttyACM0'), label: 'serial port ttyACM0' },
      { kind: 'serial', path: dev('/dev/ttyS0'), label: 'serial port ttyS0' },
      { kind: 'serial', path: dev('/dev/serial/by-id/usb-Prolific_Technology_Inc._USB-Serial_Controller-if00-port0'), label: 'Prolific_Technology_Inc._USB-Serial_Controller (ttyUSB0)' },
      { kind: 'network', host: '192.168.1.50', port: 9100, label: '192.168.1.50:9100' },
    ]);
  });

  it('a CUPS that is not there is a problem, not a failure', async () => {
    const { printers, problems } = await listLocalPrinters({ platform: 'linux', ...fakeLinux(), cupsServer: `127.0.0.1:${await freePort()}` });
    expect(printers.filter((p) => p.kind === 'cups')).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.source).toBe('cups');
  });
});

describe.skipIf(cupsMissing() !== null)('listLocalPrinters against a real cupsd', () => {
  let cups: CupsServer;
  beforeAll(async () => {
    cups = await CupsServer.start({ kiosk: 9 });
    cups.addPdfQueue('a4');
  }, 30_000);
  afterAll(async () => cups?.stop());

  it('lists the queues and their device URIs from lpstat -v', async () => {
    const { printers, problems } = await listLocalPrinters({ platform: 'linux', devDir: '/nonexistent', cupsServer: cups.server });
    expect(problems).toEqual([]);
    expect(printers).toEqual([
      { kind: 'cups', queue: 'a4', uri: `file:${path.join(cups.outDir, 'a4.out')}`, label: 'a4' },
      { kind: 'cups', queue: 'kiosk', uri: 'socket://127.0.0.1:9', label: 'kiosk' },
    ]);
  });
});

describe('listLocalPrinters on Windows (fake spawner)', () => {
  it('reads Get-Printer JSON, one printer or many', async () => {
    const many: Spawner = async () => ({ code: 0, stderr: '', stdout: '[{"Name":"POS-80","DriverName":"POS-80 Printer","PortName":"USB001"},{"Name":"HP A4","DriverName":null,"PortName":"IP_10.0.0.9"}]' });
    const r = await listLocalPrinters({ platform: 'win32', spawner: many });
    expect(r.printers).toEqual([
      { kind: 'windows', name: 'POS-80', port: 'USB001', driver: 'POS-80 Printer', label: 'POS-80' },
      { kind: 'windows', name: 'HP A4', port: 'IP_10.0.0.9', driver: '', label: 'HP A4' },
    ]);
    const one: Spawner = async () => ({ code: 0, stderr: '', stdout: '{"Name":"Only","DriverName":"d","PortName":"p"}' });
    expect((await listLocalPrinters({ platform: 'win32', spawner: one })).printers).toHaveLength(1);
    const junk: Spawner = async () => ({ code: 0, stderr: '', stdout: 'Get-Printer : The spooler service is not reachable' });
    const bad = await listLocalPrinters({ platform: 'win32', spawner: junk });
    expect(bad.printers).toEqual([]);
    expect(bad.problems[0]!.source).toBe('windows');
  });
});

describe('listLocalDevices', () => {
  it('printers and DWT scanners in one zod-checked answer', async () => {
    const sim = await startDwtSimulator({ scanners: [{ name: 'Fujitsu fi-7160', type: 0x40 }] });
    try {
      const all = await listLocalDevices({ platform: 'linux', ...fakeLinux(), spawner: noCups, escl: false, dwt: { serviceUrl: sim.url } });
      expect(localDevicesSchema.parse(all)).toEqual(all);
      expect(all.scanners).toEqual([{ driver: 'dwt', id: 'Fujitsu fi-7160', label: 'Fujitsu fi-7160' }]);
      expect(all.printers.length).toBeGreaterThan(0);
      expect(all.problems).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('a scanner source that fails is reported in problems with its code, and the rest still listed', async () => {
    const all = await listLocalDevices({
      platform: 'linux',
      ...fakeLinux(),
      spawner: noCups,
      dwt: { serviceUrl: `http://127.0.0.1:${await freePort()}/api` },
      // eSCL discovery on loopback, on a private port: nobody answers
      escl: { timeoutMs: 300, mdns: { interface: '127.0.0.1', port: await freePort(), bind: '0.0.0.0', loopback: true } },
    });
    expect(all.scanners).toEqual([]);
    expect(all.problems).toEqual([{ source: 'dwt', message: expect.stringMatching(/^DRIVER_MISSING: /) }]);
    expect(all.printers.some((p) => p.kind === 'usb')).toBe(true);
  });
});
