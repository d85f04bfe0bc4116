import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { LockSettings } from './LockSettings';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.managerLock;
const info = { name: 'دفتر', code: '1234', city: 'تهران', lockAfterMinutes: 5 };

describe('LockSettings', () => {
  it('shows the current minutes in Persian digits and saves what is typed, in any digits', async () => {
    const set = vi.fn<Handler>(() => out({ ok: true }));
    renderWithHub(<LockSettings />, { 'office.info': () => out(info), 'office.setLockAfter': set });
    const field = await screen.findByLabelText(t.minutes);
    expect(field).toHaveValue('۵');
    fireEvent.change(field, { target: { value: '۱۵' } });
    fireEvent.click(screen.getByRole('button', { name: fa.common.save }));
    expect(await screen.findByRole('status')).toHaveTextContent(t.saved);
    expect(set.mock.calls[0]![0]).toEqual({ minutes: 15 });
  });

  it('shows the hub’s refusal beside the field', async () => {
    renderWithHub(<LockSettings />, { 'office.info': () => out(info), 'office.setLockAfter': () => fail('INVALID_INPUT', { fields: [{ path: 'minutes', reason: 'too_big' }] }) });
    fireEvent.change(await screen.findByLabelText(t.minutes), { target: { value: '999' } });
    fireEvent.click(screen.getByRole('button', { name: fa.common.save }));
    await waitFor(() => expect(screen.getByText(fa.fields.too_big!)).toBeInTheDocument());
  });
});
