/**
 * A private CUPS scheduler for tests: the machine's own cupsd, run in the foreground with its whole
 * configuration in a temporary folder (ServerRoot, spool, cache, state, logs), listening only on
 * 127.0.0.1:<free port>. Run as root (CI), cupsd refuses `User root`, so filters and backends run as
 * `lp` (Debian's printing user); the folders they write are made writable for it. Only the root case
 * has been run. Policy: anything from 127.0.0.1
 * without authentication (it is a test scheduler nobody else can reach).
 *
 * Queues: `addRawQueue(name, port)` writes a raw queue whose device is socket://127.0.0.1:<port>
 * (a loopback printer the test runs), `addPdfQueue(name)` uses lpadmin with cups-filters' "Generic
 * PDF Printer" driver and a file: device (needs `FileDevice Yes`), whose output the test reads.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { freePort } from './ports';
import os from 'node:os';
import path from 'node:path';

export function cupsMissing(): string | null {
  for (const bin of ['cupsd', 'lp', 'lpstat', 'lpadmin']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    if (r.status !== 0) return `${bin} is not installed (apt-get install cups cups-client cups-bsd)`;
  }
  if (!fs.existsSync('/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd')) return "cups-filters' Generic PDF Printer PPD is missing (apt-get install cups-filters)";
  return null;
}

export { freePort };

export class CupsServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** host:port for `lp -h` */
  get server(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** where file: queues write */
  get outDir(): string {
    return path.join(this.dir, 'out');
  }

  static async start(rawQueues: Record<string, number> = {}): Promise<CupsServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drv-cups-'));
    fs.chmodSync(dir, 0o755);
    for (const d of ['etc', 'spool', 'cache', 'state', 'log', 'tmp', 'out']) fs.mkdirSync(path.join(dir, d));
    fs.chmodSync(path.join(dir, 'out'), 0o777);
    const c = new CupsServer(dir, await freePort());
    fs.writeFileSync(
      path.join(dir, 'etc', 'cups-files.conf'),
      [
        `ServerRoot ${dir}/etc`,
        `RequestRoot ${dir}/spool`,
        `CacheDir ${dir}/cache`,
        `StateDir ${dir}/state`,
        `TempDir ${dir}/tmp`,
        `AccessLog ${dir}/log/access_log`,
        `ErrorLog ${dir}/log/error_log`,
        `PageLog ${dir}/log/page_log`,
        `Printcap ${dir}/printcap`,
        'FileDevice Yes',
        // as root cupsd must hand filters and backends to an unprivileged user; as anyone else it runs them as that user
        ...(process.getuid?.() === 0 ? ['User lp', 'Group lp', 'SystemGroup root'] : []),
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'etc', 'cupsd.conf'),
      [
        'LogLevel warn',
        `Listen 127.0.0.1:${c.port}`,
        'Browsing No',
        'WebInterface No',
        'DefaultAuthType None',
        '<Location />',
        '  Order allow,deny',
        '  Allow from 127.0.0.1',
        '</Location>',
        '<Policy default>',
        // the tests read a job's title back (ipptool Get-Jobs) without being its owner
        '  JobPrivateValues none',
        '  <Limit All>',
        '    Order deny,allow',
        '  </Limit>',
        '</Policy>',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'etc', 'printers.conf'),
      Object.entries(rawQueues)
        .map(([name, port]) => `<Printer ${name}>\nInfo ${name}\nDeviceURI socket://127.0.0.1:${port}\nState Idle\nAccepting Yes\nShared No\n</Printer>\n`)
        .join(''),
    );
    c.child = spawn('cupsd', ['-f', '-c', path.join(dir, 'etc', 'cupsd.conf'), '-s', path.join(dir, 'etc', 'cups-files.conf')], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = spawnSync('lpstat', ['-h', c.server, '-r'], { encoding: 'utf8' });
      if (r.stdout.includes('scheduler is running')) break;
      if (Date.now() > deadline || c.child.exitCode !== null) {
        const log = fs.existsSync(path.join(dir, 'log', 'error_log')) ? fs.readFileSync(path.join(dir, 'log', 'error_log'), 'utf8') : '';
        await c.stop();
        throw new Error(`cupsd did not start: ${log}`);
      }
      await new Promise((r2) => setTimeout(r2, 100));
    }
    return c;
  }

  /** A normal queue with cups-filters' Generic PDF Printer driver, writing to out/<name>.out. */
  addPdfQueue(name: string): string {
    const out = path.join(this.outDir, `${name}.out`);
    const r = spawnSync('lpadmin', ['-h', this.server, '-p', name, '-v', `file:${out}`, '-m', 'lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd', '-E'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`lpadmin failed: ${r.stderr}`);
    return out;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A raw-socket printer on 127.0.0.1: keeps the bytes of each connection (what CUPS's socket backend sends). */
export class LoopbackPrinter {
  readonly jobs: Buffer[] = [];
  private server: net.Server | undefined;
  port = 0;

  async start(): Promise<this> {
    this.server = net.createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => {
        this.jobs.push(Buffer.concat(chunks));
        socket.end();
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async waitForJobs(n: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.jobs.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise((r) => s.close(r));
  }
}
