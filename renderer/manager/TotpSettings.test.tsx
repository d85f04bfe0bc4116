import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { groupedSecret, TotpSettings } from './TotpSettings';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.managerTotp;
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const uri = `otpauth://totp/Daftaryar:maryam?issuer=Daftaryar&secret=${secret}&algorithm=SHA1&digits=6&period=30`;

describe('TotpSettings', () => {
  it('groups the key by four for typing by hand', () => {
    expect(groupedSecret(secret)).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupedSecret('ABCDEF')).toBe('ABCD EF');
  });

  it('starts with the QR code and the key, takes the first code in Persian digits, and says it is on', async () => {
    const confirm = vi.fn<Handler>(() => out({ ok: true }));
    renderWithHub(<TotpSettings />, { 'auth.totpStatus': () => out({ enabled: false }), 'auth.totpBegin': () => out({ secret, uri }), 'auth.totpConfirm': confirm });
    expect(await screen.findByText(t.off)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.begin }));

    const qr = await screen.findByRole('img', { name: t.qrAlt });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeInTheDocument();
    const field = screen.getByLabelText(t.code);
    expect(field).toHaveFocus();
    fireEvent.change(field, { target: { value: '۱۲۳۴۵۶' } });
    fireEvent.submit(field.closest('form')!); // Enter
    expect(await screen.findByRole('status')).toHaveTextContent(t.enabled);
    expect(confirm.mock.calls[0]![0]).toEqual({ otp: '۱۲۳۴۵۶' });
    expect(screen.getByText(t.on)).toBeInTheDocument();
    // the code just used is not left in the «turn off» form below
    expect(screen.getByLabelText(fa.login.otp)).toHaveValue('');
    expect(screen.queryByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).not.toBeInTheDocument();
  });

  it('says a wrong first code is wrong, beside the field, and Esc gives up', async () => {
    renderWithHub(<TotpSettings />, {
      'auth.totpStatus': () => out({ enabled: false }),
      'auth.totpBegin': () => out({ secret, uri }),
      'auth.totpConfirm': () => fail('INVALID_OTP', { fields: [{ path: 'otp', reason: 'invalid_otp' }] }),
    });
    fireEvent.click(await screen.findByRole('button', { name: t.begin }));
    const field = await screen.findByLabelText(t.code);
    fireEvent.change(field, { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.confirm) }));
    expect(await screen.findByText(fa.fields.invalid_otp!)).toBeInTheDocument();
    expect(screen.getByLabelText(t.code)).toHaveValue('');
    fireEvent.keyDown(screen.getByLabelText(t.code), { key: 'Escape' });
    expect(screen.queryByLabelText(t.code)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.begin })).toBeInTheDocument();
  });

  it('turns it off only with the password and a code, saying which one was wrong', async () => {
    const disable = vi.fn<Handler>((input) =>
      (input as { password: string }).password === 'Sabz-Kuh-1403' ? out({ ok: true }) : fail('INVALID_CREDENTIALS', { fields: [{ path: 'password', reason: 'invalid_format' }] }),
    );
    renderWithHub(<TotpSettings />, { 'auth.totpStatus': () => out({ enabled: true }), 'auth.totpDisable': disable });
    expect(await screen.findByText(t.on)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(t.password), { target: { value: 'wrong' } });
    fireEvent.change(screen.getByLabelText(fa.login.otp), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.disable) }));
    expect(await screen.findByText(t.wrongPassword)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(t.password), { target: { value: 'Sabz-Kuh-1403' } });
    fireEvent.change(screen.getByLabelText(fa.login.otp), { target: { value: '۶۵۴۳۲۱' } });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.disable) }));
    expect(await screen.findByRole('status')).toHaveTextContent(t.disabled);
    expect(disable.mock.calls[1]![0]).toEqual({ password: 'Sabz-Kuh-1403', otp: '۶۵۴۳۲۱' });
    await waitFor(() => expect(screen.getByRole('button', { name: t.begin })).toBeInTheDocument());
  });
});
