/**
 * A workstation's updates (docs/UPDATES.md): what electron/updater.ts asks before it does anything.
 * The feed is the office hub's (`feedUrlOf`), reached with this PC's device credential
 * (`deviceAuthorization`) over TLS that trusts the pinned office authority alone
 * (`pinnedCertificate`, for Chromium's certificate check of electron-updater's session).
 *
 * When: a check at start (after START_DELAY_MS, the windows first), every CHECK_EVERY_MS, and at once
 * when the hub refuses this PC for its contract version. What: an update is offered only when it is
 * newer than this app. Never mid-service: the prompt «نصب به‌روزرسانی و راه‌اندازی دوباره» waits
 * until no window has called the hub for QUIET_MS — except when the hub refuses this PC, where no
 * service can go on anyway. Declined, the same version is offered again only at the next start or
 * when the hub refuses this PC.
 */
import { X509Certificate } from 'node:crypto';
import { UPDATES_PATH } from '../../core/api/updates';
import { appVersion, compareVersions } from '../../core/updates/feed';
import type { PairedHub } from '../../native/lan/hubClient';
import { spkiFingerprint } from '../../native/lan/pairingCode';

export const START_DELAY_MS = 60_000;
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
/** no call from any window for this long: nobody is mid-service */
export const QUIET_MS = 5 * 60 * 1000;
/** how often a waiting offer looks for its quiet moment */
export const RETRY_PROMPT_MS = 60_000;

/** The generic provider's URL: the hub's updates folder, on the address and port this PC paired with. */
export function feedUrlOf(hub: Pick<PairedHub, 'url'>): string {
  const ws = new URL(hub.url);
  return `https://${ws.host}${UPDATES_PATH}/`;
}

export function deviceAuthorization(hub: Pick<PairedHub, 'deviceId' | 'credential'>): string {
  return `Device ${hub.deviceId}:${hub.credential}`;
}

/**
 * Whether a server's certificate (PEM) is from the pinned office authority: its issuer (PEM, as the
 * server sent it) is a CA whose public key has the pinned fingerprint, and it signed the leaf. The
 * host name is not checked (the office PC's address may change, its authority does not), as
 * native/lan/hubClient.ts `pinnedTls`.
 */
export function pinnedCertificate(leafPem: string, issuerPem: string | null | undefined, fingerprint: string): boolean {
  if (!issuerPem) return false;
  try {
    const leaf = new X509Certificate(leafPem);
    const issuer = new X509Certificate(issuerPem);
    if (!issuer.ca || spkiFingerprint(issuer) !== fingerprint) return false;
    if (!leaf.checkIssued(issuer) || !leaf.verify(issuer.publicKey)) return false;
    const now = Date.now();
    return Date.parse(leaf.validFrom) <= now && now <= Date.parse(leaf.validTo);
  } catch {
    return false;
  }
}

export type OfferDecision = 'none' | 'wait' | 'prompt';

/** The state of one workstation's update, as its main process sees it; the clock is injected. */
export class UpdateOffer {
  private downloadedVersion: string | null = null;
  private declined: string | null = null;
  private refusedByHub = false;
  private lastActivity = Number.NEGATIVE_INFINITY;

  constructor(
    readonly currentVersion: string,
    private readonly now: () => number = Date.now,
    private readonly quietMs = QUIET_MS,
  ) {}

  /** a window called the hub (someone is working) */
  activity(): void {
    this.lastActivity = this.now();
  }

  /** the hub refused this PC for its contract version: offer whatever is there, and again if declined */
  refused(): void {
    this.refusedByHub = true;
    this.declined = null;
  }

  /** electron-updater has the version downloaded and verified (its sha512 against the feed) */
  downloaded(version: string): void {
    this.downloadedVersion = version;
  }

  /** the person chose «بعداً» */
  decline(): void {
    this.declined = this.downloadedVersion;
  }

  /** the version to offer, if it is newer than this app */
  get offered(): string | null {
    const v = this.downloadedVersion;
    if (v === null || !appVersion.safeParse(v).success || !appVersion.safeParse(this.currentVersion).success) return null;
    return compareVersions(v, this.currentVersion) > 0 ? v : null;
  }

  decide(): OfferDecision {
    const v = this.offered;
    if (v === null || v === this.declined) return 'none';
    if (this.refusedByHub) return 'prompt';
    return this.now() - this.lastActivity >= this.quietMs ? 'prompt' : 'wait';
  }
}
