import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { applyKey } from '../../db/open';
import { SqliteDatabase } from '../../db/sqlite';
import { KEY_FILE, readKeyFile } from '../../hub/keys/keyFile';
import { wsClient } from '../support/wsClient';

// kill -9 the hub while kiosks are taking numbers, many times over: every number the hub answered
// must be on disk afterwards, and the next number after a restart must continue the sequence —
// no answered number lost, none handed out twice.
const START = path.resolve('dist/node/start.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startHub(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [START, '--web', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', () => {});
  const deadline = Date.now() + 10_000;
  while (!/counter\s+http:\/\/(\S+)\/counter/.test(out)) {
    if (Date.now() > deadline) throw new Error(`hub did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const host = /counter\s+http:\/\/(\S+)\/counter/.exec(out)![1]!;
  return { child, url: `ws://${host}/api/ws` };
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe('the queue survives kill -9', () => {
  it('keeps every answered number and continues the sequence after each crash (6 trials)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-crash-'));
    dirs.push(dataDir);
    const answered = new Map<string, number>(); // ticket id → number, as the kiosk was told

    let seed = 20261128;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

    for (let trial = 0; trial < 6; trial++) {
      const { child, url } = await startHub(dataDir);
      const setup = await wsClient(url);
      if (trial === 0) {
        await setup.ok('setup.createOffice', {
          office: { name: 'دفتر آزمایش', code: '1234', city: 'تهران' },
          manager: { displayName: 'مدیر', username: 'maryam', password: 'office-password-1' },
        });
        setup.setSession((await setup.ok('auth.login', { username: 'maryam', password: 'office-password-1' })).session);
        for (const s of (await setup.ok('queue.config', {})).services) await setup.ok('queue.saveService', { ...s, opensAt: '00:00', closesAt: '24:00' });
      }
      const kiosk = await wsClient(url);
      kiosk.setSession((await kiosk.ok('auth.deviceLogin', { role: 'kiosk' })).session);

      // the first number after a restart continues the sequence
      const maxBefore = Math.max(0, ...[...answered.values()]);
      const first = await kiosk.ok('queue.issueTicket', { serviceId: 1 });
      expect(first.ticket.number).toBeGreaterThan(maxBefore);
      answered.set(first.ticket.id, first.ticket.number);

      // kiosks keep taking numbers, 20 in flight, until the hub is killed mid-stream
      let stop = false;
      const streams = Array.from({ length: 20 }, async () => {
        while (!stop) {
          const res = await Promise.race([kiosk.call('queue.issueTicket', { serviceId: 1 }), killed(child).then(() => null)]);
          if (!res || !res.ok) return;
          const { ticket } = res.output as { ticket: { id: string; number: number } };
          answered.set(ticket.id, ticket.number);
        }
      });
      await new Promise((r) => setTimeout(r, 150 + rand() * 400));
      child.kill('SIGKILL');
      await killed(child);
      stop = true;
      await Promise.all(streams);
      kiosk.close();
      setup.close();

      // what the hub answered is what the disk holds
      // the hub encrypts the office database at rest: read it with the key the hub made
      const db = new SqliteDatabase(path.join(dataDir, 'office.sqlite'));
      applyKey(db, readKeyFile(path.join(dataDir, KEY_FILE)));
      const rows = new Map(db.prepare('SELECT id, number FROM ticket').all().map((r) => [(r as { id: string }).id, (r as { number: number }).number]));
      for (const [id, number] of answered) expect(rows.get(id), `answered ticket ${number} lost`).toBe(number);
      const numbers = [...rows.values()];
      expect(new Set(numbers).size).toBe(numbers.length);
      const issuedEvents = db.prepare("SELECT count(*) FROM ticket_event WHERE kind = 'issued'").pluck().get();
      expect(issuedEvents).toBe(rows.size);
      db.close();
    }
    expect(answered.size).toBeGreaterThan(100);
  }, 120_000);
});
