import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffView } from '../../core/api/staff';
import { fa } from '../i18n/fa';
import { StaffManager } from './StaffManager';
import { fail, out, renderWithHub, type Script } from '../../test/support/renderer/testHub';

const t = fa.managerStaff;
const base = { createdAt: '2026-01-10T08:00:00.000Z', deactivatedAt: null, deactivatedBy: null, deactivationReason: null };
const maryam: StaffView = { ...base, id: 1, username: 'maryam', displayName: 'مریم احمدی', role: 'manager', active: true, nationalId: null, certificate: null };
const reza: StaffView = { ...base, id: 2, username: 'reza', displayName: 'رضا رضایی', role: 'clerk', active: true, nationalId: '0012345679', certificate: { number: '12345', issuer: 'مرکز آمار قوه قضاییه', date: '1403-05-12' } };
const nima: StaffView = { ...base, id: 3, username: 'nima', displayName: 'نیما نیک', role: 'legalExpert', active: false, nationalId: '1234567891', certificate: null, deactivatedAt: '2026-11-20T07:15:00.000Z', deactivatedBy: 'مریم احمدی', deactivationReason: 'پایان قرارداد' };

function renderStaff(script: Script = {}, staff: StaffView[] = [maryam, reza, nima]) {
  return renderWithHub(<StaffManager meId={1} />, { 'staff.list': () => out({ staff }), ...script });
}
const rowOf = (name: string) => screen.getByRole('cell', { name }).closest('tr')!;
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
/** Fills the new-account form for «سارا کریمی», with her certificate, under `username` and `nationalId`. */
const fillSara = (username: string, nationalId: string) => {
  type(t.displayName, 'سارا کریمی');
  type(t.username, username);
  type(t.nationalId, nationalId);
  type(t.certificateNumber, '۱۲۳۴۵');
  type(t.certificateIssuer, 'مرکز آمار قوه قضاییه');
  type(t.certificateDate, '۱۴۰۳/۰۵/۱۲');
};

describe('StaffManager', () => {
  it('lists staff with role in Persian, national id and certificate in Persian digits, and who is inactive since when and why', async () => {
    renderStaff();
    expect(await screen.findByRole('cell', { name: 'مریم احمدی' })).toBeInTheDocument(); // one cell only (the e2e test looks it up so)
    expect(within(rowOf('مریم احمدی')).getByRole('cell', { name: 'مدیر دفتر' })).toBeInTheDocument();
    const r = within(rowOf('رضا رضایی'));
    expect(r.getByText('۰۰۱۲۳۴۵۶۷۹')).toBeInTheDocument();
    expect(r.getByText(t.certificateLine('۱۲۳۴۵', 'مرکز آمار قوه قضاییه', '۱۴۰۳/۰۵/۱۲'))).toBeInTheDocument();
    expect(r.getByText(t.active)).toBeInTheDocument();
    const n = within(rowOf('نیما نیک'));
    expect(n.getByText(/^غیرفعال از [۰-۹]{4}\/[۰-۹]{1,2}\/[۰-۹]{1,2}$/)).toBeInTheDocument();
    expect(n.getByText(/پایان قرارداد/)).toBeInTheDocument();
    expect(n.getByRole('button', { name: t.activate })).toBeInTheDocument();
    // the manager's own row: no deactivate, no password reset
    expect(within(rowOf('مریم احمدی')).queryByRole('button', { name: t.deactivate })).toBeNull();
    expect(document.querySelector('.staff-table')?.textContent).not.toMatch(/[0-9]/);
  });

  it('registers a clerk from Persian digits, and shows the hub’s field errors beside the fields', async () => {
    let attempt = 0;
    const { callsTo } = renderStaff({
      'staff.create': () =>
        ++attempt === 1
          ? fail('USERNAME_TAKEN', { fields: [{ path: 'username', reason: 'username_taken' }] })
          : out({ staff: { ...reza, id: 4, username: 'sara', displayName: 'سارا کریمی' } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: t.add }));
    expect(screen.getByLabelText(t.displayName)).toHaveFocus();
    fillSara('reza', '۰۰۱۲۳۴۵۶۷۹');
    type(t.password, 'Golab-Sorkh-77');
    type(t.passwordAgain, 'Golab-Sorkh-78');
    fireEvent.click(screen.getByRole('button', { name: t.create }));
    expect(await screen.findByText(fa.fields.passwords_differ!)).toBeInTheDocument();
    expect(callsTo('staff.create')).toHaveLength(0);

    type(t.passwordAgain, 'Golab-Sorkh-77');
    fireEvent.click(screen.getByRole('button', { name: t.create }));
    expect(await screen.findByText(fa.fields.username_taken!)).toBeInTheDocument();
    expect(screen.getByText(fa.errors.USERNAME_TAKEN)).toBeInTheDocument();
    expect(screen.getByLabelText(t.username)).toHaveAttribute('aria-invalid', 'true');
    expect(callsTo('staff.create')[0]!.input).toEqual({
      displayName: 'سارا کریمی',
      username: 'reza',
      role: 'clerk',
      nationalId: '۰۰۱۲۳۴۵۶۷۹',
      certificate: { number: '۱۲۳۴۵', issuer: 'مرکز آمار قوه قضاییه', date: '۱۴۰۳/۰۵/۱۲' },
      password: 'Golab-Sorkh-77',
    });

    type(t.username, 'sara');
    fireEvent.click(screen.getByRole('button', { name: t.create }));
    expect(await screen.findByText(t.created('سارا کریمی'))).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: t.newTitle })).toBeNull();
  });

  it('sends no certificate when its fields are empty, and says the clerk stays inactive', async () => {
    const { callsTo } = renderStaff({ 'staff.create': () => out({ staff: { ...nima, id: 5, displayName: 'سارا کریمی', deactivatedAt: null, deactivatedBy: null, deactivationReason: null } }) });
    fireEvent.click(await screen.findByRole('button', { name: t.add }));
    type(t.displayName, 'سارا کریمی');
    type(t.username, 'sara');
    type(t.nationalId, '0012345679');
    type(t.password, 'Golab-Sorkh-77');
    type(t.passwordAgain, 'Golab-Sorkh-77');
    fireEvent.submit(screen.getByLabelText(t.displayName).closest('form')!);
    expect(await screen.findByText(t.createdInactive('سارا کریمی'))).toBeInTheDocument();
    expect(callsTo('staff.create')[0]!.input).toMatchObject({ certificate: null });
  });

  it('edits name, role and certificate; the certificate rule’s sentence shows', async () => {
    const { callsTo } = renderStaff({ 'staff.update': () => fail('CERTIFICATE_REQUIRED', { fields: [{ path: 'certificate.number', reason: 'certificate_required' }] }) });
    fireEvent.click(within((await screen.findByRole('cell', { name: 'رضا رضایی' })).closest('tr')!).getByRole('button', { name: t.edit }));
    expect(screen.getByLabelText(t.nationalId)).toHaveValue('۰۰۱۲۳۴۵۶۷۹');
    expect(screen.getByLabelText(t.certificateDate)).toHaveValue('۱۴۰۳/۰۵/۱۲');
    expect(screen.getByLabelText(t.username)).toHaveAttribute('readonly');
    type(t.certificateNumber, '');
    type(t.certificateIssuer, '');
    type(t.certificateDate, '');
    fireEvent.change(screen.getByLabelText(t.role), { target: { value: 'legalExpert' } });
    fireEvent.click(screen.getByRole('button', { name: t.save }));
    expect(await screen.findByText(fa.errors.CERTIFICATE_REQUIRED)).toBeInTheDocument();
    expect(screen.getByText(fa.fields.certificate_required!)).toBeInTheDocument();
    expect(callsTo('staff.update')[0]!.input).toMatchObject({ staffId: 2, role: 'legalExpert', certificate: null, nationalId: '۰۰۱۲۳۴۵۶۷۹' });
  });

  it('deactivates after a confirm dialog with a reason; Escape cancels it', async () => {
    const { callsTo } = renderStaff({ 'staff.setActive': () => out({ staff: { ...reza, active: false }, changed: true, sessionsRevoked: 1 }) });
    const deactivate = within((await screen.findByRole('cell', { name: 'رضا رضایی' })).closest('tr')!).getByRole('button', { name: t.deactivate });
    deactivate.focus();
    fireEvent.click(deactivate);
    const dialog = screen.getByRole('dialog', { name: t.deactivateTitle('رضا رضایی') });
    expect(within(dialog).getByText(t.deactivateWarning)).toBeInTheDocument();
    expect(within(dialog).getByLabelText(t.reason)).toHaveFocus();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(deactivate).toHaveFocus();
    expect(callsTo('staff.setActive')).toHaveLength(0);

    fireEvent.click(deactivate);
    type(t.reason, 'پایان قرارداد');
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: t.deactivate }));
    expect(await screen.findByText(t.deactivated('رضا رضایی'))).toBeInTheDocument();
    expect(callsTo('staff.setActive')[0]!.input).toEqual({ staffId: 2, active: false, reason: 'پایان قرارداد' });
    await waitFor(() => expect(callsTo('staff.list')).toHaveLength(2));
  });

  it('activation refused for want of a certificate keeps the dialog open with the Persian sentence', async () => {
    renderStaff({ 'staff.setActive': () => fail('CERTIFICATE_REQUIRED') });
    fireEvent.click(within((await screen.findByRole('cell', { name: 'نیما نیک' })).closest('tr')!).getByRole('button', { name: t.activate }));
    type(t.reason, 'بازگشت به کار');
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: t.activate }));
    expect(await within(screen.getByRole('dialog')).findByText(fa.errors.CERTIFICATE_REQUIRED)).toBeInTheDocument();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('gives a new password; a weak one gets its reason beside the field', async () => {
    let attempt = 0;
    const { callsTo } = renderStaff({
      'staff.resetPassword': () => (++attempt === 1 ? fail('WEAK_PASSWORD', { fields: [{ path: 'password', reason: 'needs_letter_and_digit' }] }) : out({ ok: true, sessionsRevoked: 2 })),
    });
    fireEvent.click(within((await screen.findByRole('cell', { name: 'رضا رضایی' })).closest('tr')!).getByRole('button', { name: t.resetPassword }));
    const dialog = screen.getByRole('dialog', { name: t.passwordTitle('رضا رضایی') });
    fireEvent.change(within(dialog).getByLabelText(t.newPassword), { target: { value: 'onlyletters' } });
    fireEvent.change(within(dialog).getByLabelText(t.passwordAgain), { target: { value: 'onlyletters' } });
    fireEvent.click(within(dialog).getByRole('button', { name: t.resetPassword }));
    expect(await within(dialog).findByText(fa.fields.needs_letter_and_digit!)).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(t.newPassword), { target: { value: 'Tazeh-Ramz-1405' } });
    fireEvent.change(within(dialog).getByLabelText(t.passwordAgain), { target: { value: 'Tazeh-Ramz-1405' } });
    fireEvent.click(within(dialog).getByRole('button', { name: t.resetPassword }));
    expect(await screen.findByText(t.passwordSet('رضا رضایی'))).toBeInTheDocument();
    expect(callsTo('staff.resetPassword')[1]!.input).toEqual({ staffId: 2, password: 'Tazeh-Ramz-1405' });
  });

  it('creates a clerk in one form: the policy is shown and ticked, what saving will do is said, and the confirmation is where the eyes go', async () => {
    renderStaff({ 'staff.create': () => out({ staff: { ...reza, id: 4, username: 'sara', displayName: 'سارا کریمی' } }) });
    fireEvent.click(await screen.findByRole('button', { name: t.add }));
    const policy = screen.getByRole('list', { name: t.policy.title });
    expect(within(policy).getAllByRole('listitem').map((li) => li.textContent)).toEqual([t.policy.length, t.policy.letterAndDigit, t.policy.notUsername, t.policy.notNationalId].map((r) => `• ${r}`));
    expect(screen.getByText(t.willBeInactive)).toBeInTheDocument();
    fillSara('sara', '0012345679');
    expect(screen.getByText(t.willBeActive)).toBeInTheDocument();
    type(t.password, 'sara-1234');
    const items = within(policy).getAllByRole('listitem');
    expect(items[0]).toHaveClass('policy-met');
    expect(items[1]).toHaveClass('policy-met');
    expect(items[2]).not.toHaveClass('policy-met'); // it holds the username
    type(t.password, 'Golab-Sorkh-77');
    type(t.passwordAgain, 'Golab-Sorkh-77');
    expect(within(policy).getAllByRole('listitem').every((li) => li.classList.contains('policy-met'))).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: t.create }));
    const notice = await screen.findByText(t.created('سارا کریمی'));
    expect(notice).toHaveFocus();
    expect(screen.queryByText(/فعال کردن با دلیل/)).toBeNull();
  });

  it('offers a brand-new account waiting for its certificate «تکمیل گواهی», not an activation with a reason, and starts it on save', async () => {
    const fresh: StaffView = { ...nima, id: 6, username: 'sara', displayName: 'سارا کریمی', role: 'clerk', deactivatedAt: null, deactivatedBy: null, deactivationReason: null };
    const { callsTo } = renderStaff({ 'staff.update': () => out({ staff: { ...fresh, active: true, certificate: reza.certificate }, changed: ['certificate', 'active'] }) }, [maryam, fresh]);
    const row = (await screen.findByRole('cell', { name: 'سارا کریمی' })).closest('tr')!;
    expect(within(row).getByText(t.awaitingCertificate)).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: t.activate })).toBeNull();
    fireEvent.click(within(row).getByRole('button', { name: t.completeCertificate }));
    expect(screen.getByText(t.stillAwaiting)).toBeInTheDocument();
    type(t.certificateNumber, '۱۲۳۴۵');
    type(t.certificateIssuer, 'مرکز آمار قوه قضاییه');
    type(t.certificateDate, '۱۴۰۳/۰۵/۱۲');
    expect(screen.getByText(t.willStart)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.save }));
    expect(await screen.findByText(t.started('سارا کریمی'))).toBeInTheDocument();
    expect(callsTo('staff.setActive')).toHaveLength(0);
  });
});
