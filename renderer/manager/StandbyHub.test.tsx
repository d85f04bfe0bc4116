import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DeviceView } from '../../core/api/device';
import type { StandbyView } from '../../core/api/standby';
import { fa } from '../i18n/fa';
import { StandbyHub } from './StandbyHub';
import { out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.managerStandby;
const device = (id: number, name: string, kind: DeviceView['kind'] = 'counter'): DeviceView =>
  ({ id, kind, name, pairedAt: '2026-11-28T06:00:00.000Z', pairedBy: 'مریم', pairedFrom: null, lastSeenAt: null, lastAddress: null, revokedAt: null, revokedBy: null, revokedReason: null, openSessions: 0 }) as DeviceView;
const none: StandbyView = { standby: null, epoch: 1, superseded: null };
const named = (ageSeconds: number | null): StandbyView => ({
  standby: { deviceId: 7, name: 'باجهٔ 2', revoked: false, namedAt: '2026-11-28T06:00:00.000Z', address: 'https://10.0.0.12:4780', lastCopyAt: ageSeconds === null ? null : '2026-11-28T06:29:20.000Z', lastCopyBytes: 4096, copyAgeSeconds: ageSeconds },
  epoch: 1,
  superseded: null,
});

describe('StandbyHub', () => {
  it('names a paired counter PC (never a board) the standby and shows the age of its copy in Persian digits', async () => {
    const name = vi.fn<Handler>(() => out(named(null)));
    renderWithHub(<StandbyHub devices={[device(7, 'باجهٔ 2'), device(9, 'تابلو', 'board')]} />, { 'standby.status': () => out(none), 'standby.name': name });
    expect(await screen.findByText(t.none)).toBeInTheDocument();
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([t.pick, 'باجهٔ ۲']);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: t.name }));
    await waitFor(() => expect(name.mock.calls[0]![0]).toEqual({ deviceId: 7 }));
    expect(await screen.findByText(t.noCopyYet('باجهٔ ۲'))).toBeInTheDocument();
  });

  it('shows a fresh copy quietly', async () => {
    renderWithHub(<StandbyHub devices={[device(7, 'باجهٔ 2')]} />, { 'standby.status': () => out(named(40)) });
    const fresh = await screen.findByRole('note');
    expect(fresh).toHaveTextContent('۴۰ ثانیه');
    expect(fresh).not.toHaveClass('form-error');
  });

  it('shows a late copy as an alert', async () => {
    renderWithHub(<StandbyHub devices={[device(7, 'باجهٔ 2')]} />, { 'standby.status': () => out(named(600)) });
    const late = await screen.findByRole('note');
    expect(late).toHaveTextContent('۱۰ دقیقه');
    expect(late).toHaveTextContent(t.late);
    expect(late).toHaveClass('form-error');
  });
});
