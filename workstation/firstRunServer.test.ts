import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstRunHttp } from '../core/api/workstation';
import { startLanHub, type LanHub } from '../test/support/lanHub';
import { startFirstRunServer } from './firstRunServer';
import { loadSettings, type WorkstationSettings } from './settings';

let hub: LanHub;
let server: Awaited<ReturnType<typeof startFirstRunServer>>;
let dataDir: string;
let rendererDir: string;
const joined: WorkstationSettings[] = [];

beforeAll(async () => {
  hub = await startLanHub();
  dataDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-first-run-'));
  rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-first-run-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>دفتریار</title>');
  server = await startFirstRunServer({ rendererDir, dataDir, port: 0, onJoined: (s) => joined.push(s) });
});
afterAll(async () => {
  await server.close();
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

const post = (url: string, body: unknown, origin = server.origin) =>
  fetch(`${server.origin}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });

describe("web mode's first-run page", () => {
  it('serves the screen at /join with the renderer\'s security headers', async () => {
    const res = await fetch(`${server.origin}${firstRunHttp.page}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('دفتریار');
  });

  it('refuses a request from another origin, and says why a form is wrong', async () => {
    expect((await post(firstRunHttp.join, {}, 'https://evil.example')).status).toBe(403);
    expect((await post(firstRunHttp.becomeHub, {}, 'https://evil.example')).status).toBe(403);
    expect(await (await post(firstRunHttp.join, { hubAddress: hub.address, code: '', kind: 'counter', name: 'x' })).json()).toEqual({ ok: false, code: 'JOIN_MALFORMED_CODE' });
  });

  it('joins the real hub with a real code, once', async () => {
    const { code } = await hub.issueCode('board', 'تلویزیون سالن');
    const res = await post(firstRunHttp.join, { hubAddress: hub.address, code, kind: 'board', name: 'تلویزیون سالن' });
    expect(await res.json()).toEqual({ ok: true, kind: 'board', name: 'تلویزیون سالن', hubAddress: hub.address });
    expect(joined).toHaveLength(1);
    expect(loadSettings(dataDir)?.hub.kind).toBe('board');
    expect((await post(firstRunHttp.becomeHub, {})).status).toBe(409);
  });
});
