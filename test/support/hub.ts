import { openDatabase } from '../../db/open';
import { Hub, type HubOptions } from '../../hub/hub';
import { silentLogger, type Logger } from '../../hub/log';
import { newConnection } from '../../hub/auth/connection';
import type { ResultFrame } from '../../core/api/wire';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../core/api/contract';

/** A hub on an in-memory database with a controllable clock, for handler and dispatch tests. */
export function testHub(options: Partial<HubOptions> & { log?: Logger; startAt?: string } = {}) {
  let now = new Date(options.startAt ?? '2026-11-28T06:30:00.000Z');
  const db = options.db ?? openDatabase(':memory:');
  const hub = new Hub({
    db,
    version: 'test',
    log: options.log ?? silentLogger,
    now: () => now,
    auth: { failureDelayMs: 0, ...options.auth },
    clockIntervalMs: options.clockIntervalMs ?? 60_000,
    ...(options.ticketPrinter ? { ticketPrinter: options.ticketPrinter } : {}),
    ...(options.pdfPrinter ? { pdfPrinter: options.pdfPrinter } : {}),
    ...(options.paymentTerminal ? { paymentTerminal: options.paymentTerminal } : {}),
    ...(options.receiptPrinter ? { receiptPrinter: options.receiptPrinter } : {}),
    ...(options.capture ? { capture: options.capture } : {}),
    ...(options.deviceJobTimeouts ? { deviceJobTimeouts: options.deviceJobTimeouts } : {}),
    backup: { checkEveryMs: 0, ...options.backup },
    ...(options.officeKey ? { officeKey: options.officeKey } : {}),
    ...(options.updates ? { updates: options.updates } : {}),
    // the outbox runs only when a test drives it (or asks for its timers)
    sync: { autoStart: false, ...options.sync },
  });
  let id = 1;
  // in process, every call is a connection of its own (what one connection may carry is tested over real ones)
  const raw = (frame: unknown): Promise<ResultFrame> => hub.call(frame, { kind: 'local', connection: newConnection() });
  async function call<P extends ProcedureName>(proc: P, input: ProcedureInput<P>, session?: string): Promise<ResultFrame> {
    return raw({ t: 'call', id: id++, proc, input, ...(session ? { session } : {}) });
  }
  async function ok<P extends ProcedureName>(proc: P, input: ProcedureInput<P>, session?: string): Promise<ProcedureOutput<P>> {
    const res = await call(proc, input, session);
    if (!res.ok) throw new Error(`${proc} failed: ${res.error.code} ${res.error.message}`);
    return res.output as ProcedureOutput<P>;
  }
  return {
    hub,
    db,
    raw,
    call,
    ok,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    setNow(iso: string) {
      now = new Date(iso);
    },
    close() {
      hub.close();
      db.close();
    },
  };
}

export const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '۱۲۳۴', city: 'تهران' };
export const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };

/** A hub whose office is set up, with the manager logged in. */
export async function setUpHub(options: Parameters<typeof testHub>[0] = {}) {
  const t = testHub(options);
  await t.ok('setup.createOffice', { office, manager });
  const { session } = await t.ok('auth.login', { username: manager.username, password: manager.password });
  return { ...t, managerSession: session };
}

/** A second staff member, created straight in the database (no certificate: the `staff.*` procedures are tested in hub/staff/handlers.test.ts). */
export async function addClerk(t: { db: import('../../db/sqlite').Database; ok: ReturnType<typeof testHub>['ok'] }, username = 'reza', role: 'clerk' | 'legalExpert' = 'clerk') {
  const { hashPassword } = await import('../../hub/auth/passwords');
  const { insertStaff } = await import('../../db/staff');
  const password = `pw-${username}-12345`;
  insertStaff(t.db, { username, displayName: `کارمند ${username}`, role, passwordHash: await hashPassword(password) }, new Date().toISOString());
  const { session } = await t.ok('auth.login', { username, password });
  return session;
}
