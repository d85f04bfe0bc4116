import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wsClient } from '../support/wsClient';

// `npm start` as a newcomer runs it: the built entry point, a real process, a real port.
const START = path.resolve('dist/node/start.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

beforeAll(() => {
  if (!existsSync(START)) throw new Error('dist/node/start.js missing: run `npm run build` first (npm test does)');
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [START, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const waitFor = async (re: RegExp, ms: number) => {
    const deadline = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return out;
  };
  return { child, output: () => out, waitFor, exited };
}

function dataDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'daftaryar-start-'));
  dirs.push(d);
  return d;
}

describe('npm start', () => {
  it('without an Electron binary says so in one line, then serves every role’s URL within 10 s', async () => {
    const dir = dataDir();
    const began = Date.now();
    // an empty override folder: "no Electron binary here", whatever the machine has
    const app = start(['--port', '0', '--data-dir', dir], { ELECTRON_OVERRIDE_DIST_PATH: dir });
    const out = await app.waitFor(/applicant\s+http:\/\/\S+/, 10_000);
    expect(out.split('\n').filter((l) => /Electron/.test(l))).toHaveLength(1);
    for (const shell of ['counter', 'kiosk', 'board', 'manager', 'applicant']) expect(out).toMatch(new RegExp(`${shell}\\s+http://127\\.0\\.0\\.1:\\d+/${shell}`));
    const counterUrl = /counter\s+(http:\/\/\S+)/.exec(out)![1]!;
    const res = await fetch(counterUrl);
    expect(res.status).toBe(200);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(existsSync(path.join(dir, 'office.sqlite'))).toBe(true);
  });

  it('refuses clearly when a second hub starts on the same data folder', async () => {
    const dir = dataDir();
    const first = start(['--web', '--port', '0', '--data-dir', dir]);
    await first.waitFor(/ready/, 10_000);
    const second = start(['--web', '--port', '0', '--data-dir', dir]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/another Daftaryar hub is already using this data folder/);
    // the first keeps serving
    const url = /counter\s+(http:\/\/\S+)/.exec(first.output())![1]!;
    expect((await fetch(url)).status).toBe(200);
  });

  // finding: with --require-pairing a brand-new office could not be set up from any browser
  it('with --require-pairing on a new office prints a one-time setup code that sets the office up from a browser', async () => {
    const app = start(['--web', '--port', '0', '--require-pairing', '--data-dir', dataDir()]);
    const out = await app.waitFor(/applicant\s+http:\/\/\S+/, 10_000);
    const shown = /setup code (\d{4} \d{4} \d{4})/.exec(out);
    expect(shown, out).not.toBeNull();
    const origin = /counter\s+(http:\/\/[^/\s]+)/.exec(out)![1]!;
    const browser = await wsClient(`${origin.replace(/^http/, 'ws')}/api/ws`);
    try {
      const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴', code: '1234', city: 'تهران' };
      const manager = { displayName: 'مریم احمدی', username: 'maryam', password: 'Sabz-Kuh-1403' };
      expect(await browser.call('setup.createOffice', { office, manager })).toMatchObject({ ok: false, error: { code: 'INVALID_SETUP_CODE' } });
      expect(await browser.call('setup.createOffice', { office, manager, setupCode: shown![1]! })).toMatchObject({ ok: true, output: { device: { kind: 'counter' } } });
      expect((await browser.call('auth.login', { username: manager.username, password: manager.password })).ok).toBe(true);
    } finally {
      browser.close();
    }
  });

  it('refuses unknown flags and bad values with the usage text', async () => {
    const bad = start(['--web', '--port', 'eighty']);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/invalid port/);
    expect(bad.output()).toMatch(/Usage: npm start/);
    const unknown = start(['--colour', 'red']);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toMatch(/Unknown option '--colour'/);
  });

  it('says clearly when the port is taken', async () => {
    const dir = dataDir();
    const first = start(['--web', '--port', '0', '--data-dir', dir]);
    const out = await first.waitFor(/counter\s+http/, 10_000);
    const port = /127\.0\.0\.1:(\d+)/.exec(out)![1]!;
    const second = start(['--web', '--port', port, '--data-dir', dataDir()]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/port is already in use/);
  });
});
