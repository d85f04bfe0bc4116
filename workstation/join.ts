/**
 * Joining an office: pair with the hub using the code the manager shows (native/lan/hubClient.ts —
 * the certificate's check digits are verified before the secret is sent), then keep the result.
 */
import { PairingError, pairWithHub } from '../native/lan/hubClient';
import { WS_PATH } from '../core/api/paths';
import { saveSettings, type WorkstationSettings } from './settings';

export type JoinErrorReason = 'malformedCode' | 'certificate' | 'refused' | 'unreachable' | 'badAddress';

/** Why joining failed, as a reason the screen says in Persian, and the hub's code when it refused. */
export class JoinError extends Error {
  constructor(
    readonly reason: JoinErrorReason,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'JoinError';
  }
}

/** `https://10.0.0.5:4780` (or already `wss://…/api/ws`) → the hub's WebSocket address. */
export function hubSocketUrl(hubUrl: string): string {
  let url: URL;
  try {
    url = new URL(hubUrl);
  } catch {
    throw new JoinError('badAddress', `not an address: ${hubUrl}`);
  }
  if (url.protocol === 'https:' || url.protocol === 'wss:') return `wss://${url.host}${WS_PATH}`;
  throw new JoinError('badAddress', 'the hub is reached over https only');
}

export async function joinOffice(options: { hubUrl: string; code: string; kind: 'counter' | 'kiosk' | 'board'; name: string; dataDir: string; timeoutMs?: number }): Promise<WorkstationSettings> {
  const url = hubSocketUrl(options.hubUrl);
  let hub;
  try {
    hub = await pairWithHub({ url, code: options.code, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  } catch (err) {
    if (err instanceof PairingError) throw new JoinError(err.reason, err.message, err.code);
    throw err;
  }
  // the manager's code decides the kind; a different one asked for here is not taken
  if (hub.kind !== options.kind) throw new JoinError('refused', `the code is for a ${hub.kind}, not a ${options.kind}`, 'DEVICE_KIND_MISMATCH');
  const settings: WorkstationSettings = { hub, name: options.name, kind: options.kind, joinedAt: new Date().toISOString() };
  saveSettings(options.dataDir, settings);
  return settings;
}
