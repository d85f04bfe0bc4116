import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { FirstRunBridge } from '../../core/api/bridge';
import type { BackupListAnswer, BackupListRequest, JoinAnswer, JoinRequest, RestoreAnswer, RestoreRequest } from '../../core/api/workstation';
import { fa } from '../i18n/fa';
import { FirstRunScreen } from './FirstRunScreen';

const t = fa.workstation;

const GENERATIONS: Extract<BackupListAnswer, { ok: true }>['generations'] = [
  { id: 'g3', kind: 'manual', createdAt: '2026-12-06T08:00:00.000Z', pages: 3, bytes: 2_400_000, state: 'incomplete', problem: 'BACKUP_INCOMPLETE', detail: null },
  { id: 'g2', kind: 'daily', createdAt: '2026-12-05T14:30:00.000Z', pages: 120, bytes: 48_300_000, state: 'verified', problem: null, detail: null },
  { id: 'g1', kind: 'hourly', createdAt: '2026-12-05T09:00:00.000Z', pages: 80, bytes: 31_000_000, state: 'verified', problem: null, detail: null },
];

function port(answer: JoinAnswer = { ok: true, kind: 'counter', name: 'باجهٔ ۲', hubAddress: '192.168.1.10' }, backups: BackupListAnswer = { ok: true, generations: GENERATIONS }) {
  const join = vi.fn<(r: JoinRequest) => Promise<JoinAnswer>>(() => Promise.resolve(answer));
  const becomeHub = vi.fn(() => Promise.resolve());
  const listBackups = vi.fn<(r: BackupListRequest) => Promise<BackupListAnswer>>(() => Promise.resolve(backups));
  const restore = vi.fn<(r: RestoreRequest) => Promise<RestoreAnswer>>((r) => Promise.resolve({ ok: true, generation: r.generation, createdAt: '2026-12-05T14:30:00.000Z', pages: 120 }));
  const p: FirstRunBridge = { join, becomeHub, listBackups, restore };
  return { port: p, join, becomeHub, listBackups, restore };
}

describe('FirstRunScreen', () => {
  it('asks the question first, with the focus on the first answer; «سرور دفتر» makes this PC the hub', async () => {
    const p = port();
    render(<FirstRunScreen port={p.port} />);
    expect(screen.getByRole('heading', { name: t.choiceTitle })).toBeInTheDocument();
    const server = screen.getByRole('button', { name: new RegExp(`^${t.server}`) });
    expect(server).toHaveFocus();
    fireEvent.click(server);
    await waitFor(() => expect(p.becomeHub).toHaveBeenCalledTimes(1));
    expect(screen.getByRole('status')).toHaveTextContent(t.becomingServer);
    expect(p.join).not.toHaveBeenCalled();
  });

  it('joins from a keyboard-first form: reading order is the Tab order (address, code, role, name, join, back); Persian digits accepted; submitting joins', async () => {
    const p = port();
    render(<FirstRunScreen port={p.port} />);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.join) }));
    const address = screen.getByLabelText(t.address);
    expect(address).toHaveFocus();
    const form = address.closest('form')!;
    // no tabindex anywhere: the Tab order is the document order
    expect(form.querySelectorAll('[tabindex]')).toHaveLength(0);
    const order = [...form.querySelectorAll('input, button')].map((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() || el.textContent?.trim());
    expect(order).toEqual([t.address, t.code, expect.stringContaining(t.kinds.counter), expect.stringContaining(t.kinds.kiosk), expect.stringContaining(t.kinds.board), t.name, expect.stringContaining(t.submit), t.back]);
    fireEvent.change(address, { target: { value: '۱۹۲.۱۶۸.۱.۱۰:۴۷۸۰' } });
    fireEvent.change(screen.getByLabelText(t.code), { target: { value: '۱۲۳۴ ۵۶۷۸ ۹۰۱۲' } });
    expect(screen.getByLabelText(t.code)).toHaveValue('۱۲۳۴ ۵۶۷۸ ۹۰۱۲');
    fireEvent.click(screen.getByRole('radio', { name: new RegExp(t.kinds.kiosk) }));
    fireEvent.change(screen.getByLabelText(t.name), { target: { value: 'کیوسک ورودی' } });
    fireEvent.submit(form);
    await waitFor(() => expect(p.join).toHaveBeenCalledTimes(1));
    expect(p.join.mock.calls[0]![0]).toEqual({ hubAddress: '۱۹۲.۱۶۸.۱.۱۰:۴۷۸۰', code: '123456789012', kind: 'kiosk', name: 'کیوسک ورودی' });
    expect(await screen.findByRole('status')).toHaveTextContent('باجهٔ ۲');
  });

  it('says what is missing beside each field, and moves the focus to the first one, without asking the hub', async () => {
    const p = port();
    render(<FirstRunScreen port={p.port} />);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.join) }));
    fireEvent.change(screen.getByLabelText(t.address), { target: { value: 'not an address!' } });
    fireEvent.change(screen.getByLabelText(t.code), { target: { value: '1234' } });
    screen.getByLabelText(t.name).focus();
    fireEvent.submit(screen.getByLabelText(t.address).closest('form')!);
    await waitFor(() => expect(screen.getByLabelText(t.address)).toHaveFocus());
    expect(screen.getByLabelText(t.address)).toHaveAccessibleDescription(t.errors.JOIN_BAD_ADDRESS);
    expect(screen.getByLabelText(t.code)).toHaveAccessibleDescription(t.errors.JOIN_MALFORMED_CODE);
    expect(screen.getByLabelText(t.name)).toHaveAccessibleDescription(t.required);
    expect(p.join).not.toHaveBeenCalled();
  });

  async function submitFilled() {
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.join) }));
    fireEvent.change(screen.getByLabelText(t.address), { target: { value: '192.168.1.10' } });
    fireEvent.change(screen.getByLabelText(t.code), { target: { value: '123456789012' } });
    fireEvent.change(screen.getByLabelText(t.name), { target: { value: 'باجهٔ ۲' } });
    fireEvent.submit(screen.getByLabelText(t.address).closest('form')!);
  }

  it("puts the hub's refusal beside the field it concerns, in one Persian sentence, and focuses it", async () => {
    render(<FirstRunScreen port={port({ ok: false, code: 'JOIN_CODE_REFUSED' }).port} />);
    await submitFilled();
    await waitFor(() => expect(screen.getByLabelText(t.code)).toHaveAccessibleDescription(t.errors.JOIN_CODE_REFUSED));
    await waitFor(() => expect(screen.getByLabelText(t.code)).toHaveFocus());
  });

  it('a hub of another version: both numbers, in Persian digits, under the form', async () => {
    render(<FirstRunScreen port={port({ ok: false, code: 'JOIN_VERSION_MISMATCH', hubVersion: 3, ourVersion: 2 }).port} />);
    await submitFilled();
    expect(await screen.findByText(t.versionMismatch('۳', '۲'))).toBeInTheDocument();
  });
  it('«بازیابی از پشتیبان»: folder and key file, then the verified generations (the newest verified chosen, the incomplete one not choosable), then the restore', async () => {
    const p = port();
    render(<FirstRunScreen port={p.port} />);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.restore) }));
    const from = screen.getByLabelText(t.restoreFrom);
    expect(from).toHaveFocus();
    // Enter with nothing typed: each field says so, the first gets the focus
    fireEvent.submit(from.closest('form')!);
    expect(await screen.findAllByText(t.required)).toHaveLength(2);
    expect(p.listBackups).not.toHaveBeenCalled();
    fireEvent.change(from, { target: { value: ' /media/usb/daftaryar-backup ' } });
    fireEvent.change(screen.getByLabelText(t.restoreKeyFile), { target: { value: '/media/key/office.key' } });
    fireEvent.submit(from.closest('form')!);
    await waitFor(() => expect(p.listBackups).toHaveBeenCalledWith({ from: '/media/usb/daftaryar-backup', keyFile: '/media/key/office.key' }));
    const radios = await screen.findAllByRole('radio');
    expect(radios.map((r) => [(r as HTMLInputElement).value, (r as HTMLInputElement).checked, (r as HTMLInputElement).disabled])).toEqual([
      ['g3', false, true],
      ['g2', true, false],
      ['g1', false, false],
    ]);
    expect(screen.getByText(t.restoreStates.incomplete)).toBeInTheDocument();
    fireEvent.click(radios[2]!);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.restoreSubmit) }));
    await waitFor(() => expect(p.restore).toHaveBeenCalledWith({ from: '/media/usb/daftaryar-backup', keyFile: '/media/key/office.key', generation: 'g1' }));
    expect(await screen.findByRole('status')).toHaveTextContent('۱۲۰ پرونده');
    expect(p.becomeHub).not.toHaveBeenCalled();
  });

  it('a wrong key is said beside the key field; a folder without backups beside the folder; a changed field asks for the list again', async () => {
    const p = port(undefined, { ok: false, code: 'BACKUP_WRONG_KEY' });
    render(<FirstRunScreen port={p.port} />);
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.restore) }));
    fireEvent.change(screen.getByLabelText(t.restoreFrom), { target: { value: '/mnt/share' } });
    const key = screen.getByLabelText(t.restoreKeyFile);
    fireEvent.change(key, { target: { value: '/root/old.key' } });
    fireEvent.submit(key.closest('form')!);
    expect(await screen.findByText(fa.errors.BACKUP_WRONG_KEY)).toBeInTheDocument();
    await waitFor(() => expect(key).toHaveFocus());
    p.listBackups.mockResolvedValueOnce({ ok: false, code: 'BACKUP_NONE' });
    fireEvent.submit(key.closest('form')!);
    expect(await screen.findByText(fa.errors.BACKUP_NONE)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText(t.restoreFrom)).toHaveFocus());
    expect(p.restore).not.toHaveBeenCalled();
  });
});
