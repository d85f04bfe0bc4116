import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PromoteRequest } from '../../core/api/workstation';
import { fa } from '../i18n/fa';
import { StandbyOffer, type StandbyBridge } from './StandbyOffer';

const t = fa.standbyOffer;
const copy = { copyTakenAt: '2026-12-07T10:15:00.000Z', copyAgeSeconds: 185 };

function bridge(answers: unknown[], here: unknown = copy): StandbyBridge & { sent: PromoteRequest[] } {
  const sent: PromoteRequest[] = [];
  return {
    sent,
    standbyHere: vi.fn(async () => here),
    promote: vi.fn(async (request: PromoteRequest) => {
      sent.push(request);
      return answers.shift();
    }),
  };
}

describe('the standby’s offer to take over', () => {
  it('shows nothing without the desktop bridge, while the link is up, or on a PC that keeps no copy', async () => {
    const { rerender } = render(<StandbyOffer bridge={undefined} down afterMs={0} />);
    const none = bridge([], null);
    rerender(<StandbyOffer bridge={none} down={false} afterMs={0} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(none.standbyHere).not.toHaveBeenCalled();
    rerender(<StandbyOffer bridge={none} down afterMs={0} />);
    await waitFor(() => expect(none.standbyHere).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: t.open })).toBeNull();
    // a malformed answer from the main process is no copy either
    rerender(<StandbyOffer bridge={bridge([], { copyAgeSeconds: 'x' })} down afterMs={0} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('button', { name: t.open })).toBeNull();
  });

  it('says how old the copy is; the manager’s password, then the authenticator’s code when asked; wrong answers said in Persian; done, it says the app starts anew', async () => {
    const b = bridge([{ ok: false, code: 'PROMOTE_CREDENTIALS' }, { ok: false, code: 'PROMOTE_OTP_REQUIRED' }, { ok: true, epoch: 2, copyTakenAt: copy.copyTakenAt }]);
    render(<StandbyOffer bridge={b} down afterMs={0} />);
    fireEvent.click(await screen.findByRole('button', { name: t.open }));
    expect(screen.getByText(t.copyAge(t.minutes('۳')))).toBeTruthy();
    const dialog = screen.getByRole('dialog', { name: t.title });
    expect(dialog.textContent).toContain(t.when);
    // nothing typed: said beside the fields, nothing sent
    fireEvent.click(screen.getByRole('button', { name: `${t.submit} Enter` }));
    expect(screen.getAllByText(t.required)).toHaveLength(2);
    expect(b.sent).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(t.username), { target: { value: ' maryam ' } });
    fireEvent.change(screen.getByLabelText(t.password), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: `${t.submit} Enter` }));
    expect(await screen.findByText(t.errors.PROMOTE_CREDENTIALS)).toBeTruthy();
    expect((screen.getByLabelText(t.password) as HTMLInputElement).value).toBe('');

    fireEvent.change(screen.getByLabelText(t.password), { target: { value: 'Sabz-Kuh-1403' } });
    fireEvent.click(screen.getByRole('button', { name: `${t.submit} Enter` }));
    const otp = await screen.findByLabelText(t.otp);
    fireEvent.change(otp, { target: { value: '۱۲۳۴۵۶' } });
    fireEvent.click(screen.getByRole('button', { name: `${t.submit} Enter` }));
    expect(await screen.findByText(t.done)).toBeTruthy();
    expect(b.sent).toEqual([
      { username: 'maryam', password: 'wrong' },
      { username: 'maryam', password: 'Sabz-Kuh-1403' },
      { username: 'maryam', password: 'Sabz-Kuh-1403', otp: '123456' },
    ]);
  });

  it('a hub that still answers is said plainly, and nothing changes', async () => {
    const b = bridge([{ ok: false, code: 'PROMOTE_HUB_ALIVE' }]);
    render(<StandbyOffer bridge={b} down afterMs={0} />);
    fireEvent.click(await screen.findByRole('button', { name: t.open }));
    fireEvent.change(screen.getByLabelText(t.username), { target: { value: 'maryam' } });
    fireEvent.change(screen.getByLabelText(t.password), { target: { value: 'Sabz-Kuh-1403' } });
    fireEvent.click(screen.getByRole('button', { name: `${t.submit} Enter` }));
    expect(await screen.findByText(t.errors.PROMOTE_HUB_ALIVE)).toBeTruthy();
    expect(screen.queryByText(t.done)).toBeNull();
  });
});
