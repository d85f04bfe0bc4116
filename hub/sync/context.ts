/**
 * What every step of the outbox shares: the options, the explicit dependencies a step is given (database,
 * clock, log, the request workflow, the page store, the loop's nudges) and the hub's in-memory view of
 * the link. No step reaches the others through a service object; the facade (syncService.ts) wires them.
 */
import type * as p from '../../core/sync/protocol';
import type { Manifest } from '../../core/sync/protocol';
import type { Database } from '../../db/sqlite';
import type { Logger } from '../log';
import type { RequestService } from '../request/requestService';
import type { PageStore } from '../capture/pageStore';
import type { CentralClient } from './centralClient';

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

export type ResolvedSyncOptions = Required<Omit<SyncOptions, 'backoff'>> & { backoff: { baseMs: number; capMs: number } };

export function resolveOptions(options: SyncOptions): ResolvedSyncOptions {
  return {
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
}

/** Keys in `sync_state` (and the device key's in `secret`). */
export const DEVICE_KEY = 'sync.deviceKey';
export const MARGIN_KEY = 'alarm.marginDays';
export const STATUS_CURSOR = 'status.after';
export const TARIFF_CURSOR = 'tariffs.after';
export const STATISTICS_CURSOR = 'statistics.after';
export const RETENTION_KEY = 'retention.days';
export const DEFAULT_MARGIN_DAYS = 1;
/** How long the page images of a receipted submission stay at the office (changeable by the manager). */
export const DEFAULT_RETENTION_DAYS = 90;

/** What «ارسال» froze: the manifest without the ids the central gives (office, device). */
export type Content = Omit<Manifest, 'v' | 'submissionId' | 'officeId' | 'deviceId'>;

export interface Progress {
  pagesDone: number;
  pagesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface PendingEnrollment {
  token: string;
  centralUrl: string;
  answer: p.EnrollResponse;
  der: Buffer;
  publicKey: string;
  local: { name: string; code: string };
  /** epoch ms */
  expiresAt: number;
}

export type Link = 'unknown' | 'online' | 'offline';

/** The hub's in-memory view of the outbox: the link, the last error, what is being sent right now. */
export interface SyncState {
  link: Link;
  lastError: { code: string; message: string; at: string } | null;
  /** the central refused this device (revoked, clock, signature): nothing goes until it is fixed */
  identityProblem: { code: string; message: string } | null;
  lastDeliveredAt: string | null;
  lastPullAt: string | null;
  readonly inFlight: Map<string, Progress>;
  client: { key: string; client: CentralClient } | null;
  /**
   * An enrollment the central answered for an office other than this one (another name or code): held
   * here, not saved, until the manager confirms it having seen both (or lets it go, or it expires).
   */
  pendingEnrollment: PendingEnrollment | null;
  /**
   * The complaints' retry backoff, in memory only: a complaint row keeps no time (migration 0031), so
   * after a failure the next try waits here; a restart tries again at once.
   */
  complaints: { failures: number; retryAt: number };
  closed: boolean;
}

export function initialState(): SyncState {
  return { link: 'unknown', lastError: null, identityProblem: null, lastDeliveredAt: null, lastPullAt: null, inFlight: new Map(), client: null, pendingEnrollment: null, complaints: { failures: 0, retryAt: 0 }, closed: false };
}

/** What the loop (loop.ts) offers the steps: tell the screens soon, start a round soon, mark the link down, pull now, probe later. */
export interface SyncNudges {
  changed(): void;
  kick(): void;
  offline(): void;
  pull(): void;
  probeLater(): void;
  cancelProbe(): void;
}

export interface SyncDeps {
  db: Database;
  now: () => Date;
  log: Logger;
  version: string;
  requests: Pick<RequestService, 'forChange' | 'step' | 'changed'>;
  store: Pick<PageStore, 'get' | 'remove'>;
  opts: ResolvedSyncOptions;
  /** cut when the service closes: every call to the central in flight ends */
  signal: AbortSignal;
  state: SyncState;
  nudge: SyncNudges;
}

export const nowIso = (deps: Pick<SyncDeps, 'now'>): string => deps.now().toISOString();

/** A defect here (a page gone from the store, a manifest that no longer validates): a person must look. */
export class LocalDefect extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
