import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { WorkstationView } from '../../core/api/agent';
import type { DeviceView } from '../../core/api/device';
import { fa } from '../i18n/fa';
import { DeviceManager } from './DeviceManager';
import { out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { workstationView } from '../../test/support/renderer/fixtures';

const t = fa.devices;
const certificate = { fingerprint: '0a'.repeat(32), pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', notAfter: '2046-11-29T08:00:00.000Z' };
const device = (over: Partial<DeviceView>): DeviceView => ({
  id: 3,
  kind: 'counter',
  name: 'باجه 1',
  pairedAt: '2026-11-29T06:00:00.000Z',
  pairedBy: 'مریم احمدی',
  pairedFrom: '192.168.1.21',
  lastSeenAt: '2026-11-29T07:30:00.000Z',
  lastAddress: '192.168.1.21',
  revokedAt: null,
  revokedBy: null,
  revokedReason: null,
  openSessions: 1,
  ...over,
});
const counter1: WorkstationView = workstationView({
  devices: [
    { type: 'terminal', driver: 'sadad', id: 'COM3', label: 'کارت‌خوان سداد 2' },
    { type: 'scanner', driver: 'sane', id: 'sane:test:0', label: 'اسکنر باجه 1', sources: ['adf'], colorModes: ['grey'], resolutions: [300] },
    { type: 'documentPrinter', driver: 'cups', id: 'cups:laser', label: 'لیزری اتاق 2' },
    { type: 'printer', driver: 'escpos', id: 'usb:1', label: 'چاپگر رسید' },
  ],
});
const counter2: WorkstationView = workstationView({ deviceId: 4, name: 'باجه 2', online: false, helloAt: '2026-11-29T05:00:00.000Z' });
const devices = [device({}), device({ id: 4, name: 'باجه 2', lastSeenAt: '2026-11-29T06:40:00.000Z' }), device({ id: 5, kind: 'kiosk', name: 'کیوسک سالن' }), device({ id: 6, kind: 'board', name: 'تلویزیون' }), device({ id: 7, name: 'باجه 9', revokedAt: '2026-11-29T07:00:00.000Z' })];

describe('DeviceManager: the workstations and their agents', () => {
  it('lists each paired counter and kiosk with its agent connected or away (and since when), its versions and the devices it found, in Persian digits', async () => {
    renderWithHub(<DeviceManager />, {
      'device.list': () => out({ devices, codes: [], certificate }),
      'agent.workstations': () => out({ workstations: [counter1, counter2], self: null }),
    });
    const section = (await screen.findByRole('heading', { name: t.workstationsTitle })).closest('section')!;
    const one = (await within(section).findByText('باجه ۱')).closest('tr')!;
    expect(within(one).getByText(t.agentOnline)).toHaveClass('badge-ok');
    // 06:05 UTC is 09:35 in Tehran; 8 Azar 1405
    expect(within(one).getByText(t.reportedAt('۱۴۰۵/۰۹/۰۸ ۰۹:۳۵'))).toBeInTheDocument();
    expect(within(one).getByText('۰.۱.۰')).toBeInTheDocument();
    expect(within(one).getByText(t.contract('۱'))).toBeInTheDocument();
    // scanners, then receipt printers, then document printers apart, then the card terminal, each as the workstation named it
    expect([...one.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['اسکنر: اسکنر باجه ۱', 'چاپگر: چاپگر رسید', 'چاپگر اسناد (A۴/A۵): لیزری اتاق ۲', 'کارتخوان: کارت‌خوان سداد ۲']);

    const two = within(section).getByText('باجه ۲').closest('tr')!;
    expect(within(two).getByText(t.agentAway)).toHaveClass('badge-warn');
    // away: its last contact, the later of the device's and the agent's
    expect(within(two).getByText(t.lastSeen('۱۴۰۵/۰۹/۰۸ ۱۰:۱۰'))).toBeInTheDocument();
    expect(within(two).getByText(t.noDevices)).toBeInTheDocument();

    const kiosk = within(section).getByText('کیوسک سالن').closest('tr')!;
    expect(within(kiosk).getByText(t.agentNever)).toBeInTheDocument();
    // a board runs no agent; a revoked counter is gone
    expect(within(section).queryByText('تلویزیون')).toBeNull();
    expect(within(section).queryByText('باجه ۹')).toBeNull();
    expect(within(section).getAllByRole('row')).toHaveLength(4);
    const text = [...section.querySelectorAll('td, td *')].filter((el) => el.children.length === 0).map((el) => el.textContent).join(' ');
    expect(text).not.toMatch(/[0-9]/);
  });

  it('refreshes when an agent comes, goes or reports (agent.changed)', async () => {
    let online = false;
    const hub = renderWithHub(<DeviceManager />, {
      'device.list': () => out({ devices, codes: [], certificate }),
      'agent.workstations': () => out({ workstations: [{ ...counter1, online }], self: null }),
    });
    const row = () => within(screen.getByRole('table', { name: t.workstationsTitle })).getByText('باجه ۱').closest('tr')!;
    await screen.findByText(t.agentAway);
    expect(row()).toHaveAttribute('data-online', 'false');
    await waitFor(() => expect(hub.listeners('agent.changed')).toBe(1));
    online = true;
    hub.emit('agent.changed', { deviceId: 3, online: true });
    await waitFor(() => expect(row()).toHaveAttribute('data-online', 'true'));
    expect(within(row()).getByText(t.agentOnline)).toBeInTheDocument();
    expect(hub.callsTo('agent.workstations')).toHaveLength(2);
  });

  it('where a PC reported two printers the manager picks the one it uses (the first until then); with one there is nothing to pick', async () => {
    const two: WorkstationView = {
      ...counter1,
      devices: [...counter1.devices, { type: 'printer', driver: 'cups', id: 'cups:a5', label: 'چاپگر دوم 2' }],
    };
    let chosen: string | null = null;
    const choose = vi.fn<Handler>((input) => {
      chosen = (input as { id: string | null }).id;
      return out({ ok: true });
    });
    renderWithHub(<DeviceManager />, {
      'device.list': () => out({ devices, codes: [], certificate }),
      'agent.workstations': () => out({ workstations: [{ ...two, chosen: { printer: chosen, terminal: null } }, counter2], self: null }),
      'agent.choose': choose,
    });
    const select = await screen.findByLabelText(t.chooseLabel.printer);
    expect(select).toHaveValue('');
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual([t.chooseFirst('چاپگر رسید'), 'چاپگر رسید', 'چاپگر دوم ۲']);
    fireEvent.change(select, { target: { value: 'cups:a5' } });
    await waitFor(() => expect(choose).toHaveBeenCalledTimes(1));
    expect(choose.mock.calls[0]![0]).toEqual({ deviceId: 3, type: 'printer', id: 'cups:a5' });
    // one terminal only: no choice offered for it
    expect(screen.queryByLabelText(t.chooseLabel.terminal)).toBeNull();
  });
});
