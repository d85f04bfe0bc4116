import type { Database } from '../db/sqlite';
import type { Principal } from '../core/api/schemas';
import type { DeviceKind } from '../core/roles';
import type { EventBus } from './events';
import type { Logger } from './log';
import type { AttemptGuard, AttemptPolicy } from './auth/attempts';
import type { TicketPrinterFactory } from './queue/printerPort';
import type { PdfPrinter } from '../native/receipt';
import type { PaymentTerminalFactory } from './payment/terminalPayment';
import type { ReceiptPrinterFactory } from './receiptPrinter/receiptPrinter';
import type { Connection, TransportKind } from './auth/connection';

/** Login and session policy; numbers documented in docs/LOGIN.md. */
export interface AuthPolicy extends AttemptPolicy {
  /** minimum time a failed login takes to answer (ms) */
  failureDelayMs: number;
  /** staff session lifetime (hours): one working day plus overtime */
  staffSessionHours: number;
  /** device session lifetime (hours); a revoked device's sessions end at once */
  deviceSessionHours: number;
}

export const defaultAuthPolicy: AuthPolicy = {
  failureDelayMs: 800,
  lockAfterFailures: 5,
  lockMinutes: 15,
  staffSessionHours: 12,
  deviceSessionHours: 24 * 30,
  sourceFailures: 10,
  sourceWindowMinutes: 15,
  inFlightPerSource: 2,
  inFlightPerAccount: 2,
};

/**
 * What every part of the hub stands on: the database, events, the log, the clock (injectable, so
 * tests control time), the policies and the device factories. The services (requests, capture,
 * sync, …) are built on this in one place (hub/hub.ts) and never reach one another through it;
 * handlers get all of them as `HubServices` (hub/services.ts).
 */
export interface HubBase {
  db: Database;
  events: EventBus;
  log: Logger;
  now(): Date;
  version: string;
  startedAt: Date;
  auth: AuthPolicy;
  /** bounds password guessing per source and per account name (hub/auth/attempts.ts) */
  attempts: AttemptGuard;
  /** builds the ticket printer the queue settings name (tests point it at a fake on loopback) */
  ticketPrinter: TicketPrinterFactory;
  /** the HTML → PDF printer for A5 receipts (default: one headless Chromium, started on first use) */
  pdfPrinter: () => PdfPrinter;
  /** builds the card terminal (PC-POS) a counter's setting names, per payment (tests point it at a simulator) */
  paymentTerminal: PaymentTerminalFactory;
  /** builds the thermal receipt printer a counter's setting names (ESC/POS over TCP, as the ticket printer; tests point it at a fake) */
  receiptPrinter: ReceiptPrinterFactory;
}

export type { TransportKind };

/**
 * A connection from another PC of the LAN (docs/SECURITY.md § Devices on the LAN): until it proves
 * to be a paired device (`auth.pair`, `auth.device`) only pairing is served on it; then its sessions
 * are its own and its kind bounds them. Absent for the hub's own PC (IPC, loopback).
 */
export interface LanConnection {
  deviceId: number | null;
  kind: DeviceKind | null;
}

export interface CallContext {
  /** null when the call carried no (valid) session — only public procedures run then */
  principal: Principal | null;
  /** the caller's session (sha256 of its token, expiry), when there is one */
  session: { hash: string; expiresAt: string; locked: boolean; mustChangePassword: boolean } | null;
  transport: TransportKind;
  remoteAddress?: string | undefined;
  /** set on LAN connections; pairing handlers fill it in */
  lan?: LanConnection | undefined;
  /** the connection the call came on, and the kind of caller it carries (hub/auth/connection.ts) */
  connection: Connection;
}
