import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PairedHub } from '../../native/lan/hubClient';
import { startLanHub, type LanHub } from '../../test/support/lanHub';
import { saveWhere } from '../follow';
import { joinOffice } from '../join';
import { DeviceAgent } from './agent';
import { scannerRegistry } from './devices';
import { deadHubUrl } from '../../test/support/ports';

// The agent of a PC whose window followed the office to its promoted standby first: the window
// rewrote the settings and raised the epoch it knows, so asking the standby would learn nothing new —
// the agent goes where the settings say (workstation/follow.ts hubToFollow).

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});


describe('the agent following the office', () => {
  it('goes to the hub its settings name when a window of its PC moved there first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-ws-follow-agent-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const hub: LanHub = await startLanHub();
    cleanup.push(() => hub.close());
    const { code } = await hub.issueCode('counter', 'باجهٔ ۴');
    // the settings on disk name the live hub (the window's move); the agent still holds the dead one
    const settings = await joinOffice({ hubUrl: hub.address, code, kind: 'counter', name: 'باجهٔ ۴', dataDir: dir });
    saveWhere(dir, { epoch: 2, standbyUrl: `https://${hub.address}` });
    const dead: PairedHub = { ...settings.hub, url: await deadHubUrl() };
    const lines: string[] = [];
    let followedAt: Record<string, unknown> | undefined;
    const moved: PairedHub[] = [];
    const agent = new DeviceAgent({ hub: dead, dataDir: dir, registry: scannerRegistry([]), agentVersion: 'test', log: { info: (m, d) => (lines.push(m), m === 'followed the promoted standby' && (followedAt = d)), warn: (m) => lines.push(m) }, backoff: { firstMs: 50, maxMs: 200 }, onHubMoved: (h) => moved.push(h) });
    const stop = new AbortController();
    const running = agent.run(stop.signal).catch(() => undefined);
    cleanup.push(async () => {
      stop.abort();
      await running;
    });
    for (let i = 0; i < 200 && !lines.includes('connected to the hub'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(lines).toContain('followed the promoted standby');
    // the line names the epoch the office serves under now (as the window's move learned it)
    expect(followedAt).toEqual({ url: settings.hub.url, epoch: 2 });
    expect(lines).toContain('connected to the hub');
    expect(moved).toEqual([settings.hub]);
  }, 30_000);
});
