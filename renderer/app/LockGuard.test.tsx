import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { LockGuard } from './LockGuard';

const clerk = { kind: 'user', userId: 2, username: 'reza', displayName: 'رضا کریمی', role: 'clerk' } as const;
const t = fa.lock;

function guard(script: Parameters<typeof renderWithHub>[1], minutes = 5, initiallyLocked = false) {
  const onLogout = vi.fn();
  const env = renderWithHub(
    <LockGuard principal={clerk} lockAfterMinutes={minutes} initiallyLocked={initiallyLocked} onLogout={onLogout}>
      <label>
        یادداشت <input defaultValue="" />
      </label>
    </LockGuard>,
    script,
  );
  return { ...env, onLogout };
}

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => vi.useRealTimers());

describe('LockGuard', () => {
  it('locks after the idle minutes, tells the hub, and keeps the half-typed work under the cover', async () => {
    const lock = vi.fn<Handler>(() => out({ ok: true }));
    guard({ 'auth.lock': lock }, 5);
    fireEvent.change(screen.getByLabelText('یادداشت'), { target: { value: 'نیمه‌کاره' } });
    await act(() => vi.advanceTimersByTimeAsync(4 * 60_000));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(70_000));
    expect(await screen.findByRole('dialog', { name: t.title })).toBeInTheDocument();
    expect(lock).toHaveBeenCalledOnce();
    expect(screen.getByText('رضا کریمی')).toBeInTheDocument();
    expect(document.querySelector('.lock-guarded')).toHaveAttribute('aria-hidden', 'true');
    expect((document.querySelector('.lock-guarded input') as HTMLInputElement).value).toBe('نیمه‌کاره');
  });

  it('locks at once with Ctrl+Shift+L; a wrong password is refused in Persian, the right one unlocks', async () => {
    const unlock = vi.fn<Handler>((input) => ((input as { password: string }).password === 'pw-reza-12345' ? out({ ok: true }) : fail('INVALID_CREDENTIALS')));
    guard({ 'auth.lock': () => out({ ok: true }), 'auth.unlock': unlock }, 0);
    fireEvent.keyDown(window, { key: 'ل', code: 'KeyL', ctrlKey: true, shiftKey: true });
    const password = await screen.findByLabelText(t.password);
    fireEvent.change(password, { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.unlock) }));
    expect(await screen.findByText(fa.errors.INVALID_CREDENTIALS)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(t.password), { target: { value: 'pw-reza-12345' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.unlock) }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(unlock).toHaveBeenCalledTimes(2);
  });

  it('never locks by itself when the office set 0 minutes; a locked session after a reload starts covered; logout is offered', async () => {
    const lock = vi.fn<Handler>(() => out({ ok: true }));
    const first = guard({ 'auth.lock': lock }, 0);
    await act(() => vi.advanceTimersByTimeAsync(60 * 60_000));
    expect(lock).not.toHaveBeenCalled();
    first.view.unmount();
    const again = guard({}, 5, true);
    fireEvent.click(await screen.findByRole('button', { name: t.logout }));
    expect(again.onLogout).toHaveBeenCalledOnce();
  });
});
