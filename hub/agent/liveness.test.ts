import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { CONTRACT_VERSION as contractVersion } from '../../core/api/version';
import { setUpHub } from '../../test/support/hub';
import { pairedClient } from '../../test/support/lanClient';
import { createWebServer, WS_PATH } from '../web/server';

// A workstation agent on a real WebSocket through web mode's server (every connection counted as the
// LAN's), its peer either answering the hub's pings as `ws` does by itself, or not at all: a PC that
// went silent without closing anything.

const EVERY_MS = 100;
const TIMEOUT_MS = 150;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function office() {
  const t = await setUpHub();
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'daftaryar-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const server: FastifyInstance = await createWebServer({
    hub: t.hub,
    rendererDir,
    host: '127.0.0.1',
    port: 0,
    requirePairing: true,
    limits: { agentPingEveryMs: EVERY_MS, agentPongTimeoutMs: TIMEOUT_MS },
  });
  cleanups.push(() => t.close(), () => rmSync(rendererDir, { recursive: true, force: true }), () => server.close());
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `ws://127.0.0.1:${address.port}${WS_PATH}`;
  const { device } = await pairedClient(t, 'counter', 'باجهٔ ۱');
  const changes: Array<{ deviceId: number; online: boolean; at: number }> = [];
  t.hub.services.events.on('agent.changed', (p) => changes.push({ ...p, at: Date.now() }));

  /** The agent's connection: device proven, hello said, agent.job subscribed. `autoPong: false`: it never answers a ping. */
  async function agent(autoPong: boolean) {
    const ws = new WebSocket(url, { autoPong });
    cleanups.push(() => ws.terminate());
    const answers = new Map<number, (f: { ok: boolean }) => void>();
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as { t: string; id: number; ok: boolean };
      if (f.t === 'res') answers.get(f.id)?.(f);
    });
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    const ask = (frame: Record<string, unknown> & { id: number }) =>
      new Promise<{ ok: boolean }>((resolve) => {
        answers.set(frame.id, resolve);
        ws.send(JSON.stringify(frame));
      });
    expect((await ask({ t: 'call', id: 1, proc: 'auth.device', input: { deviceId: device.deviceId, credential: device.credential } })).ok).toBe(true);
    expect((await ask({ t: 'call', id: 2, proc: 'agent.hello', input: { contractVersion, agentVersion: '0.1.0', devices: [] } })).ok).toBe(true);
    expect((await ask({ t: 'sub', id: 3, event: 'agent.job' })).ok).toBe(true);
    // from here on: the hello's own news (not yet subscribed, so not online) is no departure
    changes.length = 0;
    return { ws, subscribedAt: Date.now() };
  }
  const online = () => t.hub.services.agents.online(device.deviceId);
  return { agent, changes, online, deviceId: device.deviceId };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the hub’s watch on an agent connection', () => {
  it('marks an agent that stops answering away within ping interval + timeout, by closing its connection', async () => {
    const o = await office();
    const { ws, subscribedAt } = await o.agent(false);
    expect(o.online()).toBe(true);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    const deadline = Date.now() + 3000;
    while (o.online() && Date.now() < deadline) await sleep(10);
    expect(o.online()).toBe(false);
    const away = o.changes.find((c) => !c.online);
    expect(away).toMatchObject({ deviceId: o.deviceId, online: false });
    const after = away!.at - subscribedAt;
    // the first ping goes EVERY_MS after the subscription, the drop TIMEOUT_MS after it (timers slack allowed)
    expect(after).toBeGreaterThanOrEqual(EVERY_MS + TIMEOUT_MS - 5);
    expect(after).toBeLessThan(EVERY_MS + TIMEOUT_MS + 400);
    await closed;
  });

  it('keeps an agent that answers the pings connected for many intervals', async () => {
    const o = await office();
    const { ws } = await o.agent(true);
    let pings = 0;
    ws.on('ping', () => pings++);
    await sleep(6 * (EVERY_MS + TIMEOUT_MS));
    expect(o.online()).toBe(true);
    expect(o.changes.filter((c) => !c.online)).toEqual([]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // it was asked: pinged every interval, not left alone
    expect(pings).toBeGreaterThanOrEqual(5);
  });
});
