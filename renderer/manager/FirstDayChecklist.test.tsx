import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { syncStatus } from '../../test/support/renderer/fixtures';
import { FirstDayChecklist } from './FirstDayChecklist';
import { out, renderWithHub } from '../../test/support/renderer/testHub';

const t = fa.manager.checklist;
const base = { createdAt: '2026-01-10T08:00:00.000Z', deactivatedAt: null, deactivatedBy: null, deactivationReason: null, nationalId: null, certificate: null };
const maryam = { ...base, id: 1, username: 'maryam', displayName: 'مریم احمدی', role: 'manager', active: true };
const reza = { ...base, id: 2, username: 'reza', displayName: 'رضا رضایی', role: 'clerk', active: true };
const certificate = { fingerprint: 'AB:CD', pem: '-----BEGIN CERTIFICATE-----', notAfter: '2036-01-01T00:00:00.000Z' };
const config = (printer: unknown, counters: unknown[] = []) => ({ settings: { normalPerPriority: 2, maxWaitMinutes: 45, serviceLevelMinutes: 15, defaultServiceMinutes: 8, noShowAfterRecalls: 2 }, printer, services: [], counters, priorityCategories: [] });

describe('FirstDayChecklist', () => {
  it('lists what a new office still has to do, each item linking to its screen; backup says «به‌زودی»', async () => {
    const onGo = vi.fn();
    renderWithHub(<FirstDayChecklist onGo={onGo} />, {
      'staff.list': () => out({ staff: [maryam] }),
      'device.list': () => out({ devices: [], codes: [], certificate }),
      'queue.config': () => out(config({ kind: 'none' }, [{ id: 1, number: 1, active: true, serviceIds: [1] }])),
      'sync.status': () => out(syncStatus({ enrolled: false, link: 'unenrolled', officeName: null })),
    });
    const list = await screen.findByRole('region', { name: t.title });
    expect(within(list).getByText(t.intro('۳'))).toBeInTheDocument();
    expect(within(list).getByText(t.devicesDetail('۱', '۰'))).toBeInTheDocument();
    expect(within(list).getByText(t.backupSoon)).toBeInTheDocument();
    const todo = within(list).getAllByRole('button', { name: t.go });
    expect(todo).toHaveLength(3);
    fireEvent.click(todo[0]!);
    fireEvent.click(todo[1]!);
    fireEvent.click(todo[2]!);
    expect(onGo.mock.calls.map((c) => c[0])).toEqual(['staff', 'settings', 'sync']);
  });

  it('goes away once everything is done', async () => {
    const { callsTo } = renderWithHub(<FirstDayChecklist onGo={() => {}} />, {
      'staff.list': () => out({ staff: [maryam, reza] }),
      'device.list': () => out({ devices: [], codes: [], certificate }),
      'queue.config': () => out(config({ kind: 'network', host: '192.168.1.50', port: 9100, paper: '80mm' }, [{ id: 1, number: 1, active: true, serviceIds: [1] }])),
      'sync.status': () => out(syncStatus()),
    });
    await vi.waitFor(() => expect(callsTo('sync.status')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('region', { name: t.title })).toBeNull();
  });
});
