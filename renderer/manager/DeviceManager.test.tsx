import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DeviceView } from '../../core/api/device';
import { fa } from '../i18n/fa';
import { formatFingerprint } from '../../core/format/fingerprint';
import { DeviceManager } from './DeviceManager';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.devices;
const fingerprint = '0a'.repeat(32);
const certificate = { fingerprint, pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', notAfter: '2046-11-29T08:00:00.000Z' };
const device = (over: Partial<DeviceView> = {}): DeviceView => ({
  id: 3,
  kind: 'board',
  name: 'تلویزیون سالن 2',
  pairedAt: '2026-11-29T06:00:00.000Z',
  pairedBy: 'مریم احمدی',
  pairedFrom: '192.168.1.20',
  lastSeenAt: '2026-11-29T07:30:00.000Z',
  lastAddress: '192.168.1.20',
  revokedAt: null,
  revokedBy: null,
  revokedReason: null,
  openSessions: 1,
  ...over,
});

describe('DeviceManager', () => {
  it('lists each device with its kind, who paired it, its last contact and its sessions, in Persian digits', async () => {
    renderWithHub(<DeviceManager />, {
      'device.list': () => out({ devices: [device(), device({ id: 4, kind: 'counter', name: 'باجه ۱', revokedAt: '2026-11-29T07:00:00.000Z', revokedBy: 'مریم احمدی', revokedReason: 'رایانه فروخته شد', openSessions: 0 })], codes: [], certificate }),
    });
    const row = (await screen.findByText('تلویزیون سالن ۲')).closest('tr')!;
    expect(within(row).getByText(t.kinds.board)).toBeInTheDocument();
    expect(within(row).getByText(t.pairedBy('مریم احمدی'))).toBeInTheDocument();
    expect(within(row).getByText('۱ نشست باز')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: t.revoke })).toBeInTheDocument();
    const revoked = screen.getByText('باجه ۱').closest('tr')!;
    expect(within(revoked).getByText(t.revoked)).toBeInTheDocument();
    expect(within(revoked).queryByRole('button', { name: t.revoke })).toBeNull();
    expect(within(revoked).getByText(/رایانه فروخته شد/)).toBeInTheDocument();
    expect(screen.getByText(formatFingerprint(fingerprint))).toBeInTheDocument();
    expect(screen.getByRole('link', { name: t.download })).toHaveAttribute('download', 'daftaryar-office-ca.crt');
    // Latin digits only in the addresses and the fingerprint, which are written left to right
    const text = [...document.querySelectorAll('td, p, h2, span')].filter((el) => !el.closest('[dir="ltr"]') && el.children.length === 0).map((el) => el.textContent).join(' ');
    expect(text).not.toMatch(/[0-9]/);
  });

  it('makes a one-time code and shows it in three groups of Persian digits until it is used or withdrawn', async () => {
    let codes: unknown[] = [];
    const issue = vi.fn<Handler>((input) => {
      codes = [{ id: 9, kind: 'counter', name: (input as { name: string }).name, issuedAt: '2026-11-29T08:00:00.000Z', expiresAt: '2026-11-29T08:10:00.000Z' }];
      return out({ id: 9, code: '123456789012', expiresAt: '2026-11-29T08:10:00.000Z', fingerprint });
    });
    const hub = renderWithHub(<DeviceManager />, {
      'device.list': () => out({ devices: [], codes, certificate }),
      'device.issueCode': issue,
      'device.withdrawCode': () => ((codes = []), out({ ok: true })),
    });
    fireEvent.change(await screen.findByLabelText(t.name), { target: { value: 'باجه ۲' } });
    fireEvent.click(screen.getByRole('button', { name: t.issue }));
    await waitFor(() => expect(issue).toHaveBeenCalledWith({ kind: 'counter', name: 'باجه ۲' }));
    hub.emit('device.changed', { revoked: [] });
    expect(await screen.findByText('۱۲۳۴ ۵۶۷۸ ۹۰۱۲')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.withdraw }));
    await waitFor(() => expect(hub.callsTo('device.withdrawCode')).toHaveLength(1));
    hub.emit('device.changed', { revoked: [] });
    await waitFor(() => expect(screen.queryByText('۱۲۳۴ ۵۶۷۸ ۹۰۱۲')).toBeNull());
  });

  it('revokes a device only with a reason, and says so', async () => {
    const revoke = vi.fn<Handler>((input) => ((input as { reason: string }).reason.length < 3 ? fail('INVALID_INPUT', { fields: [{ path: 'reason', reason: 'too_small' }] }) : out({ ok: true, sessionsEnded: 1 })));
    renderWithHub(<DeviceManager />, { 'device.list': () => out({ devices: [device()], codes: [], certificate }), 'device.revoke': revoke });
    fireEvent.click(await screen.findByRole('button', { name: t.revoke }));
    const dialog = screen.getByRole('dialog', { name: t.revokeTitle('تلویزیون سالن ۲') });
    fireEvent.click(within(dialog).getByRole('button', { name: t.revoke }));
    expect((await within(dialog).findAllByRole('alert')).length).toBeGreaterThan(0);
    fireEvent.change(within(dialog).getByLabelText(t.reason), { target: { value: 'دستگاه گم شد' } });
    fireEvent.click(within(dialog).getByRole('button', { name: t.revoke }));
    expect(await screen.findByText(t.revokedDone('تلویزیون سالن ۲'))).toBeInTheDocument();
    expect(revoke).toHaveBeenLastCalledWith({ deviceId: 3, reason: 'دستگاه گم شد' });
  });
});
