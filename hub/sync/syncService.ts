/**
 * The outbox to the central system (docs/SYNC.md). «ارسال» writes the submission and its outbox row
 * in the transaction that moves the request to `readyToSend`; from then on a background loop delivers
 * it exactly once:
 *
 *   1. sign the manifest the first time (kept: every retry sends the same bytes);
 *   2. ask which pages the central lacks and upload those, each checked against its sha256 here
 *      before it goes and by the central when it lands; every confirmed page is recorded, so a cut
 *      resumes at the next page;
 *   3. send the manifest with the submission id as idempotency key; store the signed receipt and the
 *      tracking code in the transaction that takes the row out of the outbox.
 *
 * Order is deadline first, then age. A network failure marks the link down and stops the round (every
 * item would fail the same way); a probe brings it back. An HTTP failure touches only its own item:
 * 5xx/429 retry with capped exponential backoff and full jitter (at least `Retry-After`), a permanent
 * rejection goes to a person, a page missing or damaged here flags only that item. A watchdog kicks
 * the loop on a timer so nothing can stall silently.
 *
 * The same loop pulls back what the authority decided (accepted / returned) and signed tariff tables.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import * as p from '../../core/sync/protocol';
import type { Manifest } from '../../core/sync/protocol';
import { DomainError } from '../../core/errors';
import { daysLeft } from '../../core/request/legalDeadline';
import { needsOwnerConsent } from '../../core/request/sana';
import { jalaliDayOf } from '../../core/format/jalali';
import { validateTables, type TariffTable } from '../../core/fees/tariff';
import { applicantName, type Applicant } from '../../core/identity/applicant';
import type { RequestDetails } from '../../core/api/request';
import type { SyncItemView, SyncStatusView } from '../../core/api/sync';
import * as s from '../../db/sync';
import * as c from '../../db/capture';
import * as r from '../../db/requests';
import type { HubBase } from '../base';
import { getOffice } from '../../db/office';
import { normalizeInput } from '../../core/text/digits';
import type { RequestService, Staff } from '../request/requestService';
import { PageStoreError, type PageStore } from '../capture/pageStore';
import { record } from '../audit/auditLog';
import { CentralClient, CentralError, enroll, privateKeyFromDer, publicKeyFromRaw, rawPublicKey, sha256Hex, signText, verifyText } from './centralClient';

export interface SyncOptions {
  /** how often the watchdog kicks the loop, whatever happened (ms) */
  watchdogMs?: number;
  /** how often an offline hub probes the central (ms) */
  probeMs?: number;
  /** how often the authority's decisions and tariff tables are pulled (ms) */
  pullMs?: number;
  /** time allowed for one call before it counts as hung (ms) */
  timeoutMs?: number;
  /** retry backoff: the first delay's ceiling and the cap (ms); each delay is uniform in [0, ceiling] */
  backoff?: { baseMs: number; capMs: number };
  /** items delivered at once */
  concurrency?: number;
  /** pages uploaded at once within one item */
  uploadConcurrency?: number;
  /** for tests: the jitter's source */
  random?: () => number;
  /** false: no timers; the caller drives `runOnce` (tests) */
  autoStart?: boolean;
}

type Link = 'unknown' | 'online' | 'offline';

const DEVICE_KEY = 'sync.deviceKey';
const MARGIN_KEY = 'alarm.marginDays';
const STATUS_CURSOR = 'status.after';
const TARIFF_CURSOR = 'tariffs.after';
const DEFAULT_MARGIN_DAYS = 1;
const RETENTION_KEY = 'retention.days';
/** How long the page images of a receipted submission stay at the office (changeable by the manager). */
export const DEFAULT_RETENTION_DAYS = 90;

/** What «ارسال» froze: the manifest without the ids the central gives (office, device). */
type Content = Omit<Manifest, 'v' | 'submissionId' | 'officeId' | 'deviceId'>;

interface Progress {
  pagesDone: number;
  pagesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

class StopRound extends Error {}

/** How long a mismatched enrollment waits for the manager's confirmation. */
const PENDING_ENROLLMENT_MS = 15 * 60_000;

interface PendingEnrollment {
  token: string;
  centralUrl: string;
  answer: p.EnrollResponse;
  der: Buffer;
  publicKey: string;
  local: { name: string; code: string };
  /** epoch ms */
  expiresAt: number;
}

const comparable = (text: string) => normalizeInput(text).replace(/\s+/g, ' ').trim();

/** The central's office is this one: the same code and the same name (digits, ی/ک and spaces aside). */
function sameOffice(local: { name: string; code: string }, central: { officeName: string; officeCode: string }): boolean {
  return comparable(local.code) === comparable(central.officeCode) && comparable(local.name) === comparable(central.officeName);
}

function pendingView(pending: PendingEnrollment | null): SyncStatusView['pendingEnrollment'] {
  if (!pending) return null;
  return {
    token: pending.token,
    centralUrl: pending.centralUrl,
    central: { name: pending.answer.officeName, code: pending.answer.officeCode },
    local: pending.local,
    expiresAt: new Date(pending.expiresAt).toISOString(),
  };
}

export class SyncService {
  private readonly opts: Required<Omit<SyncOptions, 'backoff'>> & { backoff: { baseMs: number; capMs: number } };
  private link: Link = 'unknown';
  private lastError: { code: string; message: string; at: string } | null = null;
  /** the central refused this device (revoked, clock, signature): nothing goes until it is fixed */
  private identityProblem: { code: string; message: string } | null = null;
  private lastDeliveredAt: string | null = null;
  private lastPullAt: string | null = null;
  private readonly inFlight = new Map<string, Progress>();
  private round: Promise<void> | null = null;
  private kickPending = false;
  private again = false;
  private closed = false;
  private readonly abort = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private client: { key: string; client: CentralClient } | null = null;
  /**
   * An enrollment the central answered for an office other than this one (another name or code): held
   * here, not saved, until the manager confirms it having seen both (or lets it go, or it expires).
   */
  private pendingEnrollment: PendingEnrollment | null = null;
  private pulling: Promise<void> | null = null;

  constructor(
    private readonly hub: HubBase,
    private readonly requests: RequestService,
    private readonly store: PageStore,
    options: SyncOptions = {},
  ) {
    this.opts = {
      watchdogMs: options.watchdogMs ?? 15_000,
      probeMs: options.probeMs ?? 5_000,
      pullMs: options.pullMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 30_000,
      backoff: options.backoff ?? { baseMs: 2_000, capMs: 5 * 60_000 },
      concurrency: options.concurrency ?? 2,
      uploadConcurrency: options.uploadConcurrency ?? 3,
      random: options.random ?? Math.random,
      autoStart: options.autoStart ?? true,
    };
    if (this.opts.autoStart) this.start();
  }

  private get db() {
    return this.hub.db;
  }

  private nowIso(): string {
    return this.hub.now().toISOString();
  }

  private start(): void {
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.add(t);
    };
    every(this.opts.watchdogMs, () => this.kick());
    every(this.opts.pullMs, () => void this.pull());
    every(3_600_000, () => void this.purge().catch((err: unknown) => this.hub.log.error('retention failed', { err: String(err) })));
    this.kick();
    void this.pull();
  }

  /** Stops the timers and cuts calls in flight; resolves once the current round has ended. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const t of [this.nextTimer, this.probeTimer, this.emitTimer]) if (t) clearTimeout(t);
    this.abort.abort();
    await Promise.allSettled([this.round, this.pulling]);
  }

  // ---------- identity ----------

  enrolled(): boolean {
    return s.identity(this.db) !== null;
  }

  /**
   * Gets this hub its identity from the central with a one-time code: a new Ed25519 key pair is made
   * here and only its public half is sent. Re-enrolling (a new office code, a revoked device) replaces
   * the identity; submissions already signed with the old key are signed again.
   */
  async enroll(centralUrl: string, code: string, staff: Staff | null): Promise<void> {
    const { privateKey } = generateKeyPairSync('ed25519');
    const publicKey = rawPublicKey(privateKey);
    let answer: p.EnrollResponse;
    try {
      answer = await enroll(centralUrl, { code, publicKey, deviceName: 'hub', softwareVersion: this.hub.version.slice(0, 40) }, this.opts.timeoutMs, this.hub.now);
    } catch (err) {
      if (err instanceof CentralError) {
        if (err.code === 'ENROLLMENT_CODE_INVALID') throw new DomainError('SYNC_ENROLLMENT_CODE_INVALID', err.message);
        if (err.status === null) throw new DomainError('SYNC_CENTRAL_UNREACHABLE', err.message);
        throw new DomainError('SYNC_ENROLLMENT_FAILED', `${err.code}: ${err.message}`);
      }
      throw err;
    }
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const local = getOffice(this.db);
    this.pendingEnrollment = null;
    if (local && !sameOffice(local, answer)) {
      // The central knows this office by another name or code: a wrong code, or the wrong central.
      // The manager sees both and decides (sync.confirmEnrollment); nothing is saved before that.
      this.pendingEnrollment = {
        token: randomUUID(),
        centralUrl,
        answer,
        der,
        publicKey,
        local: { name: local.name, code: local.code },
        expiresAt: this.hub.now().getTime() + PENDING_ENROLLMENT_MS,
      };
      this.emitSoon();
      return;
    }
    this.saveEnrollment(centralUrl, answer, der, publicKey, staff, null);
  }

  /** The manager saw both offices' names and codes and keeps the central's: the held enrollment is saved. */
  confirmEnrollment(token: string, staff: Staff | null): void {
    const pending = this.currentPendingEnrollment();
    if (!pending || pending.token !== token) throw new DomainError('SYNC_ENROLLMENT_NOT_PENDING', 'no enrollment waits for this confirmation');
    this.pendingEnrollment = null;
    this.saveEnrollment(pending.centralUrl, pending.answer, pending.der, pending.publicKey, staff, pending.local);
  }

  /** The manager let a mismatched enrollment go: nothing was saved; the central's device stays unused. */
  cancelEnrollment(token: string): void {
    if (this.pendingEnrollment?.token === token) {
      this.pendingEnrollment = null;
      this.emitSoon();
    }
  }

  private currentPendingEnrollment(): PendingEnrollment | null {
    if (this.pendingEnrollment && this.pendingEnrollment.expiresAt <= this.hub.now().getTime()) this.pendingEnrollment = null;
    return this.pendingEnrollment;
  }

  private saveEnrollment(centralUrl: string, answer: p.EnrollResponse, der: Buffer, publicKey: string, staff: Staff | null, mismatchConfirmed: { name: string; code: string } | null): void {
    const at = this.nowIso();
    this.db
      .transaction(() => {
        c.saveSecret(this.db, DEVICE_KEY, der, at);
        const previous = s.identity(this.db);
        s.saveIdentity(this.db, {
          centralUrl: centralUrl.replace(/\/+$/, ''),
          officeId: answer.officeId,
          officeCode: answer.officeCode,
          officeName: answer.officeName,
          deviceId: answer.deviceId,
          publicKey,
          serverPublicKey: answer.serverPublicKey,
          enrolledAt: answer.enrolledAt,
          enrolledBy: staff?.userId ?? null,
        });
        // Manifests signed under another identity are signed again under this one (never delivered: they are still in the outbox).
        if (previous && previous.deviceId !== answer.deviceId) {
          s.forgetUndeliveredSignatures(this.db);
        }
        // whatever waited for an identity may go now
        s.retryAllNow(this.db, at);
        record(this.db, this.hub.now(), {
          actor: staff ? `staff:${staff.userId}` : 'system',
          action: 'deviceEnrolled',
          subject: `device:${answer.deviceId}`,
          detail: {
            centralUrl,
            officeCode: answer.officeCode,
            ...(mismatchConfirmed ? { officeName: answer.officeName, confirmedOverLocalOffice: mismatchConfirmed } : {}),
          },
        });
      })
      .immediate();
    this.client = null;
    this.identityProblem = null;
    this.link = 'online';
    this.emitSoon();
    this.kick();
    if (this.opts.autoStart) void this.pull();
  }

  private clientFor(): { client: CentralClient; identity: s.SyncIdentityRow } | null {
    const identity = s.identity(this.db);
    const der = c.secret(this.db, DEVICE_KEY);
    if (!identity || !der) return null;
    const cacheKey = `${identity.deviceId}@${identity.centralUrl}`;
    if (this.client?.key !== cacheKey) {
      this.client = {
        key: cacheKey,
        client: new CentralClient({ baseUrl: identity.centralUrl, deviceId: identity.deviceId, privateKey: privateKeyFromDer(der), timeoutMs: this.opts.timeoutMs, now: this.hub.now, signal: this.abort.signal }),
      };
    }
    return { client: this.client.client, identity };
  }

  /**
   * An inquiry, now: it is not queued — its answer is needed at the counter — so an office without a
   * link is told so at once. A lost reply is asked again once with the same id (the central answers a
   * repeated id with its first answer and logs it once).
   */
  async inquire(body: p.InquiryRequest): Promise<p.InquiryResponse> {
    const found = this.clientFor();
    if (!found) throw new DomainError('SYNC_NOT_ENROLLED', 'the office is not enrolled with the central system');
    for (let attempt = 1; ; attempt++) {
      try {
        return await found.client.inquire(body);
      } catch (err) {
        if (!(err instanceof CentralError)) throw err;
        if (err.status === null && attempt < 2) continue;
        if (err.status === null) throw new DomainError('SYNC_CENTRAL_UNREACHABLE', err.message);
        throw new DomainError('INQUIRY_FAILED', `${err.code}: ${err.message}`);
      }
    }
  }

  private deviceKey(): KeyObject {
    const der = c.secret(this.db, DEVICE_KEY);
    if (!der) throw new DomainError('SYNC_NOT_ENROLLED', 'no device key');
    return privateKeyFromDer(der);
  }

  // ---------- «ارسال» ----------

  /**
   * Freezes the request into a submission and queues it, in the transaction that moves the request to
   * `readyToSend`. Works offline and before enrollment: delivery waits, nothing is lost.
   */
  send(requestId: string, staff: Staff): string {
    const req = this.requests.forChange(requestId, staff);
    if (req.status !== 'originalsMatched') throw new DomainError('REQUEST_OUT_OF_ORDER', `a request is sent after matching, not in ${req.status}`);
    // ماده ۴۰ ب: no Sana registration or change leaves the office without the owner's «yes» on their screen
    if (needsOwnerConsent(req.service) && r.sanaConsent(this.db, req.id)?.given !== true) throw new DomainError('SANA_CONSENT_REQUIRED', 'the Sana account owner has not consented');
    const content = this.contentOf(req);
    const pages = content.documents.flatMap((d) => d.pages);
    const distinct = new Map(pages.map((pg) => [pg.sha256, pg.bytes]));
    const id = randomUUID();
    const at = this.nowIso();
    this.requests.step(req, { type: 'queuedForSending' }, staff, () => {
      s.insertSubmission(this.db, {
        id,
        requestId: req.id,
        content: JSON.stringify(content),
        pages: pages.length,
        bytes: [...distinct.values()].reduce((a, b) => a + b, 0),
        deadline: content.deadline,
        queuedAt: at,
        queuedBy: staff.userId,
      });
      record(this.db, this.hub.now(), { actor: `staff:${staff.userId}`, action: 'submissionQueued', subject: `request:${req.id}`, detail: { submissionId: id, pages: pages.length, deadline: content.deadline } });
    });
    this.requests.changed(req.id);
    this.emitSoon();
    this.kick();
    return id;
  }

  private contentOf(req: r.RequestRow): Content {
    const applicantRow = req.applicantId === null ? undefined : r.getApplicant(this.db, req.applicantId);
    const details = req.details as RequestDetails | null;
    const fq = r.latestFeeQuote(this.db, req.id);
    const settlement = req.state.settlement;
    if (!applicantRow || !details || !fq || !settlement) throw new DomainError('REQUEST_OUT_OF_ORDER', 'the request lacks identity, details or settled fees');
    const applicant: Applicant = applicantRow.data;
    const key = r.identityKeyOf(applicant).key;
    const byDoc = new Map<string, { type: string; pages: p.Manifest['documents'][number]['pages'] }>();
    for (const d of c.documents(this.db, req.id)) byDoc.set(d.id, { type: d.type, pages: [] });
    for (const pg of c.pages(this.db, req.id)) {
      if (pg.mime !== 'image/jpeg' && pg.mime !== 'image/png') throw new DomainError('SUBMISSION_INVALID', `page ${pg.id} is ${pg.mime}`);
      byDoc.get(pg.documentId)?.pages.push({ sha256: pg.sha256, bytes: pg.bytes, mime: pg.mime });
    }
    const documents = [...byDoc.values()].filter((d) => d.pages.length > 0);
    const content: Content = {
      request: { id: req.id, year: req.year, number: req.number },
      service: req.service as Content['service'],
      instance: details.instance,
      queuedAt: this.nowIso(),
      deadline: req.legalDeadline,
      applicant: { kind: applicant.kind, name: applicantName(applicant).slice(0, 200), id: key.slice(2) },
      parties: details.parties.map((pt) => ({ role: pt.role, name: pt.name, ...(pt.nationalId ? { nationalId: pt.nationalId } : {}) })),
      fees: { officeTariffRials: fq.officeTariffRials, judicialCostRials: fq.judicialCostRials, payableRials: fq.payableRials, settlement: settlement.kind },
      documents,
    };
    // Checked now, against placeholder ids, so a request the central would refuse is refused at the counter.
    const trial = p.manifest.safeParse({ ...content, v: p.PROTOCOL_VERSION, submissionId: randomUUID(), officeId: randomUUID(), deviceId: randomUUID() });
    if (!trial.success) {
      throw new DomainError('SUBMISSION_INVALID', 'the request does not make a valid manifest', {
        fields: trial.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), reason: i.message })),
      });
    }
    return content;
  }

  // ---------- the loop ----------

  /**
   * Starts a round soon (after the current turn, so a handler's transaction has committed before
   * the loop reads what it wrote), or right after the one running.
   */
  kick(): void {
    // without autoStart the caller drives every round (runOnce, probe, pull)
    if (this.closed || this.kickPending || !this.opts.autoStart) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      this.startRound();
    });
  }

  private startRound(): void {
    if (this.closed) return;
    if (this.round) {
      this.again = true;
      return;
    }
    if (this.nextTimer) clearTimeout(this.nextTimer);
    this.nextTimer = null;
    this.round = this.runRound()
      .catch((err: unknown) => this.hub.log.error('sync round failed', { err: String(err) }))
      .finally(() => {
        this.round = null;
        if (this.again) {
          this.again = false;
          this.startRound();
        } else this.scheduleNext();
      });
  }

  /** One round, awaited (tests, and `sync.retryNow`). */
  async runOnce(): Promise<void> {
    while (this.round) await this.round;
    this.startRound();
    while (this.round) await this.round;
  }

  private scheduleNext(): void {
    if (this.closed || this.link === 'offline' || this.identityProblem) return;
    const next = s.nextAttemptAt(this.db);
    if (!next) return;
    const wait = Math.min(Math.max(Date.parse(next) - this.hub.now().getTime(), 50), this.opts.watchdogMs);
    this.nextTimer = setTimeout(() => this.kick(), wait);
    this.nextTimer.unref();
  }

  private async runRound(): Promise<void> {
    if (this.link === 'offline' || this.identityProblem) return; // the probe (or a fix) brings it back
    const conn = this.clientFor();
    if (!conn) return;
    const tried = new Set<string>();
    let stop = false;
    const worker = async () => {
      while (!stop && !this.closed) {
        const item = s.dueItems(this.db, this.nowIso(), this.opts.concurrency * 2 + tried.size).find((i) => !tried.has(i.submissionId) && !this.inFlight.has(i.submissionId));
        if (!item) return;
        tried.add(item.submissionId);
        try {
          await this.deliver(item, conn.client, conn.identity);
        } catch (err) {
          if (err instanceof StopRound) stop = true;
          else throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: this.opts.concurrency }, worker));
    if (tried.size > 0 && !stop && this.opts.autoStart) void this.pull();
  }

  private async deliver(item: s.OutboxRow, client: CentralClient, identity: s.SyncIdentityRow): Promise<void> {
    const id = item.submissionId;
    const sub = s.submission(this.db, id);
    if (!sub) return;
    const progress: Progress = { pagesDone: 0, pagesTotal: 0, bytesDone: 0, bytesTotal: 0 };
    this.inFlight.set(id, progress);
    s.recordAttempt(this.db, id, this.nowIso());
    this.emitSoon();
    try {
      const { manifestJson, signature, manifest } = this.signedManifest(sub, identity);
      await this.uploadPages(id, manifest, client, progress);
      const answer = await client.submit(id, manifestJson, signature);
      this.acceptReceipt(sub, answer, manifestJson, identity);
      this.link = 'online';
      this.lastError = null;
    } catch (err) {
      this.failed(item, err);
      if (err instanceof CentralError && (err.status === null || err.disposition === 'identity')) throw new StopRound();
    } finally {
      this.inFlight.delete(id);
      this.emitSoon();
    }
  }

  /** The signed manifest: made and stored the first time, the same bytes ever after. */
  private signedManifest(sub: s.SubmissionRow, identity: s.SyncIdentityRow): { manifestJson: string; signature: string; manifest: Manifest } {
    if (sub.manifest && sub.signature) {
      const parsed = p.manifest.safeParse(JSON.parse(sub.manifest));
      if (parsed.success) return { manifestJson: sub.manifest, signature: sub.signature, manifest: parsed.data };
    }
    const content = JSON.parse(sub.content) as Content;
    const candidate = { ...content, v: p.PROTOCOL_VERSION, submissionId: sub.id, officeId: identity.officeId, deviceId: identity.deviceId };
    const parsed = p.manifest.safeParse(candidate);
    if (!parsed.success) throw new LocalDefect('SUBMISSION_INVALID', 'the stored submission no longer makes a valid manifest');
    const manifestJson = p.canonicalJson(candidate);
    const signature = signText(this.deviceKey(), manifestJson);
    s.saveSignedManifest(this.db, sub.id, manifestJson, sha256Hex(manifestJson), signature);
    const stored = s.submission(this.db, sub.id)!;
    return { manifestJson: stored.manifest!, signature: stored.signature!, manifest: p.manifest.parse(JSON.parse(stored.manifest!)) };
  }

  private async uploadPages(id: string, manifest: Manifest, client: CentralClient, progress: Progress): Promise<void> {
    const pages = new Map<string, { bytes: number; number: number }>();
    let n = 0;
    for (const d of manifest.documents) for (const pg of d.pages) if (!pages.has(pg.sha256)) pages.set(pg.sha256, { bytes: pg.bytes, number: ++n });
    progress.pagesTotal = pages.size;
    progress.bytesTotal = [...pages.values()].reduce((a, b) => a + b.bytes, 0);
    const confirmed = s.confirmedPages(this.db, id);
    let todo = [...pages.keys()].filter((sha) => !confirmed.has(sha));
    const done = (sha: string) => {
      progress.pagesDone += 1;
      progress.bytesDone += pages.get(sha)!.bytes;
    };
    for (const sha of confirmed) if (pages.has(sha)) done(sha);
    if (todo.length > 0) {
      const missing = new Set(await client.missing(todo));
      const at = this.nowIso();
      this.db.transaction(() => {
        for (const sha of todo) if (!missing.has(sha)) s.confirmPage(this.db, id, sha, at);
      })();
      for (const sha of todo) if (!missing.has(sha)) done(sha);
      todo = todo.filter((sha) => missing.has(sha));
    }
    const queue = [...todo];
    const upload = async () => {
      for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
        const page = pages.get(sha)!;
        let data: Buffer;
        try {
          data = await this.store.get(sha);
        } catch (err) {
          if (err instanceof PageStoreError && (err.code === 'NOT_FOUND' || err.code === 'CORRUPT')) {
            throw new LocalDefect('SYNC_PAGE_MISSING', `page ${page.number} (${sha.slice(0, 12)}…) is ${err.code === 'NOT_FOUND' ? 'missing' : 'damaged'} in the page store`);
          }
          throw err;
        }
        if (data.length !== page.bytes || sha256Hex(data) !== sha) throw new LocalDefect('SYNC_PAGE_MISSING', `page ${page.number} does not match its digest`);
        await client.putBlob(sha, data);
        s.confirmPage(this.db, id, sha, this.nowIso());
        done(sha);
        this.emitSoon();
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(this.opts.uploadConcurrency, Math.max(queue.length, 1)) }, upload));
    const failure = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private acceptReceipt(sub: s.SubmissionRow, answer: p.SubmitResponse, manifestJson: string, identity: s.SyncIdentityRow): void {
    const { receipt } = answer;
    const fits = receipt.submissionId === sub.id && receipt.officeId === identity.officeId && receipt.manifestSha256 === sha256Hex(manifestJson);
    if (!fits || !verifyText(publicKeyFromRaw(identity.serverPublicKey), p.canonicalJson(receipt), answer.signature)) {
      throw new CentralError('RECEIPT_INVALID', 'the central’s receipt does not verify against this submission', 200, 'retry');
    }
    const at = this.nowIso();
    const req = r.getRequest(this.db, sub.requestId);
    const store = () => {
      s.markDelivered(this.db, sub.id, { trackingCode: receipt.trackingCode, receipt: p.canonicalJson(receipt), receiptSignature: answer.signature, at });
      record(this.db, this.hub.now(), {
        actor: 'system',
        action: 'submissionDelivered',
        subject: `request:${sub.requestId}`,
        detail: { submissionId: sub.id, trackingCode: receipt.trackingCode, replay: !answer.created },
      });
    };
    this.db
      .transaction(() => {
        if (req && req.status === 'readyToSend') this.requests.step(req, { type: 'submitted', trackingCode: receipt.trackingCode }, null, store);
        else store();
      })
      .immediate();
    this.lastDeliveredAt = at;
    this.requests.changed(sub.requestId);
  }

  private failed(item: s.OutboxRow, err: unknown): void {
    const id = item.submissionId;
    const at = this.hub.now();
    const attempts = item.attempts + 1;
    if (err instanceof LocalDefect) {
      s.setOutboxState(this.db, id, 'flagged', err.code, err.message, at.toISOString());
      this.hub.log.warn('outbox item flagged', { submissionId: id, code: err.code });
      return;
    }
    if (!(err instanceof CentralError)) {
      this.hub.log.error('outbox item failed unexpectedly', { submissionId: id, err: String(err) });
      s.scheduleRetry(this.db, id, this.retryAt(attempts, null), 'INTERNAL', String(err).slice(0, 500));
      return;
    }
    this.lastError = { code: err.code, message: err.message.slice(0, 500), at: at.toISOString() };
    switch (err.disposition) {
      case 'person':
        this.db
          .transaction(() => {
            s.setOutboxState(this.db, id, 'rejected', err.code, err.message.slice(0, 1000), at.toISOString());
            record(this.db, at, { actor: 'system', action: 'submissionRejected', subject: `submission:${id}`, reason: err.message.slice(0, 500), detail: { code: err.code, status: err.status } });
          })
          .immediate();
        return;
      case 'reupload':
        s.forgetConfirmedPages(this.db, id);
        s.scheduleRetry(this.db, id, this.retryAt(attempts, null), err.code, err.message.slice(0, 1000));
        return;
      case 'identity':
        this.identityProblem = { code: err.code, message: err.message.slice(0, 500) };
        s.scheduleRetry(this.db, id, this.retryAt(attempts, err.retryAfterMs), err.code, err.message.slice(0, 1000));
        this.goOffline();
        return;
      case 'retry':
        s.scheduleRetry(this.db, id, this.retryAt(attempts, err.retryAfterMs), err.code, err.message.slice(0, 1000));
        if (err.status === null) this.goOffline();
        return;
    }
  }

  /** Capped exponential backoff with full jitter, never sooner than the central asked. */
  retryAt(attempts: number, retryAfterMs: number | null): string {
    const ceiling = Math.min(this.opts.backoff.capMs, this.opts.backoff.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
    const wait = Math.max(Math.floor(this.opts.random() * ceiling), retryAfterMs ?? 0);
    return new Date(this.hub.now().getTime() + wait).toISOString();
  }

  // ---------- the link ----------

  private goOffline(): void {
    this.link = 'offline';
    this.emitSoon();
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed || this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe();
    }, this.opts.probeMs);
    this.probeTimer.unref();
  }

  /** While offline: is the central back? Then every waiting item may go at once. */
  async probe(): Promise<boolean> {
    const conn = this.clientFor();
    if (!conn || this.closed) return false;
    try {
      await conn.client.health();
      if (this.identityProblem) await conn.client.status(Number(s.stateValue(this.db, STATUS_CURSOR) ?? 0), 1);
    } catch (err) {
      if (err instanceof CentralError && err.disposition === 'identity') this.identityProblem = { code: err.code, message: err.message };
      this.scheduleProbe();
      return false;
    }
    const wasDown = this.link !== 'online' || this.identityProblem !== null;
    this.link = 'online';
    this.identityProblem = null;
    if (wasDown) s.retryAllNow(this.db, this.nowIso());
    this.emitSoon();
    this.kick();
    return true;
  }

  /** The counter's «تلاش دوباره»: every waiting item now, and a probe if the link was down. */
  async retryNow(): Promise<void> {
    s.retryAllNow(this.db, this.nowIso());
    if (this.link === 'offline' || this.identityProblem) {
      if (this.probeTimer) clearTimeout(this.probeTimer);
      this.probeTimer = null;
      await this.probe();
    } else this.kick();
  }

  // ---------- a person's part ----------

  /** A rejected or flagged item back into the drain, once someone has fixed what was wrong. */
  resend(submissionId: string, staff: Staff): void {
    const item = s.outboxItem(this.db, submissionId);
    if (!item) throw new DomainError('SYNC_ITEM_UNKNOWN', 'no such item in the outbox');
    if (item.state === 'pending') return;
    this.db
      .transaction(() => {
        s.setOutboxState(this.db, submissionId, 'pending', item.lastErrorCode, item.lastErrorMessage, this.nowIso());
        s.forgetConfirmedPages(this.db, submissionId);
        record(this.db, this.hub.now(), { actor: `staff:${staff.userId}`, action: 'submissionResent', subject: `submission:${submissionId}`, detail: { was: item.state, code: item.lastErrorCode } });
      })
      .immediate();
    this.emitSoon();
    this.kick();
  }

  retentionDays(): number {
    return Number(s.stateValue(this.db, RETENTION_KEY) ?? DEFAULT_RETENTION_DAYS);
  }

  setRetentionDays(days: number, staff: Staff): void {
    this.db
      .transaction(() => {
        const was = this.retentionDays();
        s.setStateValue(this.db, RETENTION_KEY, String(days));
        record(this.db, this.hub.now(), { actor: `staff:${staff.userId}`, action: 'deviceSettingChanged', subject: 'retention', detail: { was, days } });
      })
      .immediate();
    this.emitSoon();
  }

  /**
   * Retention (ماده ۳۸ ب): the page images and OCR text of requests whose submission the central
   * receipted more than `retentionDays` ago leave the office; the request, its manifest and the signed
   * receipt stay. Pages are marked and their files queued in one transaction per request (audited);
   * files go afterwards, each only if no other page still needs it (the store is content-addressed),
   * so a crash in between leaves the queue for the next run.
   */
  async purge(): Promise<{ requests: number; pages: number; files: number }> {
    const now = this.hub.now();
    const cutoff = new Date(now.getTime() - this.retentionDays() * 86_400_000).toISOString();
    let requests = 0;
    let pages = 0;
    for (const cand of s.purgeCandidates(this.db, cutoff, 200)) {
      this.db
        .transaction(() => {
          const n = s.purgeRequestPages(this.db, cand.requestId, now.toISOString());
          record(this.db, now, {
            actor: 'system',
            action: 'documentsPurged',
            subject: `request:${cand.requestId}`,
            detail: { submissionId: cand.submissionId, pages: n, deliveredAt: cand.deliveredAt, retentionDays: this.retentionDays() },
          });
          pages += n;
        })
        .immediate();
      requests++;
    }
    let files = 0;
    for (const sha of s.fileGcQueue(this.db)) {
      if (!s.fileStillNeeded(this.db, sha)) {
        await this.store.remove(sha);
        files++;
      }
      s.fileGcDone(this.db, sha);
    }
    if (requests > 0) this.hub.log.info('retention removed the pages of receipted submissions', { requests, pages, files });
    return { requests, pages, files };
  }

  setMarginDays(days: number): void {
    s.setStateValue(this.db, MARGIN_KEY, String(days));
    this.emitSoon();
  }

  // ---------- pull: the authority's decisions and tariff tables ----------

  pull(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.pulling ??= this.pullNow().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  private async pullNow(): Promise<void> {
    if (this.link === 'offline' || this.identityProblem) return;
    const conn = this.clientFor();
    if (!conn) return;
    try {
      for (;;) {
        const after = Number(s.stateValue(this.db, STATUS_CURSOR) ?? 0);
        const { updates, next } = await conn.client.status(after);
        this.applyStatuses(updates, Math.max(next, after));
        if (updates.length === 0 || next <= after) break;
      }
      const tables = await conn.client.tariffs(Number(s.stateValue(this.db, TARIFF_CURSOR) ?? 0));
      this.applyTariffs(tables.tables, conn.identity);
      this.lastPullAt = this.nowIso();
      this.link = 'online';
    } catch (err) {
      if (err instanceof CentralError) {
        this.lastError = { code: err.code, message: err.message.slice(0, 500), at: this.nowIso() };
        if (err.disposition === 'identity') this.identityProblem = { code: err.code, message: err.message };
        if (err.status === null || err.disposition === 'identity') this.goOffline();
      } else this.hub.log.error('pulling from the central failed', { err: String(err) });
    }
    this.emitSoon();
  }

  private applyStatuses(updates: p.StatusUpdate[], cursor: number): void {
    const changed: string[] = [];
    this.db
      .transaction(() => {
        for (const u of updates) {
          const sub = s.submission(this.db, u.submissionId);
          if (!sub || sub.authorityStatus === u.status) continue;
          s.setAuthorityStatus(this.db, sub.id, u.status, u.reason, u.at);
          const req = r.getRequest(this.db, sub.requestId);
          const event = u.status === 'accepted' ? ({ type: 'accepted' } as const) : ({ type: 'returned', reason: u.reason?.trim() || '—' } as const);
          if (req && req.status === 'submitted') this.requests.step(req, event, null);
          record(this.db, this.hub.now(), { actor: 'central', action: 'authorityDecision', subject: `request:${sub.requestId}`, reason: u.reason, detail: { submissionId: sub.id, status: u.status } });
          changed.push(sub.requestId);
        }
        s.setStateValue(this.db, STATUS_CURSOR, String(cursor));
      })
      .immediate();
    for (const id of changed) this.requests.changed(id);
  }

  private applyTariffs(tables: p.SignedTariffTable[], identity: s.SyncIdentityRow): void {
    const serverKey = publicKeyFromRaw(identity.serverPublicKey);
    for (const t of [...tables].sort((a, b) => a.version - b.version)) {
      if (!verifyText(serverKey, p.canonicalJson({ version: t.version, table: t.table, publishedAt: t.publishedAt }), t.signature)) {
        this.lastError = { code: 'TARIFF_SIGNATURE_INVALID', message: `tariff version ${t.version} does not verify`, at: this.nowIso() };
        this.hub.log.warn('a tariff table from the central does not verify; ignored', { version: t.version });
        return; // the cursor stays: it is asked again next time
      }
      const stored = r.listTariffTables(this.db);
      this.db
        .transaction(() => {
          if (!stored.some((x) => x.id === t.table.id)) {
            try {
              validateTables([...stored, t.table as TariffTable]);
            } catch (err) {
              this.lastError = { code: 'TARIFF_REFUSED', message: String(err).slice(0, 500), at: this.nowIso() };
              s.setStateValue(this.db, TARIFF_CURSOR, String(t.version));
              return;
            }
            r.insertTariffTable(this.db, t.table as TariffTable, this.nowIso(), null);
            record(this.db, this.hub.now(), { actor: 'central', action: 'tariffReceived', subject: `tariff:${t.table.id}`, detail: { version: t.version, effectiveFrom: t.table.effectiveFrom } });
          }
          s.setStateValue(this.db, TARIFF_CURSOR, String(t.version));
        })
        .immediate();
    }
  }

  // ---------- what the screens show ----------

  private emitSoon(): void {
    if (this.emitTimer || this.closed) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.hub.events.emit('sync.changed', { at: this.nowIso() });
    }, 200);
    this.emitTimer.unref();
  }

  marginDays(): number {
    return Number(s.stateValue(this.db, MARGIN_KEY) ?? DEFAULT_MARGIN_DAYS);
  }

  items(): SyncItemView[] {
    return this.itemRows().map((row) => row.view);
  }

  /** Every outbox item with its submission, read once for both the items table and the status. */
  private itemRows(): { view: SyncItemView; sub: s.SubmissionRow }[] {
    const today = jalaliDayOf(this.hub.now());
    return s.outboxItems(this.db).map((o) => {
      const sub = s.submission(this.db, o.submissionId)!;
      const req = r.getRequest(this.db, sub.requestId);
      const progress = this.inFlight.get(o.submissionId) ?? null;
      const view: SyncItemView = {
        submissionId: o.submissionId,
        requestId: sub.requestId,
        requestYear: req?.year ?? 0,
        requestNumber: req?.number ?? 0,
        state: o.state,
        sending: progress !== null,
        deadline: o.deadline,
        daysLeft: o.deadline ? safeDaysLeft(o.deadline, today) : null,
        queuedAt: o.queuedAt,
        pages: sub.pages,
        bytes: sub.bytes,
        attempts: o.attempts,
        nextAttemptAt: o.state === 'pending' ? o.nextAttemptAt : null,
        lastErrorCode: o.lastErrorCode,
        lastErrorMessage: o.lastErrorMessage,
        progress,
      };
      return { view, sub };
    });
  }

  /** What of a submission is still to upload: its distinct pages (`sub.bytes`) less those the central confirmed. */
  private bytesLeftOf(sub: s.SubmissionRow): number {
    const confirmed = s.confirmedPages(this.db, sub.id);
    if (confirmed.size === 0) return sub.bytes;
    const sizes = new Map<string, number>();
    for (const d of (JSON.parse(sub.content) as Content).documents) for (const pg of d.pages) sizes.set(pg.sha256, pg.bytes);
    let done = 0;
    for (const sha of confirmed) done += sizes.get(sha) ?? 0;
    return sub.bytes - done;
  }

  status(): SyncStatusView {
    const identity = s.identity(this.db);
    const rows = this.itemRows();
    const items = rows.map((row) => row.view);
    const margin = this.marginDays();
    const pending = items.filter((i) => i.state === 'pending');
    const bytesLeft = rows.filter((row) => row.view.state === 'pending').reduce((sum, row) => sum + this.bytesLeftOf(row.sub), 0);
    const current = items.find((i) => i.progress) ?? null;
    return {
      enrolled: identity !== null,
      centralUrl: identity?.centralUrl ?? null,
      officeName: identity?.officeName ?? null,
      officeCode: identity?.officeCode ?? null,
      pendingEnrollment: pendingView(this.currentPendingEnrollment()),
      link: identity === null ? 'unenrolled' : this.identityProblem ? 'refused' : this.link,
      pending: pending.length,
      rejected: items.filter((i) => i.state === 'rejected').length,
      flagged: items.filter((i) => i.state === 'flagged').length,
      deadlineBound: pending.filter((i) => i.deadline !== null).length,
      bytesLeft,
      current: current ? { submissionId: current.submissionId, requestYear: current.requestYear, requestNumber: current.requestNumber, progress: current.progress! } : null,
      lastError: this.identityProblem ? { ...this.identityProblem, at: this.lastError?.at ?? this.nowIso() } : this.lastError,
      nextRetryAt: s.nextAttemptAt(this.db),
      lastDeliveredAt: this.lastDeliveredAt,
      lastPullAt: this.lastPullAt,
      marginDays: margin,
      retentionDays: this.retentionDays(),
      alarms: items
        .filter((i) => i.daysLeft !== null && i.daysLeft <= margin)
        .map((i) => ({ submissionId: i.submissionId, requestId: i.requestId, requestYear: i.requestYear, requestNumber: i.requestNumber, deadline: i.deadline!, daysLeft: i.daysLeft! })),
    };
  }
}

/** A defect here (a page gone from the store, a manifest that no longer validates): a person must look. */
class LocalDefect extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function safeDaysLeft(deadline: string, today: { year: number; month: number; day: number }): number | null {
  try {
    return daysLeft(deadline, today);
  } catch {
    return 0; // an unreadable deadline alarms at once rather than never
  }
}
