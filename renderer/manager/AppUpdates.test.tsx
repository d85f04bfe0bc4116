import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { AppUpdates } from './AppUpdates';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.appUpdates;
const workstations = [
  { deviceId: 2, name: 'باجهٔ 2', kind: 'counter' as const, appVersion: '0.1.0', reportedAt: '2026-12-07T05:30:00.000Z', behind: true },
  { deviceId: 3, name: 'کیوسک', kind: 'kiosk' as const, appVersion: '0.2.0', reportedAt: '2026-12-07T05:31:00.000Z', behind: false },
  { deviceId: 4, name: 'باجهٔ 3', kind: 'counter' as const, appVersion: null, reportedAt: null, behind: true },
];

describe('AppUpdates', () => {
  it('shows the version offered, each workstation’s version and whether it is behind, in Persian digits', async () => {
    renderWithHub(<AppUpdates />, {
      'updates.status': () => out({ hubVersion: '0.2.0', available: [{ platform: 'windows', version: '0.2.0', file: 'Daftaryar-Setup-0.2.0.exe', bytes: 157_286_400, releaseDate: null }], workstations }),
    });
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent('ویندوز: نسخهٔ ۰.۲.۰ (۱۵۰٫۰ مگابایت)');
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-behind'))).toEqual(['true', 'false', 'true']);
    expect(rows[0]).toHaveTextContent('باجهٔ ۲');
    expect(rows[0]).toHaveTextContent('۰.۱.۰');
    expect(rows[0]).toHaveTextContent(t.behind);
    expect(rows[1]).toHaveTextContent(t.upToDate);
    expect(rows[2]).toHaveTextContent(t.neverReported);
    expect(screen.getByText(t.hubVersion('۰.۲.۰'))).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/[0-9]/);
  });

  it('says nothing is offered yet; brings an update from a folder and shows what is offered after', async () => {
    let available: unknown[] = [];
    const imported = vi.fn<Handler>((input) => {
      available = [{ platform: 'windows', version: '0.3.0', file: 'x.exe', bytes: 1_048_576, releaseDate: null }];
      return out({ available });
    });
    renderWithHub(<AppUpdates />, { 'updates.status': () => out({ hubVersion: '0.2.0', available, workstations: [] }), 'updates.import': imported });
    expect(await screen.findByText(t.none)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(t.folder), { target: { value: ' E:\\daftaryar-0.3.0 ' } });
    fireEvent.click(screen.getByRole('button', { name: t.import }));
    expect(await screen.findByText(t.imported('ویندوز ۰.۳.۰'))).toBeInTheDocument();
    expect(imported.mock.calls[0]![0]).toEqual({ folder: 'E:\\daftaryar-0.3.0' });
    await waitFor(() => expect(screen.getByRole('note')).toHaveTextContent('ویندوز: نسخهٔ ۰.۳.۰ (۱٫۰ مگابایت)'));
  });

  it('words a refused import in one Persian sentence', async () => {
    renderWithHub(<AppUpdates />, { 'updates.status': () => out({ hubVersion: '0.2.0', available: [], workstations: [] }), 'updates.import': () => fail('UPDATE_CHECKSUM_MISMATCH') });
    fireEvent.change(await screen.findByLabelText(t.folder), { target: { value: '/media/usb' } });
    fireEvent.click(screen.getByRole('button', { name: t.import }));
    expect(await screen.findByText(fa.errors.UPDATE_CHECKSUM_MISMATCH)).toBeInTheDocument();
  });
});
