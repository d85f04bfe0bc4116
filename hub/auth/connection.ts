/**
 * One kind of caller per connection (docs/SECURITY.md § One kind of caller per connection).
 *
 * A connection — a browser tab's WebSocket, a desktop window's IPC, a LAN screen's link — carries
 * staff (any staff role) or one kind of screen (kiosk, board, applicant), never both and never one
 * after the other. The first session used or opened on it decides; a window the desktop app opened
 * for a screen is that screen's from the start. Without the rule any connection could claim any
 * screen: the clerk's own counter tab could open the applicant's screen session (`auth.deviceLogin`
 * is public on the hub's PC) and answer the Sana owner's consent or the pages' review for them.
 *
 * A refusal answers CONNECTION_OTHER_ROLE and is audited (`connectionRefused`) once per connection
 * and kind asked for: a client retrying in a loop leaves one entry, not thousands.
 */
import { DomainError } from '../../core/errors';
import { connectionKindOf, type ConnectionKind, type Role } from '../../core/roles';
import { record } from '../audit/auditLog';
import type { Database } from '../../db/sqlite';
import type { Logger } from '../log';

/** How a call reached the hub: a WebSocket, a desktop window's IPC, or in process. */
export type TransportKind = 'ws' | 'ipc' | 'local';

export interface Connection {
  /** the kind of caller it carries; null until the first session is used or opened on it */
  holds: ConnectionKind | null;
  /** who set it, for the audit entry of a refusal: `staff:3`, `device:applicant`, `window:counter` */
  heldBy: string | null;
  /** kinds refused on it and already on the audit trail */
  readonly refused: Set<ConnectionKind>;
}

/** A new connection; `window`: the screen a desktop window was opened for, which it carries from the start. */
export function newConnection(window?: { shell: string; kind: ConnectionKind }): Connection {
  return { holds: window?.kind ?? null, heldBy: window ? `window:${window.shell}` : null, refused: new Set() };
}

export interface ConnectionCall {
  connection: Connection;
  transport: TransportKind;
  remoteAddress?: string | undefined;
}

/**
 * May a caller of `role` be carried on this connection? Refuses (CONNECTION_OTHER_ROLE, audited)
 * when it already carries another kind. `via`: the procedure, or `event:<name>` for a subscription.
 */
export function checkConnection(hub: { db: Database; now(): Date; log: Logger }, call: ConnectionCall, role: Role, via: string): void {
  const { connection } = call;
  const asked = connectionKindOf(role);
  if (connection.holds === null || connection.holds === asked) return;
  if (!connection.refused.has(asked)) {
    connection.refused.add(asked);
    record(hub.db, hub.now(), {
      actor: connection.heldBy ?? 'anonymous',
      action: 'connectionRefused',
      detail: { holds: connection.holds, asked, via, transport: call.transport, ...(call.remoteAddress ? { address: call.remoteAddress } : {}) },
    });
  }
  hub.log.warn('connection refused another kind of caller', { holds: connection.holds, asked, via });
  throw new DomainError('CONNECTION_OTHER_ROLE', `this connection carries ${connection.holds}; it may not carry ${asked}`);
}

/** The connection carries `role`'s kind from now on (the first kind stays). */
export function claimConnection(connection: Connection, role: Role, by: string): void {
  if (connection.holds !== null) return;
  connection.holds = connectionKindOf(role);
  connection.heldBy = by;
}
