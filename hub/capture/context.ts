/**
 * What every capture step shares: the explicit dependencies a step is given (database, clock, log,
 * events, the request workflow, the page store, the native ports, the work folder), the jobs and
 * uploads in memory, the guard that pages may change, and the notice that they did.
 */
import { flowOf } from '../../core/fees/services';
import { DomainError } from '../../core/errors';
import type { Database } from '../../db/sqlite';
import type { RequestRow } from '../../db/requests';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { RequestService, Staff } from '../request/requestService';
import type { PageStore } from './pageStore';
import type { CapturePorts } from './ports';
import type { SealedUpload } from './sealedUpload';

export interface Upload {
  sealed: SealedUpload;
  owner: number;
  touched: number;
}

export interface RunningJob {
  controller: AbortController;
  counterId: number | null;
  requestId: string;
  done: Promise<void>;
}

/** What is in memory: the jobs running, the uploads not yet imported, the OCR loop's flags. */
export interface CaptureState {
  readonly running: Map<string, RunningJob>;
  readonly uploads: Map<string, Upload>;
  ocrBusy: boolean;
  ocrStopped: boolean;
  /** provisional pages whose heavy steps run now (processing.ts), and those waiting to be tried again */
  readonly processing: Map<string, Promise<void>>;
  readonly processingRetry: Set<string>;
  processingStopped: boolean;
}

export function initialState(): CaptureState {
  return { running: new Map(), uploads: new Map(), ocrBusy: false, ocrStopped: false, processing: new Map(), processingRetry: new Set(), processingStopped: false };
}

export interface CaptureDeps {
  db: Database;
  now: () => Date;
  log: Logger;
  events: EventBus;
  requests: Pick<RequestService, 'forChange' | 'get' | 'step' | 'changed'>;
  store: PageStore;
  ports: CapturePorts;
  /** this process's private work folder (workDir.ts): sealed uploads, scanimage's page FIFOs */
  workDir: string;
  /** where uploads are sealed while they arrive (inside workDir) */
  uploadDir: string;
  state: CaptureState;
}

export const nowIso = (deps: Pick<CaptureDeps, 'now'>): string => deps.now().toISOString();

/** Statuses in which pages may be added or changed: paid, and captured but not yet confirmed by the applicant. */
const EDITABLE = new Set(['paid', 'documentsCaptured']);

/** The request, if its pages may change now (the staff member's access checked). */
export function editable(deps: Pick<CaptureDeps, 'requests'>, requestId: string, staff: Staff): RequestRow {
  const req = deps.requests.forChange(requestId, staff);
  // a service that files nothing has no pages: nothing is scanned or imported for it
  if (!flowOf(req.service).steps.includes('documents')) throw new DomainError('STEP_NOT_IN_SERVICE', `${req.service} has no documents step`);
  if (!EDITABLE.has(req.status)) {
    throw new DomainError(req.status === 'applicantConfirmed' || req.status === 'originalsMatched' ? 'CAPTURE_LOCKED' : 'REQUEST_OUT_OF_ORDER', `pages can't change in ${req.status}`);
  }
  return req;
}

/** One job at a time per counter and per request. */
export function refuseWhileRunning(deps: Pick<CaptureDeps, 'state'>, counterId: number | null, requestId: string): void {
  for (const job of deps.state.running.values()) {
    if ((counterId !== null && job.counterId === counterId) || job.requestId === requestId) throw new DomainError('CAPTURE_RUNNING', 'a scan is already running here');
  }
}

/** The counter's screens are told the request's pages or jobs changed. */
export function changed(deps: Pick<CaptureDeps, 'events' | 'requests' | 'now'>, requestId: string, counterId: number | null, jobId: string | null): void {
  deps.events.emit('capture.changed', { requestId, counterId, jobId, at: nowIso(deps) });
  // pages edited while the applicant looks at them: their screen reloads the new list at once
  if (jobId === null && deps.requests.get(requestId).status === 'documentsCaptured') deps.requests.changed(requestId);
}
