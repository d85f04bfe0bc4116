/**
 * Wrong pairing codes and the rest that follows too many (docs/SECURITY.md § Devices on the LAN):
 * after 5 in 10 minutes from one address pairing rests for that address; after 50 from all
 * addresses together every open code is voided and pairing rests for everyone.
 */
import { latestAuditSources } from '../../db/audit';
import type { Database } from '../../db/sqlite';

/** wrong codes from one address within the window before that address rests */
export const MAX_WRONG_CODES_PER_ADDRESS = 5;
/** wrong codes from all addresses together within the window before open codes are voided and everyone rests */
export const MAX_WRONG_CODES_IN_ALL = 50;
/** the window, and the rest that follows the limit */
const WRONG_CODE_WINDOW_MS = 10 * 60_000;

/** One address however it arrives: an IPv4 address and its IPv6-mapped form are the same PC. */
export function sourceOf(remoteAddress: string | null | undefined): string {
  if (!remoteAddress) return 'local';
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress;
}

/**
 * Wrong codes, counted from the audit trail itself (each one is an entry with its address), so a
 * restart forgets nothing. A limit is reached while the latest `max` wrong codes (of one address, or
 * of all) fell within the window and the newest of them is younger than it; while resting nothing
 * more is recorded, so the trail holds at most 50 wrong codes per 10 minutes and the latest 100
 * entries are enough to judge any address.
 */
export class WrongCodes {
  constructor(private readonly db: Database) {}
  private latest(): Array<{ at: number; source: string }> {
    return latestAuditSources(this.db, 'devicePairingFailed', 2 * MAX_WRONG_CODES_IN_ALL).map((e) => ({ at: Date.parse(e.at), source: sourceOf(e.from) }));
  }
  private static reached(times: number[], max: number, now: number): boolean {
    return times.length >= max && times[0]! - times[max - 1]! < WRONG_CODE_WINDOW_MS && now - times[0]! < WRONG_CODE_WINDOW_MS;
  }
  /** whether pairing rests for this address: its own limit, or the limit of all */
  resting(now: number, source: string): boolean {
    const latest = this.latest();
    return (
      WrongCodes.reached(latest.map((e) => e.at), MAX_WRONG_CODES_IN_ALL, now) ||
      WrongCodes.reached(latest.filter((e) => e.source === source).map((e) => e.at), MAX_WRONG_CODES_PER_ADDRESS, now)
    );
  }
  /** whether one more wrong code now reaches the limit of all (the caller records it and voids the open codes) */
  reachesLimitOfAll(now: number): boolean {
    return WrongCodes.reached([now, ...this.latest().map((e) => e.at)], MAX_WRONG_CODES_IN_ALL, now);
  }
}
