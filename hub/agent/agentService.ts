/**
 * The hub's side of the workstations' device agents (docs/WORKSTATIONS.md).
 *
 * Routing is by the authenticated device, never by what an agent says: a counter's scan started by
 * a staff session on a connection from paired device D goes to the agent connected with D's
 * credential, and only there. An agent is a connection of its own (connection kind `agent`, no
 * session) from a paired counter or kiosk; the device list it reports is only a list of what it may
 * be asked for, never a way to receive another workstation's jobs.
 *
 * A scan job lives in the database (agent_job: which request, document and counter it fills, the next
 * page expected), so a hub killed mid-batch resumes it when the agent reconnects and resends what was
 * not confirmed. Each page is stored at most once under (job, number); the answer that lets the agent
 * drop its copy goes out only after the page's row is committed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  agentDevice,
  agentJob,
  agentPageMimes,
  MAX_AGENT_PAGE_BYTES,
  MAX_AGENT_PAGE_PIXELS,
  MAX_AGENT_THUMB_BYTES,
  MAX_AGENT_THUMB_SIDE,
  MAX_AGENT_VIEW_BYTES,
  MAX_AGENT_VIEW_SIDE,
  type AgentDevice,
  type AgentJob,
  type AgentPayment,
  type AgentPageAnswer,
  type AgentPageCode,
  type WorkstationView,
} from '../../core/api/agent';
import type { ScannerSettingInput } from '../../core/api/capture';
import type { ResultFrame } from '../../core/api/wire';
import { CONTRACT_VERSION as contractVersion } from '../../core/api/version';
import { DomainError } from '../../core/errors';
import * as a from '../../db/agent';
import { deviceCredentialHash } from '../../db/devices';
import { dwtLicence } from '../../db/office';
import type { RawPage } from '../../native/capture/types';
import { imageHeader } from '../../native/image/header';
import { record } from '../audit/auditLog';
import type { Connection } from '../auth/connection';
import { hashToken } from '../auth/tokens';
import type { CallContext, HubBase } from '../base';
import type { CaptureService, RemoteTarget } from '../capture/captureService';
import type { ScanInput, WorkstationScanner } from '../capture/ports';
import type { Staff } from '../request/requestService';
import { DeviceJobs, type DeviceJobTimeouts } from './deviceJobs';

/** The device kinds that run an agent: a board or an applicant screen has nothing to scan with. */
const AGENT_KINDS = new Set(['counter', 'kiosk']);
/** pages of one job in the pipeline at once (the agent sends up to this many before the first is answered) */
export const AGENT_PAGE_WINDOW = 3;
/** how long a page waits for the pages before it to be committed */
const TURN_WAIT_MS = 30_000;
/** Refusals audited per workstation (or address) per minute at most; the rest are only counted in the log. */
const AUDITS_PER_MINUTE = 20;

interface Link {
  connection: Connection;
  deliver: (event: string, payload: unknown) => void;
}

/** Who sent a page over HTTPS, once its credential checked out. */
export interface PageSender {
  deviceId: number;
  address: string | null;
}

export class AgentService {
  /** the connected agents, by the device whose credential they proved */
  private readonly links = new Map<number, Set<Link>>();
  /** pages of a job waiting for their turn to commit */
  private readonly commitWaiters = new Map<string, Set<() => void>>();
  private readonly auditBudget = new Map<string, { minute: number; used: number }>();
  /** print and pay jobs on the workstations' own devices (deviceJobs.ts) */
  readonly deviceJobs: DeviceJobs;

  constructor(
    private readonly hub: HubBase,
    private readonly capture: CaptureService,
    deviceJobTimeouts?: DeviceJobTimeouts,
  ) {
    this.deviceJobs = new DeviceJobs(hub, (deviceId) => this.online(deviceId), deviceJobTimeouts);
    // held inside a transaction like every event: an agent hears of a job only once it is committed
    hub.events.on('agent.job', (payload) => {
      for (const link of this.links.get(payload.deviceId) ?? []) link.deliver('agent.job', payload);
    });
  }

  private nowIso(): string {
    return this.hub.now().toISOString();
  }

  online(deviceId: number): boolean {
    return (this.links.get(deviceId)?.size ?? 0) > 0;
  }

  // ---------- refusals ----------

  /** Records a refusal on the audit trail (at most AUDITS_PER_MINUTE per source) and returns the error. */
  refuse(source: { deviceId: number | null; address?: string | null | undefined }, code: AgentPageCode | 'CONTRACT_VERSION_MISMATCH' | 'INVALID_INPUT' | 'MALFORMED_FRAME', message: string, detail: Record<string, unknown> = {}): DomainError {
    const key = source.deviceId !== null ? `device:${source.deviceId}` : `address:${source.address ?? 'local'}`;
    const minute = Math.floor(this.hub.now().getTime() / 60_000);
    const budget = this.auditBudget.get(key);
    const used = budget && budget.minute === minute ? budget.used : 0;
    if (used < AUDITS_PER_MINUTE) {
      this.auditBudget.set(key, { minute, used: used + 1 });
      record(this.hub.db, this.hub.now(), {
        actor: source.deviceId !== null ? `device:${source.deviceId}` : 'anonymous',
        action: 'workstationAgentRefused',
        subject: source.deviceId !== null ? `device:${source.deviceId}` : null,
        detail: { code, why: message, ...detail, ...(source.address ? { from: source.address } : {}) },
      });
    } else {
      this.hub.log.warn('workstation agent refusal not audited (over the minute’s budget)', { key, code });
    }
    const domainCode = code === 'INTERNAL' ? 'AGENT_PAGE_REFUSED' : code;
    return new DomainError(domainCode, message);
  }

  /** The calling connection, if it is a paired counter or kiosk's agent connection (or may become one). */
  private agentOf(ctx: CallContext, becoming: boolean): { deviceId: number; name: string } {
    const lan = ctx.lan;
    const deviceId = lan?.deviceId ?? null;
    const why =
      deviceId === null || !lan
        ? 'not a paired LAN device'
        : !AGENT_KINDS.has(lan.kind ?? '')
          ? `a ${lan.kind} device runs no agent`
          : ctx.principal !== null
            ? 'a call with a session'
            : ctx.connection.holds !== 'agent' && !(becoming && ctx.connection.holds === null)
              ? ctx.connection.holds === null
                ? 'agent.hello first'
                : `the connection carries ${ctx.connection.holds}`
              : null;
    if (why !== null) throw this.refuse({ deviceId, address: ctx.remoteAddress }, 'AGENT_NOT_ALLOWED', why);
    const row = deviceCredentialHash(this.hub.db, deviceId!);
    return { deviceId: deviceId!, name: row?.name ?? '' };
  }

  // ---------- the agent's calls ----------

  hello(input: { contractVersion: number; agentVersion: string; devices: AgentDevice[] }, ctx: CallContext): { deviceId: number; name: string; jobs: AgentJob[]; maxPageBytes: number } {
    const me = this.agentOf(ctx, true);
    if (input.contractVersion !== contractVersion) {
      const err = this.refuse({ deviceId: me.deviceId, address: ctx.remoteAddress }, 'CONTRACT_VERSION_MISMATCH', `the hub speaks contract ${contractVersion}, the agent ${input.contractVersion}`, {
        hub: contractVersion,
        agent: input.contractVersion,
        agentVersion: input.agentVersion,
      });
      throw new DomainError('CONTRACT_VERSION_MISMATCH', err.message, { ref: `${contractVersion}/${input.contractVersion}` });
    }
    // two devices under one id would make a job's target ambiguous
    const ids = new Set<string>();
    for (const d of input.devices) {
      if (ids.has(d.id)) throw this.refuse({ deviceId: me.deviceId, address: ctx.remoteAddress }, 'INVALID_INPUT', 'two devices with one id', { id: d.id });
      ids.add(d.id);
    }
    ctx.connection.holds = 'agent';
    ctx.connection.heldBy = `device:${me.deviceId}`;
    const at = this.nowIso();
    this.hub.db.transaction(() => {
      const before = a.workstation(this.hub.db, me.deviceId);
      a.saveWorkstationHello(this.hub.db, { deviceId: me.deviceId, agentVersion: input.agentVersion, contractVersion: input.contractVersion, devices: input.devices, at, address: ctx.remoteAddress ?? null });
      // the trail keeps when a workstation's agent came, and what it found when that changed
      if (!before || before.devices !== JSON.stringify(input.devices) || before.agentVersion !== input.agentVersion) {
        record(this.hub.db, this.hub.now(), {
          actor: `device:${me.deviceId}`,
          action: 'workstationAgentHello',
          subject: `device:${me.deviceId}`,
          detail: { agentVersion: input.agentVersion, devices: input.devices.map((d) => `${d.type}:${d.id}`) },
        });
      }
      this.hub.events.emit('agent.changed', { deviceId: me.deviceId, online: this.online(me.deviceId) });
    })();
    return { deviceId: me.deviceId, name: me.name, jobs: this.openJobs(me.deviceId), maxPageBytes: MAX_AGENT_PAGE_BYTES };
  }

  /** The jobs still open for a workstation, each with the next page the hub expects. */
  private openJobs(deviceId: number): AgentJob[] {
    // a print or pay job goes again only while its caller still waits (never a sale nobody asked for now)
    return a.openAgentJobs(this.hub.db, deviceId).flatMap((row) => {
      if (row.kind === 'scan') return [this.jobFrame(row)];
      const awaited = this.deviceJobs.awaited(row.id);
      return awaited ? [awaited] : [];
    });
  }

  private jobFrame(row: a.AgentJobRow): AgentJob {
    const job = agentJob.parse(JSON.parse(row.job));
    return job.kind === 'scan' ? this.withLicence(row.deviceId, { ...job, nextSeq: row.nextSeq }) : job;
  }

  /**
   * A scan job for a DWT scanner carries the office's licence key as it is at delivery (the manager may
   * have set it since the job was made); the key is not stored with the job.
   */
  private withLicence(deviceId: number, job: AgentJob): AgentJob {
    if (job.kind !== 'scan') return job;
    const { dwtLicence: _stale, ...rest } = job;
    const key = this.reported(deviceId).find((d) => d.type === 'scanner' && d.id === job.device)?.driver === 'dwt' ? dwtLicence(this.hub.db) : null;
    return key ? { ...rest, dwtLicence: key } : rest;
  }

  /**
   * Subscribing to `agent.job`: only an agent connection (after its hello) gets a delivery, and only
   * of its own device's jobs. The open jobs are sent again at once (one may have been made between
   * the hello's answer and this subscription); the agent knows them by id.
   */
  subscribe(id: number, transport: { connection: Connection; lan?: { deviceId: number | null; kind: string | null } | undefined; remoteAddress?: string | undefined }, deliver: (event: string, payload: unknown) => void): { answer: ResultFrame; unsubscribe: () => void } {
    const deviceId = transport.lan?.deviceId ?? null;
    if (deviceId === null || transport.connection.holds !== 'agent') {
      const err = this.refuse({ deviceId, address: transport.remoteAddress }, 'AGENT_NOT_ALLOWED', 'agent.job is for a workstation agent’s own connection');
      return { answer: { t: 'res', id, ok: false, error: { code: err.code, message: err.message } }, unsubscribe: () => {} };
    }
    const link: Link = { connection: transport.connection, deliver };
    let set = this.links.get(deviceId);
    if (!set) this.links.set(deviceId, (set = new Set()));
    const arriving = set.size === 0;
    set.add(link);
    // the staff's views hear of an agent once it can take jobs (its subscription), not at its hello alone
    if (arriving) this.hub.events.emit('agent.changed', { deviceId, online: true });
    queueMicrotask(() => {
      for (const job of this.openJobs(deviceId)) deliver('agent.job', { deviceId, job });
    });
    return {
      answer: { t: 'res', id, ok: true, output: { subscribed: 'agent.job' } },
      unsubscribe: () => {
        // a second unsubscribe of one link is no second departure
        if (set.delete(link) && set.size === 0) {
          this.links.delete(deviceId);
          this.deviceJobs.agentGone(deviceId);
          this.hub.events.emit('agent.changed', { deviceId, online: false });
        }
      },
    };
  }

  jobDone(input: { jobId: string; pages: number; error: string | null; payment?: AgentPayment | undefined }, ctx: CallContext): { received: number; state: a.AgentJobState } | Promise<{ received: number; state: a.AgentJobState }> {
    const me = this.agentOf(ctx, false);
    const row = a.agentJob(this.hub.db, input.jobId);
    if (!row || row.deviceId !== me.deviceId) throw this.refuse({ deviceId: me.deviceId, address: ctx.remoteAddress }, 'AGENT_JOB_UNKNOWN', 'jobDone for a job not given to this workstation', { jobId: input.jobId });
    if (row.kind !== 'scan') return this.deviceJobs.report(row, input);
    if (input.payment !== undefined) throw this.refuse({ deviceId: me.deviceId, address: ctx.remoteAddress }, 'INVALID_INPUT', 'a scan has no payment', { jobId: input.jobId });
    if (row.state !== 'open') return { received: row.nextSeq, state: row.state };
    // a clean end claiming fewer pages than the hub holds is wrong; an interrupted one (an agent that
    // crashed after its pages were confirmed and dropped) may not know them all: the hub's count stands
    if (input.pages < row.nextSeq && input.error === null) throw this.refuse({ deviceId: me.deviceId, address: ctx.remoteAddress }, 'INVALID_INPUT', 'fewer pages than the hub already holds', { jobId: input.jobId, pages: input.pages, held: row.nextSeq });
    a.setAgentJobTotal(this.hub.db, row.id, Math.max(input.pages, row.nextSeq), input.error);
    this.closeIfComplete(row.id);
    const after = a.agentJob(this.hub.db, row.id)!;
    return { received: after.nextSeq, state: after.state };
  }

  /** Closes a job once the hub holds every page the agent said it made. */
  private closeIfComplete(jobId: string): void {
    const row = a.agentJob(this.hub.db, jobId);
    if (!row || row.state !== 'open' || row.total === null || row.nextSeq < row.total) return;
    const target = JSON.parse(row.target) as RemoteTarget;
    const failed = row.errorCode !== null && row.errorCode !== 'CANCELLED';
    const state = row.errorCode === 'CANCELLED' ? 'cancelled' : failed ? 'failed' : 'done';
    this.hub.db.transaction(() => {
      a.endAgentJob(this.hub.db, jobId, state, null, this.nowIso());
      this.capture.endRemoteJob(target, state, row.errorCode);
    })();
  }

  // ---------- the counter's side ----------

  /**
   * The scanners of the caller's workstation as a port (hub/capture/ports.ts), built for the device
   * the caller's connection proved, as its printer and terminal are (deviceJobs.ts): the driver behind
   * a counter setting of driver `workstation`. Off a paired counter it lists nothing and refuses a scan.
   */
  scannerFor(lan: { deviceId: number | null; kind: string | null } | undefined): WorkstationScanner {
    const deviceId = lan?.kind === 'counter' ? (lan.deviceId ?? null) : null;
    return {
      listDevices: () => (deviceId === null ? [] : this.reported(deviceId).filter((d) => d.type === 'scanner').map((d) => ({ id: d.id, label: d.label, model: null }))),
      start: (input, setting, staff) => this.startScan(deviceId, input, setting, staff),
      cancel: (jobId) => this.cancel(jobId),
    };
  }

  /** What a workstation's agent last reported (nothing if it never did, or the report no longer reads). */
  private reported(deviceId: number): AgentDevice[] {
    const ws = a.workstation(this.hub.db, deviceId);
    const devices = ws ? agentDevice.array().safeParse(JSON.parse(ws.devices)) : null;
    return devices?.success ? devices.data : [];
  }

  /**
   * A scan on the counter's workstation scanner: routed to the agent of the device the staff
   * session's connection proved, never another. Refused when that agent is not connected, or did not
   * report the scanner.
   */
  private startScan(deviceId: number | null, input: ScanInput, setting: ScannerSettingInput, staff: Staff): { jobId: string } {
    if (deviceId === null) throw new DomainError('WORKSTATION_REQUIRED', 'a workstation scanner is used from that workstation');
    const ws = a.workstation(this.hub.db, deviceId);
    if (!this.online(deviceId) || !ws) throw new DomainError('WORKSTATION_AGENT_OFFLINE', 'the workstation’s agent is not connected', { ref: ws?.name ?? undefined });
    const scanner = this.reported(deviceId).find((d) => d.type === 'scanner' && d.id === setting.deviceId);
    if (!scanner) throw new DomainError('WORKSTATION_DEVICE_MISSING', 'the workstation did not report this scanner', { ref: ws.name });
    if (a.openAgentJobs(this.hub.db, deviceId).some((j) => j.kind === 'scan')) throw new DomainError('CAPTURE_RUNNING', 'a scan is already running on this workstation');
    const replacing = input.replacePageId !== undefined;
    const settings = { source: input.source ?? (replacing ? 'flatbed' : setting.source), dpi: input.dpi ?? setting.dpi, colorMode: input.colorMode ?? setting.colorMode };
    const target = this.capture.openRemoteJob(
      { requestId: input.requestId, counterId: input.counterId, documentType: input.documentType, documentId: input.documentId, replacePageId: input.replacePageId, colorMode: settings.colorMode },
      staff,
      { driver: 'workstation', deviceId: setting.deviceId, settings },
      (t) => {
        const job: AgentJob = { kind: 'scan', jobId: t.jobId, device: setting.deviceId, settings, firstOnly: replacing, nextSeq: 0 };
        a.insertAgentJob(this.hub.db, { id: t.jobId, deviceId, kind: 'scan', job, target: t, at: this.nowIso() });
        this.hub.events.emit('agent.job', { deviceId, job: this.withLicence(deviceId, job) });
      },
    );
    return { jobId: target.jobId };
  }

  /** Cancels a workstation's scan: the agent is told; the job ends once it reports. Null: not an agent's job. */
  cancel(jobId: string): { cancelled: boolean } | null {
    const row = a.agentJob(this.hub.db, jobId);
    if (!row) return null;
    if (row.state !== 'open') return { cancelled: false };
    this.hub.events.emit('agent.job', { deviceId: row.deviceId, cancel: jobId });
    return { cancelled: true };
  }

  workstations(): WorkstationView[] {
    return a.workstations(this.hub.db).flatMap((w) => {
      const devices = agentDevice.array().safeParse(JSON.parse(w.devices));
      if (w.kind !== 'counter' && w.kind !== 'kiosk') return [];
      return [
        {
          deviceId: w.deviceId,
          name: w.name,
          kind: w.kind,
          online: this.online(w.deviceId),
          agentVersion: w.agentVersion,
          contractVersion: w.contractVersion,
          helloAt: w.helloAt,
          devices: devices.success ? devices.data : [],
          chosen: { printer: w.printerChoice, terminal: w.terminalChoice },
        },
      ];
    });
  }

  /** The manager's choice of the printer (terminal) a workstation uses, among those its agent reported; null: the first. */
  choose(deviceId: number, type: 'printer' | 'terminal', id: string | null): { ok: true } {
    const ws = a.workstation(this.hub.db, deviceId);
    if (!ws || (ws.kind !== 'counter' && ws.kind !== 'kiosk')) throw new DomainError('UNKNOWN_DEVICE', 'no workstation agent ever reported from this device');
    if (id !== null && !this.reported(deviceId).some((d) => d.type === type && d.id === id)) {
      throw new DomainError(type === 'printer' ? 'WORKSTATION_PRINTER_MISSING' : 'WORKSTATION_TERMINAL_MISSING', 'the workstation did not report this device', { ref: ws.name });
    }
    a.setWorkstationChoice(this.hub.db, deviceId, type, id);
    this.hub.events.emit('agent.changed', { deviceId, online: this.online(deviceId) });
    return { ok: true };
  }

  job(jobId: string) {
    const row = a.agentJob(this.hub.db, jobId);
    if (!row) throw new DomainError('AGENT_JOB_UNKNOWN', 'no such workstation job');
    return { jobId: row.id, deviceId: row.deviceId, kind: row.kind, state: row.state, nextSeq: row.nextSeq, total: row.total, errorCode: row.errorCode, pages: a.agentPages(this.hub.db, row.id) };
  }

  // ---------- pages (HTTPS PUT, hub/agent/pageRoute.ts) ----------

  /** The device behind `Device <id>:<credential>`, if it is a paired counter or kiosk not revoked. */
  authenticate(header: string | undefined, address: string | null): PageSender {
    const m = /^Device ([1-9][0-9]{0,9}):([A-Za-z0-9_-]{43})$/.exec(header ?? '');
    const deviceId = m ? Number(m[1]) : null;
    const row = deviceId !== null ? deviceCredentialHash(this.hub.db, deviceId) : undefined;
    const good = !!m && !!row && timingSafeEqual(Buffer.from(hashToken(m[2]!), 'hex'), Buffer.from(row.credentialHash, 'hex'));
    if (!good || !row || row.revokedAt || !AGENT_KINDS.has(row.kind)) {
      throw this.refuse({ deviceId: good ? deviceId : null, address }, 'AGENT_NOT_ALLOWED', !good ? 'no valid device credential' : row?.revokedAt ? 'revoked device' : `a ${row?.kind} device runs no agent`);
    }
    return { deviceId: deviceId!, address };
  }

  /**
   * Page `seq` of job `jobId` from `sender`. Stored at most once: a page already held under that
   * number with the same digest is answered as a duplicate. Up to AGENT_PAGE_WINDOW pages of a job go
   * through the pipeline at once; each is committed only in its turn (every page before it stored),
   * waiting at most TURN_WAIT_MS for it. Resolves once the page's row is committed.
   */
  async receivePage(sender: PageSender, page: { jobId: string; seq: number; sha256: string; mime: string; dpi: number; body: Buffer; preview?: AgentPreview | null }): Promise<AgentPageAnswer> {
    const source = { deviceId: sender.deviceId, address: sender.address };
    const where = { jobId: page.jobId, seq: page.seq };
    const no = (code: AgentPageCode, message: string, nextSeq?: number): AgentPageAnswer => {
      this.refuse(source, code, message, where);
      return { ok: false, code, message, ...(nextSeq !== undefined ? { nextSeq } : {}) };
    };
    const row = a.agentJob(this.hub.db, page.jobId);
    if (!row || row.deviceId !== sender.deviceId || row.kind !== 'scan') return no('AGENT_JOB_UNKNOWN', 'a page for a job not given to this workstation');
    const digest = createHash('sha256').update(page.body).digest('hex');
    if (digest !== page.sha256) return no('AGENT_PAGE_REFUSED', 'the page does not match its digest', row.nextSeq);
    const held = a.agentPage(this.hub.db, page.jobId, page.seq);
    if (held) return held.sha256 === digest ? { ok: true, duplicate: true, nextSeq: row.nextSeq } : no('AGENT_PAGE_REFUSED', 'another page under a number already stored', row.nextSeq);
    if (row.state !== 'open') return no('AGENT_JOB_UNKNOWN', 'the job is closed', row.nextSeq);
    if (page.seq < row.nextSeq || page.seq >= row.nextSeq + AGENT_PAGE_WINDOW) return no('AGENT_PAGE_OUT_OF_ORDER', `page ${row.nextSeq} comes next`, row.nextSeq);
    const job = this.jobFrame(row);
    if (job.kind === 'scan' && job.firstOnly && page.seq > 0) return no('AGENT_PAGE_REFUSED', 'a rescan takes one page', row.nextSeq);
    const checked = this.checkImage(page.body, page.mime);
    if (typeof checked === 'string') return no('AGENT_PAGE_REFUSED', checked, row.nextSeq);
    let preview: RawPage['preview'];
    if (page.preview) {
      const bad = checkPreview(page.preview);
      if (bad) return no('AGENT_PAGE_REFUSED', bad, row.nextSeq);
      // a raw PNM page's size is not read here: it is processed whole before it is shown
      if (checked) preview = { thumb: page.preview.thumb, view: page.preview.view, widthPx: checked.width, heightPx: checked.height };
    }
    const target = JSON.parse(row.target) as RemoteTarget;
    const raw: RawPage = { index: page.seq, data: page.body, mime: page.mime as RawPage['mime'], dpi: page.dpi, ...(preview ? { preview } : {}) };
    let commit: () => string;
    try {
      commit = await this.capture.prepareRemotePage(target, raw);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'DISK_FULL' || code === 'ENOSPC') return { ok: false, code: 'DISK_FULL', message: 'the hub’s disk is full' };
      this.hub.log.warn('a workstation page could not be processed', { jobId: page.jobId, seq: page.seq, error: err instanceof Error ? err.message : String(err) });
      return no('AGENT_PAGE_REFUSED', 'the page could not be processed', row.nextSeq);
    }
    // its turn: every page before it committed (by this call's siblings, or a resend)
    const deadline = Date.now() + TURN_WAIT_MS;
    for (;;) {
      const now = a.agentJob(this.hub.db, page.jobId)!;
      const stored = a.agentPage(this.hub.db, page.jobId, page.seq);
      if (stored) return stored.sha256 === digest ? { ok: true, duplicate: true, nextSeq: now.nextSeq } : no('AGENT_PAGE_REFUSED', 'another page under a number already stored', now.nextSeq);
      if (now.state !== 'open') return no('AGENT_JOB_UNKNOWN', 'the job is closed', now.nextSeq);
      if (now.nextSeq === page.seq) break;
      // waiting for an earlier page is not a fault: answered, not audited
      if (Date.now() >= deadline) return { ok: false, code: 'AGENT_PAGE_OUT_OF_ORDER', message: `page ${now.nextSeq} comes next`, nextSeq: now.nextSeq };
      await this.nextCommit(page.jobId, deadline - Date.now());
    }
    // from the check above to here nothing awaits: no other page of the job can slip in between
    this.capture.commitRemotePage(target, commit, (pageId) => a.insertAgentPage(this.hub.db, { jobId: page.jobId, seq: page.seq, sha256: digest, pageId, at: this.nowIso() }));
    this.committed(page.jobId);
    this.closeIfComplete(page.jobId);
    return { ok: true, duplicate: false, nextSeq: page.seq + 1 };
  }

  /** Resolves at the job's next page commit, or after `ms`. */
  private nextCommit(jobId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.commitWaiters.get(jobId);
      if (!set) this.commitWaiters.set(jobId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.commitWaiters.get(jobId) === set) this.commitWaiters.delete(jobId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  private committed(jobId: string): void {
    for (const wake of [...(this.commitWaiters.get(jobId) ?? [])]) wake();
  }

  /** What is wrong with a page's bytes; or its size (null for raw PNM): a type we take, within the size and pixel bounds, its header readable (read here, imageHeader: its pixels are decoded by its own steps, which refuse a page that does not decode). */
  private checkImage(body: Buffer, mime: string): string | { width: number; height: number } | null {
    if (body.length === 0 || body.length > MAX_AGENT_PAGE_BYTES) return 'the page is empty or over the size limit';
    if (!(agentPageMimes as readonly string[]).includes(mime)) return 'not a page type the hub takes';
    const magic = mime === 'image/png' ? body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) : mime === 'image/jpeg' ? body[0] === 0xff && body[1] === 0xd8 : body[0] === 0x50 && body[1]! >= 0x31 && body[1]! <= 0x36;
    if (!magic) return 'the bytes are not the type named';
    if (mime === 'image/x-portable-anymap') return null; // raw: its size is its pixels, already bounded by the byte limit
    const header = imageHeader(body);
    if (!header || header.format !== (mime === 'image/png' ? 'png' : 'jpeg')) return 'the image cannot be read';
    if (header.width * header.height > MAX_AGENT_PAGE_PIXELS) return 'the page is over the pixel limit';
    return { width: header.width, height: header.height };
  }
}

/** A page's thumbnail and view as the agent sent them, with the digests it announced (pageRoute.ts). */
export interface AgentPreview {
  thumb: Buffer;
  thumbSha256: string;
  view: Buffer;
  viewSha256: string;
}

/**
 * What is wrong with a page's small images, or null: within their byte bounds, matching their
 * digests, and JPEGs of a thumbnail's and a view's size (header read only: a JPEG's pixels are bounded
 * by its header). They are stored and shown as they are until the page's own steps replace them.
 */
export function checkPreview(p: AgentPreview): string | null {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  if (p.thumb.length === 0 || p.thumb.length > MAX_AGENT_THUMB_BYTES || p.view.length === 0 || p.view.length > MAX_AGENT_VIEW_BYTES) return 'the page’s thumbnail or view is empty or over the size limit';
  if (sha(p.thumb) !== p.thumbSha256 || sha(p.view) !== p.viewSha256) return 'the page’s thumbnail or view does not match its digest';
  for (const [image, side] of [
    [p.thumb, MAX_AGENT_THUMB_SIDE],
    [p.view, MAX_AGENT_VIEW_SIDE],
  ] as const) {
    if (image[0] !== 0xff || image[1] !== 0xd8) return 'the page’s thumbnail or view is not a JPEG';
    const header = imageHeader(image);
    if (!header || header.format !== 'jpeg') return 'the page’s thumbnail or view cannot be read';
    if (header.width > side || header.height > side) return 'the page’s thumbnail or view is over its size';
  }
  return null;
}
