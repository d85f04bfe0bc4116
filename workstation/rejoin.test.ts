import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectPinned, PairingError, type PairedHub } from '../native/lan/hubClient';
import { startLanHub, type LanHub } from '../test/support/lanHub';
import { JoinError, joinOffice } from './join';
import { rejoinOffice } from './rejoin';
import { loadSettings } from './settings';

// Rejoining after a revocation, for real: the hub's HTTPS server with the office certificate on
// 127.0.0.1, codes the manager issued, the revocation through the contract, and the headless agent
// (`npm run agent`, workstation/cli.ts) as a child process.

let hub: LanHub;
const cleanup: Array<() => unknown> = [];
beforeAll(async () => {
  hub = await startLanHub();
});
afterAll(async () => {
  await hub.close();
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-rejoin-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** What the hub answers a connection proving this credential. */
async function proves(paired: PairedHub): Promise<string> {
  try {
    // connectPinned proves the credential (auth.device) before it answers
    (await connectPinned(paired)).close();
    return 'ok';
  } catch (err) {
    if (err instanceof PairingError) return /\((\w+)\)/.exec(err.message)?.[1] ?? err.reason;
    throw err;
  }
}

/** The headless agent on `dir` with `args`; resolves with its exit code and the JSON lines it printed (stopped after `until` is seen). */
function agent(dir: string, args: string[], until?: (line: { message: string }) => boolean): Promise<{ code: number | null; lines: Array<{ level: string; message: string } & Record<string, unknown>> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.resolve('workstation/cli.ts'), '--data', dir, '--no-escl-discovery', '--no-dwt', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.push(() => child.exitCode === null && child.kill('SIGKILL'));
  const lines: Array<{ level: string; message: string } & Record<string, unknown>> = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const text = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      try {
        const line = JSON.parse(text) as { level: string; message: string };
        lines.push(line);
        if (until?.(line)) child.kill('SIGTERM');
      } catch {
        // not one of its lines
      }
    }
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, lines })));
}

describe('a revoked workstation joins again with a new code', () => {
  it('headless: revoked → the agent stops (exit 3) saying how to rejoin; `--rejoin --code` with the manager’s new code → connected again; the old credential stays refused', async () => {
    const dir = dataDir();
    const first = await joinOffice({ hubUrl: hub.address, code: (await hub.issueCode('counter', 'باجهٔ ۵')).code, kind: 'counter', name: 'باجهٔ ۵', dataDir: dir });
    await hub.ok('device.revoke', { deviceId: first.hub.deviceId, reason: 'رایانه تعمیر شد' }, hub.managerSession);

    const refused = await agent(dir, []);
    expect(refused.code).toBe(3);
    expect(refused.lines.at(-1)).toMatchObject({ level: 'error', code: 'DEVICE_REVOKED', rejoin: expect.stringContaining('--rejoin --code') });

    // a page the hub never confirmed, left in the spool by the revoked device's last scan
    mkdirSync(path.join(dir, 'spool', '0d6c1f0e-8f1b-4d8e-9c57-1b2a3c4d5e6f'), { recursive: true });
    writeFileSync(path.join(dir, 'spool', '0d6c1f0e-8f1b-4d8e-9c57-1b2a3c4d5e6f', '3.page'), 'sealed');

    const { code } = await hub.issueCode('counter', 'باجهٔ ۵');
    const back = await agent(dir, ['--rejoin', '--code', code], (l) => l.message === 'connected to the hub');
    const messages = back.lines.map((l) => l.message);
    expect(messages.slice(0, 2)).toEqual(['joined the office again', 'pages the hub never confirmed were set aside; scan them again']);
    expect(back.lines[1]).toMatchObject({ scans: 1, pages: 1 });
    expect(messages).toContain('connected to the hub');

    const now = loadSettings(dir)!;
    expect(now).toMatchObject({ name: 'باجهٔ ۵', kind: 'counter', hub: { url: first.hub.url, fingerprint: first.hub.fingerprint } });
    expect(now.hub.deviceId).not.toBe(first.hub.deviceId);
    expect(now.hub.credential).not.toBe(first.hub.credential);
    expect(await proves(now.hub)).toBe('ok');
    // the revoked credential is refused still: joining again did not bring it back
    expect(await proves(first.hub)).toBe('DEVICE_REVOKED');
    // the unconfirmed page is kept aside, sealed as it was, and not sent again
    const aside = readdirSync(dir).filter((f) => f.startsWith('spool-before-rejoin-'));
    expect(aside).toHaveLength(1);
    expect(existsSync(path.join(dir, aside[0]!, '0d6c1f0e-8f1b-4d8e-9c57-1b2a3c4d5e6f', '3.page'))).toBe(true);
  }, 60_000);

  it('a wrong or spent code changes nothing: the settings stay, the spool stays', async () => {
    const dir = dataDir();
    const first = await joinOffice({ hubUrl: hub.address, code: (await hub.issueCode('counter', 'باجهٔ ۶')).code, kind: 'counter', name: 'باجهٔ ۶', dataDir: dir });
    await hub.ok('device.revoke', { deviceId: first.hub.deviceId, reason: 'آزمون' }, hub.managerSession);
    mkdirSync(path.join(dir, 'spool', 'job'), { recursive: true });
    writeFileSync(path.join(dir, 'spool', 'job', '0.page'), 'sealed');
    const spent = (await hub.issueCode('counter', 'x')).code;
    await joinOffice({ hubUrl: hub.address, code: spent, kind: 'counter', name: 'x', dataDir: dataDir() });
    const err = await rejoinOffice({ dataDir: dir, code: spent }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JoinError);
    expect((err as JoinError).code).toBe('JOIN_CODE_REFUSED');
    expect(loadSettings(dir)).toEqual(first);
    expect(existsSync(path.join(dir, 'spool', 'job', '0.page'))).toBe(true);
    // a code issued for a kiosk does not make this counter one
    const kiosk = (await hub.issueCode('kiosk', 'کیوسک')).code;
    expect(await rejoinOffice({ dataDir: dir, code: kiosk }).then(() => 'joined', (e: JoinError) => e.code)).toBe('JOIN_KIND_MISMATCH');
    expect(loadSettings(dir)).toEqual(first);
  }, 30_000);
});
