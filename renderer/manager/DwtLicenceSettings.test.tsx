import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { DwtLicenceSettings } from './DwtLicenceSettings';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.managerDwt;

describe('DwtLicenceSettings', () => {
  it('says no key is set, saves the one typed (trimmed) and then shows only its last characters', async () => {
    let state = { set: false, tail: null as string | null };
    const set = vi.fn<Handler>((input) => {
      const key = (input as { key: string }).key;
      state = { set: key !== '', tail: key === '' ? null : key.slice(-4) };
      return out({ ok: true });
    });
    renderWithHub(<DwtLicenceSettings />, { 'office.dwtLicence': () => out(state), 'office.setDwtLicence': set });
    expect(await screen.findByText(t.none)).toBeInTheDocument();
    const field = screen.getByLabelText(t.key);
    fireEvent.change(field, { target: { value: '  t0151234-ABCD ' } });
    fireEvent.click(screen.getByRole('button', { name: fa.common.save }));
    expect(await screen.findByRole('status')).toHaveTextContent(t.saved);
    expect(set.mock.calls[0]![0]).toEqual({ key: 't0151234-ABCD' });
    // the field is emptied: the key is not kept on the screen, only its end is shown
    await waitFor(() => expect(screen.getByRole('note')).toHaveTextContent(`${t.current} …ABCD`));
    expect(screen.getByLabelText(t.key)).toHaveValue('');
    expect(document.body.textContent).not.toContain('t0151234');

    fireEvent.click(screen.getByRole('button', { name: t.clear }));
    await waitFor(() => expect(screen.getByRole('note')).toHaveTextContent(t.none));
    expect(set.mock.calls[1]![0]).toEqual({ key: '' });
  });

  it('shows the hub’s refusal beside the field', async () => {
    renderWithHub(<DwtLicenceSettings />, { 'office.dwtLicence': () => out({ set: false, tail: null }), 'office.setDwtLicence': () => fail('INVALID_INPUT', { fields: [{ path: 'key', reason: 'invalid_format' }] }) });
    fireEvent.change(await screen.findByLabelText(t.key), { target: { value: 'has space' } });
    fireEvent.click(screen.getByRole('button', { name: fa.common.save }));
    await waitFor(() => expect(screen.getByText(fa.fields.invalid_format!)).toBeInTheDocument());
  });
});
