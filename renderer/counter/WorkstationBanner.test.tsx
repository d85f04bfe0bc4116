import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { WorkstationView } from '../../core/api/agent';
import type { ScannerSettingInput } from '../../core/api/capture-types';
import { fa } from '../i18n/fa';
import { WorkstationBanner, workstationNotice } from './WorkstationBanner';
import { out, renderWithHub } from '../../test/support/renderer/testHub';
import { workstationView } from '../../test/support/renderer/fixtures';

const scannerSetting: ScannerSettingInput = { driver: 'workstation', deviceId: 'sane:test:0', label: 'اسکنر باجه', source: 'adf', dpi: 300, colorMode: 'grey' };
const ws = (over: Partial<WorkstationView> = {}): WorkstationView =>
  workstationView({
    name: 'باجهٔ 3',
    devices: [
      { type: 'scanner', driver: 'sane', id: 'sane:test:0', label: 'اسکنر باجه', sources: ['adf'], colorModes: ['grey'], resolutions: [300] },
      { type: 'terminal', driver: 'sadad', id: 'COM3', label: 'کارتخوان سداد' },
    ],
    ...over,
  });
const b = fa.workstationBanner;

describe('workstationNotice', () => {
  it('names what the counter needs from its own workstation and cannot have, and only that', () => {
    // the agent away: the workstation scanner the counter uses, and the terminal it reported
    expect(workstationNotice(3, [ws({ online: false })], scannerSetting)).toBe(b.away('اسکنر و کارتخوان', 'باجهٔ ۳'));
    expect(workstationNotice(3, [ws({ online: false })], null)).toBe(b.away('کارتخوان', 'باجهٔ ۳'));
    expect(workstationNotice(3, [ws({ online: false, devices: [...ws().devices, { type: 'printer', driver: 'escpos', id: 'usb:1', label: 'رسید' }] })], scannerSetting)).toBe(b.away('اسکنر، چاپگر و کارتخوان', 'باجهٔ ۳'));
    // away but nothing of it is needed (the counter scans with the hub's scanner, the agent reported nothing)
    expect(workstationNotice(3, [ws({ online: false, devices: [] })], { ...scannerSetting, driver: 'sane' })).toBeNull();
    // an agent never seen, and the counter set to the workstation's scanner
    expect(workstationNotice(3, [], scannerSetting)).toBe(b.away('اسکنر', 'این باجه'));
    // online, but the scanner the counter is set to was not in its last report
    expect(workstationNotice(3, [ws({ devices: [] })], scannerSetting)).toBe(fa.workstationErrors.WORKSTATION_DEVICE_MISSING('باجهٔ ۳'));
    // all there; another workstation's agent away is not this counter's business; off a workstation, nothing
    expect(workstationNotice(3, [ws(), ws({ deviceId: 4, online: false })], scannerSetting)).toBeNull();
    expect(workstationNotice(null, [ws({ online: false })], scannerSetting)).toBeNull();
  });
});

describe('WorkstationBanner', () => {
  it('tells the counter its workstation’s agent went away and clears when it is back (agent.changed)', async () => {
    let online = true;
    const hub = renderWithHub(<WorkstationBanner counterId={1} />, {
      'agent.workstations': () => out({ workstations: [ws({ online })], self: 3 }),
      'scanner.get': () => out({ setting: scannerSetting }),
    });
    await waitFor(() => expect(hub.callsTo('scanner.get')).toHaveLength(1));
    await waitFor(() => expect(hub.listeners('agent.changed')).toBe(1));
    expect(screen.queryByRole('status')).toBeNull();

    online = false;
    hub.emit('agent.changed', { deviceId: 3, online: false });
    expect(await screen.findByRole('status')).toHaveTextContent(b.away('اسکنر و کارتخوان', 'باجهٔ ۳'));
    expect(screen.getByRole('status').textContent).not.toMatch(/[0-9]/);

    online = true;
    hub.emit('agent.changed', { deviceId: 3, online: true });
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
  });

  it('says nothing on a connection that is not a workstation, even with every agent away', async () => {
    const hub = renderWithHub(<WorkstationBanner counterId={1} />, {
      'agent.workstations': () => out({ workstations: [ws({ online: false })], self: null }),
      'scanner.get': () => out({ setting: scannerSetting }),
    });
    await waitFor(() => expect(hub.callsTo('agent.workstations')).toHaveLength(1));
    await waitFor(() => expect(hub.callsTo('scanner.get')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
