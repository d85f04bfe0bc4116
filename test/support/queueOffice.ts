import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { insertStaff } from '../../db/staff';
import { saveCounter } from '../../db/queue';
import { Hub, type HubOptions } from '../../hub/hub';
import { hashPassword } from '../../hub/auth/passwords';
import { silentLogger } from '../../hub/log';
import { createWebServer, WS_PATH } from '../../hub/web/server';
import type { TicketPrinterFactory } from '../../hub/queue/printerPort';
import { wsClient, type WsClient } from './wsClient';

/**
 * A real office for queue tests and benchmarks: a hub on a database file, its WebSocket server on
 * loopback, `counters` clerks each sitting at their own counter, and a kiosk — all over the wire.
 */
export async function queueOffice(options: {
  counters: number;
  ticketPrinter?: TicketPrinterFactory;
  now?: () => Date;
  /** the data folder (made if missing; removed at close either way) and the database key: the backup benchmark's office */
  dir?: string;
  key?: Buffer;
  /** more of the hub's options (its page store folder, its backups) */
  hubOptions?: Partial<HubOptions>;
}) {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'daftaryar-office-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  // encrypted as in production (the hub's key file), so the race test and the benchmark pay what a real office pays
  const db = openDatabase(path.join(dir, 'office.sqlite'), { key: options.key ?? randomBytes(32) });
  // 10:00 in Tehran unless told otherwise, so every service is open
  const now = options.now ?? (() => new Date(Date.UTC(2026, 10, 28, 6, 30) + (performance.now() | 0)));
  const hub = new Hub({ db, version: 'test', log: silentLogger, now, auth: { failureDelayMs: 0 }, ...options.hubOptions, ...(options.ticketPrinter ? { ticketPrinter: options.ticketPrinter } : {}) });
  const server = await createWebServer({ hub, rendererDir, host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `ws://127.0.0.1:${address.port}${WS_PATH}`;

  const setup = await wsClient(url);
  await setup.ok('setup.createOffice', {
    office: { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '1234', city: 'تهران' },
    manager: { displayName: 'مدیر', username: 'maryam', password: 'office-password-1' },
  });
  const serviceIds = db.prepare('SELECT id FROM service').pluck().all() as number[];
  const hash = await hashPassword('clerk-password-1');
  const clerks: Array<{ client: WsClient; counterId: number; session: string }> = [];
  for (let i = 1; i <= options.counters; i++) {
    const counterId = db.prepare('SELECT id FROM counter WHERE number = ?').pluck().get(i) as number | undefined;
    const id = saveCounter(db, { id: counterId, number: i, active: true, serviceIds });
    insertStaff(db, { username: `clerk${i}`, displayName: `کارمند ${i}`, role: 'clerk', passwordHash: hash }, new Date().toISOString());
    const client = await wsClient(url);
    const { session } = await client.ok('auth.login', { username: `clerk${i}`, password: 'clerk-password-1' });
    client.setSession(session);
    await client.ok('queue.openCounter', { counterId: id });
    clerks.push({ client, counterId: id, session });
  }
  const kiosk = await wsClient(url);
  kiosk.setSession((await kiosk.ok('auth.deviceLogin', { role: 'kiosk' })).session);
  setup.close();

  return {
    db,
    hub,
    url,
    clerks,
    kiosk,
    serviceIds,
    async close() {
      for (const c of clerks) c.client.close();
      kiosk.close();
      await server.close();
      hub.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
