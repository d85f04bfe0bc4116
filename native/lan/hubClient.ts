/**
 * A client on another PC of the office LAN that pins the office's certificate authority — what a
 * satellite counter (Electron), a headless screen or a test uses to reach the hub
 * (docs/SECURITY.md § Devices on the LAN).
 *
 * Pairing trusts nothing yet: the TLS handshake is accepted as it comes, but before a byte of the
 * code is sent the client recomputes the code's check digits from the authority key the server
 * showed. A machine in the middle shows its own key, the check fails (one time in a million it
 * would not), the connection is dropped and the secret never left. Once paired, every connection
 * is verified against the pinned authority alone: another certificate fails the handshake.
 */
import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ConnectionOptions, DetailedPeerCertificate, TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { deviceKinds, type DeviceKind } from '../../core/roles';
import type { ResultFrame } from '../../core/api/wire';
import { z } from 'zod';
import { normalizeFingerprint } from '../../core/format/fingerprint';
import { checkMatches, parsePairingCode, spkiFingerprint } from './pairingCode';

/** What a paired device keeps (its credential is a secret: store it as one). */
export const pairedHub = z.object({
  /** wss://host:port/api/ws */
  url: z.string().url(),
  deviceId: z.number().int().positive(),
  credential: z.string().min(43).max(43),
  kind: z.enum(deviceKinds),
  /** sha256 of the office authority's public key */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  /** the office authority's certificate, PEM: the only one trusted for this hub */
  authorityPem: z.string(),
});
export type PairedHub = z.infer<typeof pairedHub>;

export class PairingError extends Error {
  constructor(
    readonly reason: 'malformedCode' | 'certificate' | 'refused' | 'unreachable',
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PairingError';
  }
}

const eventFrame = z.object({ t: z.literal('evt'), event: z.string().max(100), payload: z.unknown() });
const resultFrame = z.object({ t: z.literal('res'), id: z.number().nullable(), ok: z.boolean(), output: z.unknown().optional(), error: z.object({ code: z.string(), message: z.string() }).optional() });

/** The authority the server presented: the issuer of its certificate, which it must have signed. */
function presentedAuthority(socket: TLSSocket): X509Certificate | null {
  const leaf = socket.getPeerCertificate(true);
  if (!leaf?.raw || !leaf.issuerCertificate?.raw) return null;
  const leafX = new X509Certificate(leaf.raw);
  const issuer = new X509Certificate(leaf.issuerCertificate.raw);
  if (!issuer.ca || !leafX.checkIssued(issuer) || !leafX.verify(issuer.publicKey)) return null;
  return issuer;
}

/** One request/answer exchange over a socket, frames numbered. */
class Calls {
  private next = 1;
  private readonly waiting = new Map<number, (frame: ResultFrame) => void>();
  /** listeners of event frames (`{ t:'evt', event, payload }`), for the subscriptions made on this connection */
  readonly eventListeners = new Set<(event: string, payload: unknown) => void>();
  constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const json = safeJson(String(data));
      const evt = eventFrame.safeParse(json);
      if (evt.success) {
        for (const l of this.eventListeners) l(evt.data.event, evt.data.payload);
        return;
      }
      const parsed = resultFrame.safeParse(json);
      if (!parsed.success || parsed.data.id === null) return;
      const done = this.waiting.get(parsed.data.id);
      this.waiting.delete(parsed.data.id);
      done?.(parsed.data as ResultFrame);
    });
    ws.on('close', () => {
      for (const [id, done] of this.waiting) done({ t: 'res', id, ok: false, error: { code: 'HUB_UNREACHABLE', message: 'connection closed' } });
      this.waiting.clear();
    });
  }
  call(proc: string, input: unknown, session?: string): Promise<ResultFrame> {
    return this.send({ t: 'call', proc, input, ...(session ? { session } : {}) });
  }
  subscribe(event: string, session?: string): Promise<ResultFrame> {
    return this.send({ t: 'sub', event, ...(session ? { session } : {}) });
  }
  private send(frame: Record<string, unknown>): Promise<ResultFrame> {
    const id = this.next++;
    return new Promise((resolve) => {
      if (this.ws.readyState !== this.ws.OPEN) return resolve({ t: 'res', id, ok: false, error: { code: 'HUB_UNREACHABLE', message: 'connection closed' } });
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ ...frame, id }));
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function opened(ws: WebSocket, timeoutMs: number, verify?: (res: IncomingMessage) => Error | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new PairingError('unreachable', 'the hub did not answer in time'));
    }, timeoutMs);
    ws.once('upgrade', (res) => {
      const problem = verify?.(res) ?? null;
      if (problem) {
        clearTimeout(timer);
        ws.terminate();
        reject(problem);
      }
    });
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof PairingError ? err : new PairingError('unreachable', `cannot reach the hub: ${err.message}`));
    });
  });
}

/** Pair this device with the hub at `url` using the code the manager shows. */
export async function pairWithHub(options: { url: string; code: string; timeoutMs?: number }): Promise<PairedHub> {
  const code = parsePairingCode(options.code);
  if (!code) throw new PairingError('malformedCode', 'a pairing code is 12 digits');
  let authority: X509Certificate | null = null;
  // nothing is sent on this connection before the check below has passed
  const ws = new WebSocket(options.url, { rejectUnauthorized: false });
  await opened(ws, options.timeoutMs ?? 10_000, (res) => {
    const socket = res.socket as TLSSocket;
    if (typeof socket.getPeerCertificate !== 'function') return new PairingError('certificate', 'the hub must be reached over TLS (wss://)');
    authority = presentedAuthority(socket);
    if (!authority || !checkMatches(code, spkiFingerprint(authority))) return new PairingError('certificate', 'the certificate the hub showed does not match the pairing code: another machine may be in the way');
    return null;
  });
  try {
    const answer = await new Calls(ws).call('auth.pair', { code: code.secret + code.check });
    if (!answer.ok) throw new PairingError('refused', `the hub refused the code (${answer.error.code})`, answer.error.code);
    const out = answer.output as { deviceId: number; credential: string; kind: DeviceKind; fingerprint: string };
    const fingerprint = spkiFingerprint(authority!);
    if (normalizeFingerprint(out.fingerprint) !== fingerprint) throw new PairingError('certificate', 'the hub names another certificate than the one it showed');
    return pairedHub.parse({ url: options.url, deviceId: out.deviceId, credential: out.credential, kind: out.kind, fingerprint, authorityPem: authority!.toString() });
  } finally {
    ws.close();
  }
}

export interface HubConnection {
  call(proc: string, input: unknown, session?: string): Promise<ResultFrame>;
  /** subscribes this connection to an event; its frames go to the `onEvent` listeners */
  subscribe(event: string, session?: string): Promise<ResultFrame>;
  /** listens to the events delivered on this connection; returns the way to stop */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** resolves with the close code (4403: the device was revoked) */
  closed: Promise<number>;
  close(): void;
}

/** TLS options that trust the pinned office authority alone (host names are not checked: the office PC's address may change, its authority does not). */
export function pinnedTlsOptions(hub: Pick<PairedHub, 'authorityPem' | 'fingerprint'>): WebSocket.ClientOptions {
  const tls: ConnectionOptions = {
    ca: hub.authorityPem,
    checkServerIdentity: (_host, cert) => {
      const issuer = (cert as DetailedPeerCertificate).issuerCertificate?.raw;
      return issuer && spkiFingerprint(issuer) === hub.fingerprint ? undefined : new Error('the hub certificate is not from the pinned office authority');
    },
  };
  // (ws hands these to tls.connect; its typings say checkServerIdentity returns a boolean, Node's say Error | undefined)
  return tls as WebSocket.ClientOptions;
}

/** A connection to the hub this device paired with: the pinned authority only, then `auth.device`. */
export async function connectPinned(hub: PairedHub, options: { timeoutMs?: number } = {}): Promise<HubConnection> {
  const ws = new WebSocket(hub.url, pinnedTlsOptions(hub));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await opened(ws, options.timeoutMs ?? 10_000);
  const calls = new Calls(ws);
  const hello = await calls.call('auth.device', { deviceId: hub.deviceId, credential: hub.credential });
  if (!hello.ok) {
    ws.close();
    throw new PairingError('refused', `the hub refused this device (${hello.error.code})`, hello.error.code);
  }
  return {
    call: (proc, input, session) => calls.call(proc, input, session),
    subscribe: (event, session) => calls.subscribe(event, session),
    onEvent: (listener) => {
      calls.eventListeners.add(listener);
      return () => calls.eventListeners.delete(listener);
    },
    closed,
    close: () => ws.close(),
  };
}

/**
 * TLS options that trust the pinned office authority alone (the host name is not checked: the
 * office PC's address may change, its authority does not) — for other requests to the same hub,
 * e.g. a workstation agent's page uploads over HTTPS.
 */
export function pinnedTls(hub: Pick<PairedHub, 'authorityPem' | 'fingerprint'>): ConnectionOptions {
  return {
    ca: hub.authorityPem,
    checkServerIdentity: (_host, cert) => {
      const issuer = (cert as DetailedPeerCertificate).issuerCertificate?.raw;
      return issuer && spkiFingerprint(issuer) === hub.fingerprint ? undefined : new Error('the hub certificate is not from the pinned office authority');
    },
  };
}
