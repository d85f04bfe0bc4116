import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRows } from '../../db/audit';
import { setUpHub } from '../../test/support/hub';
import { pairedClient } from '../../test/support/lanClient';
import { releaseFolder } from '../../test/support/updateFeeds';
import { serveHub } from '../../test/support/webServer';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'daftaryar-updates-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function office() {
  const t = await setUpHub({ updates: { dir: path.join(temp(), 'updates') } });
  const counter = await pairedClient(t, 'counter', 'باجهٔ اول', '10.77.0.11');
  const kiosk = await pairedClient(t, 'kiosk', 'کیوسک', '10.77.0.12');
  const board = await pairedClient(t, 'board', 'تابلو', '10.77.0.13');
  return { t, counter, kiosk, board };
}

describe('updates for the workstations', () => {
  it('the manager imports an installer from a folder; the trail records the version; the status names it', async () => {
    const o = await office();
    const release = releaseFolder(temp(), { version: '0.2.0' });
    const { available } = await o.t.ok('updates.import', { folder: release.dir }, o.t.managerSession);
    expect(available).toEqual([{ platform: 'windows', version: '0.2.0', file: release.installer, bytes: release.bytes.length, releaseDate: '2026-12-01T08:00:00.000Z' }]);
    const entry = [...auditRows(o.t.db)].find((r) => r.action === 'updateImported');
    expect(JSON.parse(entry!.detail)).toMatchObject({ folder: release.dir, available: [{ platform: 'windows', version: '0.2.0' }] });
    const status = await o.t.ok('updates.status', {}, o.t.managerSession);
    expect(status.available.map((a) => a.version)).toEqual(['0.2.0']);
    o.t.close();
  });

  it('a refused import says why in its code and changes nothing', async () => {
    const o = await office();
    const bad = releaseFolder(temp(), { feedSha512: createHash('sha512').update('other').digest('base64') });
    const answer = await o.t.call('updates.import', { folder: bad.dir }, o.t.managerSession);
    expect(answer.ok ? null : answer.error.code).toBe('UPDATE_CHECKSUM_MISMATCH');
    expect((await o.t.ok('updates.status', {}, o.t.managerSession)).available).toEqual([]);
    o.t.close();
  });

  it('each workstation reports its version at connect; the status says which are behind the offered one', async () => {
    const o = await office();
    await o.t.ok('updates.import', { folder: releaseFolder(temp(), { version: '0.2.0' }).dir }, o.t.managerSession);
    await o.counter.lan.ok('updates.report', { appVersion: '0.1.0' });
    await o.kiosk.lan.ok('updates.report', { appVersion: '0.2.0' });
    // a board is no workstation: it runs no app of its own
    const refused = await o.board.lan.call('updates.report', { appVersion: '0.1.0' });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    const { workstations } = await o.t.ok('updates.status', {}, o.t.managerSession);
    expect(workstations.map(({ name, appVersion, behind }) => ({ name, appVersion, behind }))).toEqual([
      { name: 'باجهٔ اول', appVersion: '0.1.0', behind: true },
      { name: 'کیوسک', appVersion: '0.2.0', behind: false },
    ]);
    expect(workstations[0]!.reportedAt).toBe(o.t.hub.services.now().toISOString());
    o.t.close();
  });

  it('only a manager sees or imports updates', async () => {
    const o = await office();
    const answer = await o.counter.lan.call('updates.status', {});
    expect(answer.ok ? null : answer.error.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    o.t.close();
  });

  it('the HTTP route serves the feed and installer to a paired workstation only, and nothing else', async () => {
    const o = await office();
    const release = releaseFolder(temp(), { version: '0.2.0' });
    await o.t.ok('updates.import', { folder: release.dir }, o.t.managerSession);
    const server = await serveHub(o.t.hub);
    const base = `${server.url.replace('ws://', 'http://').replace('/api/ws', '')}/api/updates`;
    const as = (d: { device: { deviceId: number; credential: string } }) => ({ authorization: `Device ${d.device.deviceId}:${d.device.credential}` });
    const feed = await fetch(`${base}/latest.yml?noCache=1`, { headers: as(o.counter) });
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('version: 0.2.0');
    const installer = await fetch(`${base}/${release.installer}`, { headers: as(o.kiosk) });
    expect(installer.status).toBe(200);
    expect(Buffer.from(await installer.arrayBuffer())).toEqual(release.bytes);
    expect((await fetch(`${base}/latest.yml`)).status).toBe(403);
    expect((await fetch(`${base}/latest.yml`, { headers: as(o.board) })).status).toBe(403);
    expect((await fetch(`${base}/latest.yml`, { headers: { authorization: `Device ${o.counter.device.deviceId}:${'x'.repeat(43)}` } })).status).toBe(403);
    expect((await fetch(`${base}/latest-linux.yml`, { headers: as(o.counter) })).status).toBe(404);
    expect((await fetch(`${base}/..%2Fupdates%2Flatest.yml`, { headers: as(o.counter) })).status).toBe(404);
    await o.t.ok('device.revoke', { deviceId: o.counter.device.deviceId, reason: 'رایانه عوض شد' }, o.t.managerSession);
    expect((await fetch(`${base}/latest.yml`, { headers: as(o.counter) })).status).toBe(403);
    await server.close();
    o.t.close();
  });
});
