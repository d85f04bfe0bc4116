/**
 * Joining the office (docs/OFFICE-SETUP.md): this PC pairs with the office hub using the 12-digit
 * code the manager issued — the code's check digits are verified against the certificate the hub
 * shows before its secret is sent (native/lan/hubClient.ts) — and keeps what pairing gave it as its
 * settings. Before the code is spent, the hub is asked which contract version it speaks: a hub of
 * another version is refused with both numbers, the code still good once one side is updated.
 */
import { CONTRACT_VERSION } from '../core/api/version';
import { hubSocketUrl, parseHubAddress, pairingCodeDigits, type JoinErrorCode, type WorkstationKind } from '../core/api/workstation';
import { PairingError, pairWithHub } from '../native/lan/hubClient';
import { probeContractVersion } from './hubHealth';
import { saveSettings, type WorkstationSettings } from './settings';

export class JoinError extends Error {
  constructor(
    readonly code: JoinErrorCode,
    message: string,
    readonly details: { hubVersion?: number | null; ourVersion?: number; codeKind?: string } = {},
  ) {
    super(message);
    this.name = 'JoinError';
  }
}

export interface JoinOptions {
  /** host, host:port, https://host:port or wss://host:port/api/ws */
  hubUrl: string;
  code: string;
  kind: WorkstationKind;
  name: string;
  dataDir: string;
  timeoutMs?: number;
  now?: () => Date;
  /** this build's contract version (CONTRACT_VERSION); another in tests of a mismatch */
  contractVersion?: number;
}

export async function joinOffice(options: JoinOptions): Promise<WorkstationSettings> {
  const address = parseHubAddress(options.hubUrl);
  if (!address) throw new JoinError('JOIN_BAD_ADDRESS', `not a hub address: ${options.hubUrl}`);
  const code = pairingCodeDigits(options.code);
  if (!code) throw new JoinError('JOIN_MALFORMED_CODE', 'a pairing code is 12 digits');
  const url = hubSocketUrl(address);

  let hubVersion: number | null;
  try {
    hubVersion = await probeContractVersion(url, options.timeoutMs);
  } catch (err) {
    throw new JoinError('JOIN_UNREACHABLE', (err as Error).message);
  }
  const ourVersion = options.contractVersion ?? CONTRACT_VERSION;
  if (hubVersion !== ourVersion) {
    throw new JoinError('JOIN_VERSION_MISMATCH', `the hub speaks contract version ${hubVersion ?? '(none)'}, this workstation ${ourVersion}`, { hubVersion, ourVersion });
  }

  let hub;
  try {
    hub = await pairWithHub({ url, code, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  } catch (err) {
    if (!(err instanceof PairingError)) throw err;
    const byReason: Record<PairingError['reason'], JoinErrorCode> = {
      malformedCode: 'JOIN_MALFORMED_CODE',
      certificate: 'JOIN_CERTIFICATE_MISMATCH',
      refused: 'JOIN_CODE_REFUSED',
      unreachable: 'JOIN_UNREACHABLE',
    };
    throw new JoinError(byReason[err.reason], err.message);
  }
  // the manager issued the code for one role: this PC's windows would be refused any other
  if (hub.kind !== options.kind) {
    throw new JoinError('JOIN_KIND_MISMATCH', `the code was issued for a ${hub.kind}, this PC was to be a ${options.kind}`, { codeKind: hub.kind });
  }
  const settings: WorkstationSettings = { hub, name: options.name.trim(), kind: options.kind, joinedAt: (options.now?.() ?? new Date()).toISOString() };
  try {
    saveSettings(options.dataDir, settings);
  } catch (err) {
    throw new JoinError('JOIN_SAVE_FAILED', `cannot save the settings: ${(err as Error).message}`);
  }
  return settings;
}
