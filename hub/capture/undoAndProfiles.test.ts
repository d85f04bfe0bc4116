import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { setUpHub } from '../../test/support/hub';
import { clerkWithCalledTicket, paidRequest } from '../../test/support/requests';
import { scriptedScanner, testCapturePorts, type ScriptedScan } from '../../test/support/capture';
import type { ScannerDriver } from '../../native/capture/types';

// The counter's undo of a deleted page (capture.restorePage), the office's scan profiles per
// document type, and the scanner's model said after testing its address.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function office(script: ScriptedScan = { pages: [3, 4, 5, 6] }, driver?: (base: ScannerDriver) => ScannerDriver) {
  const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-undo-test-'));
  dirs.push(dir);
  const base = scriptedScanner(() => script);
  const scanner = driver ? driver(base) : base;
  const t = await setUpHub({ capture: { dir, ports: testCapturePorts(() => script, { driver: () => scanner }) } });
  const { clerk } = await clerkWithCalledTicket(t);
  await t.ok('scanner.set', { counterId: 1, setting: { driver: 'sane', deviceId: 'test:0', label: 'اسکنر آزمایشی', source: 'adf', dpi: 300, colorMode: 'grey' } }, clerk);
  const { request } = await paidRequest(t, clerk);
  const view = () => t.ok('capture.view', { requestId: request.id }, clerk);
  const pages = async () => (await view()).documents.flatMap((d) => d.pages);
  return { t, clerk, request, view, pages };
}

describe('undo of a deleted page', () => {
  it('brings the page back into its document, at its place and number, and the trail says so', async () => {
    const o = await office();
    await o.t.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.clerk);
    await o.t.hub.services.capture.idle();
    const before = await o.pages();
    const second = before[1]!;
    await o.t.ok('capture.editPage', { pageId: second.id, action: 'delete' }, o.clerk);
    expect((await o.pages()).map((p) => p.id)).toEqual([before[0]!.id, before[2]!.id, before[3]!.id]);

    const restored = await o.t.ok('capture.restorePage', { pageId: second.id }, o.clerk);
    const after = restored.documents.flatMap((d) => d.pages);
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(after.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(after[1]).toMatchObject({ sha256: second.sha256, documentId: second.documentId });
    // the digest the applicant confirms is the one before the delete again
    expect(restored.digest).toBe((await o.view()).digest);

    const audit = (await o.t.ok('audit.list', { limit: 50 }, o.t.managerSession)).entries;
    expect(audit.find((e) => e.action === 'pageRestored')).toMatchObject({ subject: `page:${second.id}` });
    o.t.close();
  });

  it('brings back the document too when its only page was deleted', async () => {
    const o = await office();
    await o.t.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.clerk);
    await o.t.hub.services.capture.idle();
    const last = (await o.pages())[3]!;
    await o.t.ok('capture.split', { pageId: last.id, documentType: 'evidence' }, o.clerk);
    await o.t.ok('capture.editPage', { pageId: last.id, action: 'delete' }, o.clerk);
    expect((await o.view()).documents).toHaveLength(1);
    const restored = await o.t.ok('capture.restorePage', { pageId: last.id }, o.clerk);
    expect(restored.documents.map((d) => [d.type, d.pages.map((p) => p.id)])).toEqual([
      ['petition', (await o.pages()).slice(0, 3).map((p) => p.id)],
      ['evidence', [last.id]],
    ]);
    o.t.close();
  });

  it('refuses a page that is not deleted, and a stranger’s request', async () => {
    const o = await office();
    await o.t.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'petition' }, o.clerk);
    await o.t.hub.services.capture.idle();
    const first = (await o.pages())[0]!;
    const live = await o.t.call('capture.restorePage', { pageId: first.id }, o.clerk);
    expect(!live.ok && live.error.code).toBe('UNKNOWN_PAGE');
    await o.t.ok('capture.editPage', { pageId: first.id, action: 'delete' }, o.clerk);
    const { addClerk } = await import('../../test/support/hub');
    const other = await addClerk(o.t, 'sara', 'clerk');
    const stranger = await o.t.call('capture.restorePage', { pageId: first.id }, other);
    expect(stranger.ok).toBe(false);
    expect((await o.pages()).map((p) => p.id)).not.toContain(first.id);
    o.t.close();
  });
});

describe('scan profiles', () => {
  it('the manager keeps one profile per document type; the counter reads them and scans with one', async () => {
    const o = await office({ pages: [3] });
    expect(await o.t.ok('scanProfiles.get', {}, o.clerk)).toEqual({ profiles: [] });
    const profiles = [
      { documentType: 'petition' as const, dpi: 200, colorMode: 'bw' as const, source: 'adfDuplex' as const },
      { documentType: 'identity' as const, dpi: 600, colorMode: 'color' as const, source: 'flatbed' as const },
    ];
    const byClerk = await o.t.call('scanProfiles.set', { profiles }, o.clerk);
    expect(!byClerk.ok && byClerk.error.code).toBe('FORBIDDEN');
    const twice = await o.t.call('scanProfiles.set', { profiles: [profiles[0]!, { ...profiles[0]!, dpi: 300 }] }, o.t.managerSession);
    expect(!twice.ok && twice.error.code).toBe('INVALID_INPUT');
    expect(await o.t.ok('scanProfiles.set', { profiles }, o.t.managerSession)).toEqual({ profiles });
    expect(await o.t.ok('scanProfiles.get', {}, o.clerk)).toEqual({ profiles });
    // a later set replaces the lot
    expect(await o.t.ok('scanProfiles.set', { profiles: profiles.slice(1) }, o.t.managerSession)).toEqual({ profiles: profiles.slice(1) });

    // one scan at the profile's resolution; the counter's setting (300) is not changed by it
    await o.t.ok('capture.start', { requestId: o.request.id, counterId: 1, documentType: 'identity', dpi: 600, colorMode: 'color', source: 'flatbed' }, o.clerk);
    await o.t.hub.services.capture.idle();
    expect((await o.pages())[0]!.dpi).toBe(600);
    expect((await o.t.ok('scanner.get', { counterId: 1 }, o.clerk)).setting!.dpi).toBe(300);

    const audit = (await o.t.ok('audit.list', { limit: 50 }, o.t.managerSession)).entries;
    expect(audit.filter((e) => e.subject === 'scanProfiles')).toHaveLength(2);
    o.t.close();
  });
});

describe('testing a scanner’s address', () => {
  it('says the make and model the scanner reports, and names the device by it', async () => {
    const o = await office(undefined, (base) => ({ ...base, capabilities: async () => ({ ...(await base.capabilities('test:0')), model: 'Brother ADS-2700W' }) }));
    const found = await o.t.ok('scanner.devices', { driver: 'sane', address: 'test:0' }, o.clerk);
    expect(found).toEqual({ devices: [{ driver: 'sane', id: 'test:0', label: 'Brother ADS-2700W', model: 'Brother ADS-2700W' }], errorCode: null });
    o.t.close();
  });

  it('falls back to the address when the scanner does not say', async () => {
    const o = await office();
    const found = await o.t.ok('scanner.devices', { driver: 'sane', address: 'test:0' }, o.clerk);
    expect(found.devices).toEqual([{ driver: 'sane', id: 'test:0', label: 'test:0', model: null }]);
    o.t.close();
  });
});
