/**
 * The device agent of a workstation (docs/WORKSTATIONS.md): keeps a connection to the hub as this
 * paired device (reconnecting with capped backoff), reports the devices it found (`agent.hello`),
 * runs the jobs the hub routes to it, and sends each scanned page to the hub from the spool, in order,
 * until the hub confirms it.
 *
 * Scanning and sending are apart: the scanner fills the spool as fast as it delivers (a LAN cut does
 * not stop the feeder); the sender empties it as the hub confirms. After a reconnection the hub says
 * which page it expects next; pages it already holds are dropped, the rest resent, the job ended.
 */
import { createHash } from 'node:crypto';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import sharp from 'sharp';
import { previewOfPage } from '../../native/image/preview';
import { AGENT_PAGE_HEADERS, AGENT_PAGE_PATH, MAX_AGENT_PAGE_PIXELS, agentEvents, agentJob, agentPageAnswer, type AgentJob, type AgentPageAnswer } from '../../core/api/agent';
import { CONTRACT_VERSION as contractVersion } from '../../core/api/version';
import { connectPinned, pinnedTls, PairingError, type HubConnection, type PairedHub } from '../../native/lan/hubClient';
import { hubToFollow, learnWhere, loadWhere } from '../follow';
import { ScannerError, type RawPage } from '../../native/capture/types';
import type { DeviceRegistry } from './devices';
import { Spool, type SpooledPage } from './spool';
import { listed, PayLedger, runPay, runPrint, type WorkstationDevices } from './deviceJobs';

export interface AgentLog {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
}

export interface AgentOptions {
  hub: PairedHub;
  dataDir: string;
  registry: DeviceRegistry;
  agentVersion: string;
  log: AgentLog;
  /** reconnect backoff (ms): first wait, and the cap it doubles up to */
  backoff?: { firstMs: number; maxMs: number };
  /** how long one page's PUT may take before it is tried again */
  pageTimeoutMs?: number;
  /** this PC's printers and card terminals, for print and pay jobs (deviceJobs.ts) */
  devices?: WorkstationDevices;
  /** the office moved to a promoted standby (workstation/follow.ts): keep its address (the settings) */
  onHubMoved?: (hub: PairedHub) => void;
}

/** The job as the spool keeps it: the licence key the hub sent is used for the scan, never written to disk. */
function unkeyed(job: Extract<AgentJob, { kind: 'scan' }>): AgentJob {
  const { dwtLicence: _key, ...kept } = job;
  return kept;
}

/** Why the agent stopped for good (it retries everything else). */
export class AgentStopped extends Error {
  constructor(
    readonly code: 'DEVICE_REVOKED' | 'DEVICE_NOT_PAIRED' | 'CONTRACT_VERSION_MISMATCH' | 'AGENT_NOT_ALLOWED',
    message: string,
  ) {
    super(message);
    this.name = 'AgentStopped';
  }
}

/** how often the agent checks that the hub still answers on its connection, and how long it waits */
const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;
/** pages on their way to the hub at once (the hub's AGENT_PAGE_WINDOW is the most it takes) */
const SEND_WINDOW = 2;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * A page as it goes to the hub: raw PNM is made PNG (lossless, a fraction of the size); JPEG and PNG go
 * as they came. With it its thumbnail and view: the driver's (the folder driver makes them in its
 * truncation check), or made here in one decode; a page they cannot be made of goes without them (the
 * hub then processes it whole before showing it, or refuses it).
 */
async function compact(page: RawPage, log: AgentLog): Promise<SpooledPage> {
  let preview = page.preview;
  if (!preview) {
    try {
      preview = await previewOfPage(page, MAX_AGENT_PAGE_PIXELS);
    } catch (err) {
      log.warn('no thumbnail could be made of a page; it goes without', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  if (page.mime === 'image/png' || page.mime === 'image/jpeg') return { data: page.data, mime: page.mime, dpi: page.dpi, preview };
  const png = await sharp(page.data).png({ compressionLevel: 3 }).toBuffer();
  return { data: png, mime: 'image/png', dpi: page.dpi, preview };
}

export class DeviceAgent {
  private readonly spool: Spool;
  private readonly payLedger: PayLedger;
  private httpsAgent: HttpsAgent;
  private base: URL;
  /** the office's hub: the paired one, or the standby promoted since */
  private hub: PairedHub;
  private connection: HubConnection | null = null;
  /** jobs this process is working on (scanning or sending), by id */
  private readonly active = new Map<string, { scan: AbortController | null; sending: Promise<void> | null }>();
  private wake: (() => void) | null = null;
  /** print and pay jobs this process already ran (a job heard of twice never prints or charges twice) */
  private readonly finished = new Set<string>();
  private stopped = false;

  constructor(private readonly options: AgentOptions) {
    this.spool = Spool.open(options.dataDir);
    this.payLedger = new PayLedger(options.dataDir);
    this.hub = options.hub;
    this.httpsAgent = new HttpsAgent({ ...pinnedTls(options.hub), keepAlive: true, maxSockets: SEND_WINDOW });
    this.base = new URL(`https://${new URL(options.hub.url).host}`);
  }

  /**
   * The hub is unreachable: a promoted standby is followed for good (workstation/follow.ts) — the one
   * a window of this PC followed first, by the settings it rewrote (it also raised the epoch known,
   * so asking the standby again would learn nothing new), else the standby itself.
   */
  private async followStandby(): Promise<boolean> {
    const next = await hubToFollow(this.hub, this.options.dataDir);
    if (!next) return false;
    this.hub = next;
    this.httpsAgent.destroy();
    this.httpsAgent = new HttpsAgent({ ...pinnedTls(next), keepAlive: true, maxSockets: SEND_WINDOW });
    this.base = new URL(`https://${new URL(next.url).host}`);
    this.options.onHubMoved?.(next);
    // the epoch it serves under, as the move learned it (the window's or this agent's)
    this.options.log.info('followed the promoted standby', { url: next.url, epoch: loadWhere(this.options.dataDir)?.epoch ?? null });
    return true;
  }

  /** Runs until `signal` aborts or the hub refuses this workstation for good (AgentStopped). */
  async run(signal: AbortSignal): Promise<void> {
    const { firstMs, maxMs } = this.options.backoff ?? { firstMs: 500, maxMs: 10_000 };
    let wait = firstMs;
    signal.addEventListener('abort', () => {
      this.stopped = true;
      this.connection?.close();
      for (const a of this.active.values()) a.scan?.abort();
      this.wake?.();
    });
    // what a previous run left in the spool goes out first
    for (const spooled of await this.spool.jobs()) this.take(spooled.job, true);
    while (!signal.aborted) {
      try {
        const conn = await connectPinned(this.hub, { timeoutMs: 10_000 });
        this.connection = conn;
        wait = firstMs;
        // where the standby would serve, and this hub's epoch: kept for the day the hub PC dies
        await learnWhere(conn, this.options.dataDir).catch(() => null);
        await this.session(conn);
        // a hub that vanished without closing (power cut, cable pulled) is noticed by a call that goes unanswered
        const heartbeat = setInterval(() => {
          // a standby named (or moved) since the connection began is learned here
          void learnWhere(conn, this.options.dataDir).catch(() => null);
          void this.answered(conn.call('health', {}), HEARTBEAT_TIMEOUT_MS).then((res) => {
            if (res === null) {
              this.options.log.warn('the hub stopped answering; reconnecting');
              conn.close();
            }
          });
        }, HEARTBEAT_MS);
        const code = await conn.closed.finally(() => clearInterval(heartbeat));
        this.connection = null;
        if (code === 4403) throw new AgentStopped('DEVICE_REVOKED', 'the manager revoked this workstation');
        this.options.log.warn('connection to the hub closed', { code });
      } catch (err) {
        this.connection = null;
        if (err instanceof AgentStopped) throw err;
        if (err instanceof PairingError && (err.code === 'DEVICE_REVOKED' || err.code === 'DEVICE_NOT_PAIRED')) throw new AgentStopped(err.code, err.message);
        this.options.log.warn('hub not reachable', { error: err instanceof Error ? err.message : String(err), retryInMs: wait });
      }
      if (signal.aborted) break;
      // the hub is gone or superseded: a standby promoted meanwhile is the office now
      if (await this.followStandby().catch(() => false)) {
        wait = firstMs;
        continue;
      }
      await sleep(wait, signal);
      wait = Math.min(maxMs, wait * 2);
    }
  }

  /** One connection: hello, the open jobs, the job events. */
  private async session(conn: HubConnection): Promise<void> {
    const devices = [...(await this.options.registry.list(AbortSignal.timeout(20_000))), ...(this.options.devices ? listed(this.options.devices) : [])];
    const hello = await conn.call('agent.hello', { contractVersion, agentVersion: this.options.agentVersion, devices });
    if (!hello.ok) {
      conn.close();
      if (hello.error.code === 'CONTRACT_VERSION_MISMATCH') throw new AgentStopped('CONTRACT_VERSION_MISMATCH', hello.error.message);
      if (hello.error.code === 'AGENT_NOT_ALLOWED') throw new AgentStopped('AGENT_NOT_ALLOWED', hello.error.message);
      throw new Error(`hello refused: ${hello.error.code}`);
    }
    const out = hello.output as { jobs: unknown[] };
    this.options.log.info('connected to the hub', { devices: devices.length, openJobs: out.jobs.length });
    const payload = agentEvents['agent.job'].payload;
    conn.onEvent((event, raw) => {
      if (event !== 'agent.job') return;
      const parsed = payload.safeParse(raw);
      if (!parsed.success) return this.options.log.warn('a malformed job from the hub was ignored');
      if (parsed.data.cancel) this.active.get(parsed.data.cancel)?.scan?.abort();
      if (parsed.data.job) this.take(parsed.data.job, false);
    });
    for (const job of out.jobs) {
      const parsed = agentJob.safeParse(job);
      if (parsed.success) this.take(parsed.data, false);
    }
    const sub = await conn.subscribe('agent.job');
    if (!sub.ok) throw new Error(`subscription refused: ${sub.error.code}`);
    // senders waiting for the link try again now
    this.wake?.();
  }

  /** A job from the hub (or from the spool at start): run it once, whatever how often it is heard of. */
  private take(job: AgentJob, fromSpool: boolean): void {
    if (this.active.has(job.jobId) || this.finished.has(job.jobId)) return;
    const entry: { scan: AbortController | null; sending: Promise<void> | null } = { scan: null, sending: null };
    this.active.set(job.jobId, entry);
    void this.runJob(job, fromSpool, entry)
      .catch((err: unknown) => this.options.log.warn('a job failed on this workstation', { jobId: job.jobId, error: err instanceof Error ? err.message : String(err) }))
      .finally(() => this.active.delete(job.jobId));
  }

  private async runJob(job: AgentJob, fromSpool: boolean, entry: { scan: AbortController | null }): Promise<void> {
    if (job.kind !== 'scan') {
      // print and pay: on this PC's own printer or card terminal (deviceJobs.ts), the outcome to the hub
      const devices = this.options.devices;
      const end = !devices ? { error: 'UNSUPPORTED' } : job.kind === 'print' ? await runPrint(job, devices, (m, d) => this.options.log.info(m, d)) : await runPay(job, devices, this.payLedger);
      this.finished.add(job.jobId);
      await this.callUntilAnswered('agent.jobDone', { jobId: job.jobId, pages: 0, ...end });
      return;
    }
    let spooled = await this.spool.job(job.jobId);
    if (!spooled) {
      if (fromSpool) return;
      if (job.nextSeq > 0) {
        // the hub holds pages of a job this PC no longer has: end it with what the hub has
        await this.callUntilAnswered('agent.jobDone', { jobId: job.jobId, pages: job.nextSeq, error: 'DEVICE_GONE' });
        return;
      }
      await this.spool.saveJob(unkeyed(job), null);
      spooled = { job, ended: null };
    }
    let ended = spooled.ended;
    const sending = this.send(job.jobId, () => ended);
    if (ended === null) {
      const held = await this.spool.pages(job.jobId);
      let end: { pages: number; error: string | null };
      if (held.length > 0 || fromSpool) {
        // a scan this agent was running when it stopped: its pages go, the job ends with them
        const pages = Math.max(job.nextSeq, held.length ? held[held.length - 1]! + 1 : 0);
        end = { pages, error: 'DEVICE_GONE' };
      } else {
        entry.scan = new AbortController();
        end = await this.scan(job, entry.scan.signal);
      }
      await this.spool.saveJob(unkeyed(job), end);
      // the sender learns of the end only once it is on disk: it then ends the job and drops its folder,
      // which a write of job.json still under way would make again
      ended = end;
      this.wake?.();
    }
    if ((await sending) === 'refused') await this.spool.dropJob(job.jobId);
  }

  /** Scans into the spool; returns how the scan ended. */
  private async scan(job: Extract<AgentJob, { kind: 'scan' }>, signal: AbortSignal): Promise<{ pages: number; error: string | null }> {
    const device = this.options.registry.scanner(job.device, { dwtLicence: job.dwtLicence });
    if (!device) return { pages: 0, error: 'DEVICE_NOT_FOUND' };
    let seq = 0;
    try {
      for await (const raw of device.driver.scan(device.nativeId, job.settings, signal)) {
        const scannedAt = new Date().toISOString();
        const written = this.spool.putPage(job.jobId, seq, await compact(raw, this.options.log));
        // the sender may take it while it is written; the scanner's next page waits until it is on disk
        this.wake?.();
        await written;
        this.options.log.info('page spooled', { jobId: job.jobId, seq, scannedAt });
        seq++;
        this.wake?.();
        if (job.firstOnly) break;
      }
      return { pages: seq, error: signal.aborted ? 'CANCELLED' : null };
    } catch (err) {
      const code = signal.aborted ? 'CANCELLED' : err instanceof ScannerError ? err.code : 'BAD_DATA';
      this.options.log.warn('scan ended with an error', { jobId: job.jobId, code, pages: seq });
      return { pages: seq, error: code };
    } finally {
      await device.driver.release?.().catch(() => undefined);
    }
  }

  /**
   * Sends the job's pages until the scan has ended and the hub holds them all; then ends the job. Up
   * to SEND_WINDOW pages are on their way at once (the hub processes them together and commits them
   * in order); answers are taken in page order.
   */
  private async send(jobId: string, ended: () => { pages: number; error: string | null } | null): Promise<'refused' | undefined> {
    let next = 0;
    const inflight = new Map<number, Promise<AgentPageAnswer | null>>();
    const put = (seq: number) => inflight.set(seq, this.putPage(jobId, seq).catch(() => null));
    for (;;) {
      if (this.stopped) return undefined;
      const held = await this.spool.pages(jobId);
      for (const s of held) if (inflight.size < SEND_WINDOW && s >= next && s < next + SEND_WINDOW && !inflight.has(s)) put(s);
      if (inflight.size === 0) {
        const first = held.find((s) => s >= next);
        const end = ended();
        if (first === undefined) {
          if (end && next >= end.pages) break;
          if (end && held.length === 0 && next < end.pages) {
            // the hub holds them (confirmed before a restart of this agent): its answer to jobDone says so
            next = end.pages;
            continue;
          }
          await this.idle(1000);
          continue;
        }
        // the pages before it were confirmed before this agent restarted
        put(first);
      }
      const seq = Math.min(...inflight.keys());
      const answer = await inflight.get(seq)!;
      inflight.delete(seq);
      if (answer === null) {
        await this.idle(1000);
        continue;
      }
      if (answer.ok) {
        await this.spool.dropPage(jobId, seq);
        this.options.log.info('page confirmed', { jobId, seq, duplicate: answer.duplicate });
        next = Math.max(next, seq + 1);
        continue;
      }
      if (answer.code === 'AGENT_PAGE_OUT_OF_ORDER' && answer.nextSeq !== undefined) {
        // the hub holds everything before nextSeq: those copies go
        for (const s of held) if (s < answer.nextSeq && !inflight.has(s)) await this.spool.dropPage(jobId, s);
        if (answer.nextSeq < seq && !held.includes(answer.nextSeq) && !inflight.has(answer.nextSeq)) {
          this.options.log.warn('the hub misses pages this workstation no longer has', { jobId, expected: answer.nextSeq, have: seq });
          break;
        }
        // an earlier page is still on its way (this one waited its turn in vain), or the hub is ahead
        next = answer.nextSeq;
        continue;
      }
      if (answer.code === 'AGENT_JOB_UNKNOWN') {
        this.options.log.warn('the hub no longer takes pages for this job', { jobId });
        await Promise.all(inflight.values());
        await this.spool.dropJob(jobId);
        return undefined;
      }
      if (answer.code === 'AGENT_PAGE_REFUSED') {
        // refused for good (over the limits, not an image, damaged in the spool): sending it again cannot
        // help, and the hub takes no page after it. The scan stops, the page and those after it leave the
        // spool, and the job ends with the pages the hub holds (the hub audits the refusal; this is the
        // workstation's own line of it).
        this.options.log.warn('a page the hub refused for good was removed from the spool; the job ends with the pages before it', { jobId, seq, code: answer.code, reason: answer.message, pagesKept: seq });
        this.active.get(jobId)?.scan?.abort();
        await Promise.all(inflight.values());
        const done = await this.callUntilAnswered('agent.jobDone', { jobId, pages: seq, error: 'BAD_DATA' });
        // the job's folder goes once its scan has stopped (runJob), so no page lands in it afterwards
        return done ? 'refused' : undefined;
      }
      // the hub's disk is full (or it failed inside): wait and try again later
      this.options.log.warn('a page was not taken yet', { jobId, seq, code: answer.code });
      await this.idle(5000);
    }
    await Promise.all(inflight.values());
    const end = ended()!;
    const done = await this.callUntilAnswered('agent.jobDone', { jobId, pages: end.pages, error: end.error });
    if (done) await this.spool.dropJob(jobId);
    return undefined;
  }

  /** Waits up to `ms`, or until something happens (a page spooled, the link back). */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const previous = this.wake;
      const self = this;
      function done() {
        clearTimeout(t);
        if (self.wake === done) self.wake = previous;
        resolve();
        previous?.();
      }
      this.wake = done;
    });
  }

  /** A call made whenever the hub is connected, until it is answered; null if the agent stopped first. */
  private async callUntilAnswered(proc: string, input: unknown): Promise<unknown> {
    while (!this.stopped) {
      const conn = this.connection;
      if (conn) {
        const res = await this.answered(conn.call(proc, input), HEARTBEAT_TIMEOUT_MS);
        if (res === null) {
          conn.close();
          continue;
        }
        if (res.ok) return res.output;
        if (res.error.code !== 'HUB_UNREACHABLE') {
          this.options.log.warn(`${proc} refused`, { code: res.error.code });
          return null;
        }
      }
      await this.idle(1000);
    }
    return null;
  }

  /** The answer, or null when none came within `ms`. */
  private answered<T>(pending: Promise<T>, ms: number): Promise<T | null> {
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(null), ms);
      void pending.then((v) => {
        clearTimeout(t);
        resolve(v);
      });
    });
  }

  /** One page to the hub; null when the hub could not be reached (tried again later). */
  private async putPage(jobId: string, seq: number): Promise<AgentPageAnswer | null> {
    const page = await this.spool.readPage(jobId, seq);
    const sha256 = createHash('sha256').update(page.data).digest('hex');
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const p = page.preview;
    const body = p ? Buffer.concat([page.data, p.thumb, p.view]) : page.data;
    return new Promise((resolve) => {
      const req = httpsRequest(
        new URL(`${AGENT_PAGE_PATH}/${jobId}/${seq}`, this.base),
        {
          method: 'PUT',
          agent: this.httpsAgent,
          timeout: this.options.pageTimeoutMs ?? 60_000,
          headers: {
            authorization: `Device ${this.hub.deviceId}:${this.hub.credential}`,
            'content-type': page.mime,
            'content-length': body.length,
            [AGENT_PAGE_HEADERS.sha256]: sha256,
            [AGENT_PAGE_HEADERS.dpi]: String(page.dpi),
            ...(p ? { [AGENT_PAGE_HEADERS.thumb]: `${p.thumb.length};${digest(p.thumb)}`, [AGENT_PAGE_HEADERS.view]: `${p.view.length};${digest(p.view)}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= 64 * 1024) chunks.push(c);
          });
          res.on('end', () => {
            try {
              const parsed = agentPageAnswer.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
              resolve(parsed.success ? parsed.data : null);
            } catch {
              resolve(null);
            }
          });
          res.on('error', () => resolve(null));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(null));
      req.end(body);
    });
  }
}
