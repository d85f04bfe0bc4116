import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRows } from '../../db/audit';
import { addClerk, setUpHub } from '../../test/support/hub';
import { scriptedScanner, testCapturePorts } from '../../test/support/capture';
import type { CapturePorts } from '../capture/ports';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the office’s Dynamic Web TWAIN licence key', () => {
  it('is the manager’s setting: shown only by its last characters, kept off the audit trail, and handed to the hub’s own DWT driver', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daftaryar-dwt-'));
    dirs.push(dir);
    const asked: Array<Parameters<CapturePorts['driver']>> = [];
    const scanner = scriptedScanner(() => ({ pages: [] }));
    const t = await setUpHub({ capture: { dir, ports: testCapturePorts(() => ({ pages: [] }), { driver: (...args) => (asked.push(args), scanner) }) } });
    const clerk = await addClerk(t);
    expect(await t.ok('office.dwtLicence', {}, t.managerSession)).toEqual({ set: false, tail: null });
    expect(await t.call('office.setDwtLicence', { key: 'x' }, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('office.setDwtLicence', { key: 'has space' }, t.managerSession)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    await t.ok('office.setDwtLicence', { key: '  t0151234-ABCD  ' }, t.managerSession);
    expect(await t.ok('office.dwtLicence', {}, t.managerSession)).toEqual({ set: true, tail: 'ABCD' });
    await t.ok('scanner.devices', { driver: 'dwt' }, t.managerSession);
    expect(asked.at(-1)).toEqual(['dwt', { tmpDir: expect.any(String), dwtLicence: 't0151234-ABCD' }]);

    // cleared with an empty key
    await t.ok('office.setDwtLicence', { key: '' }, t.managerSession);
    expect(await t.ok('office.dwtLicence', {}, t.managerSession)).toEqual({ set: false, tail: null });
    await t.ok('scanner.devices', { driver: 'dwt' }, t.managerSession);
    expect(asked.at(-1)![1].dwtLicence).toBeNull();

    const trail = [...auditRows(t.db)].filter((r) => r.subject === 'dwtLicence');
    expect(trail.map((r) => JSON.parse(r.detail))).toEqual([{ dwtLicence: '…ABCD' }, { dwtLicence: null }]);
    expect(JSON.stringify([...auditRows(t.db)])).not.toContain('t0151234');
    t.close();
  });
});
