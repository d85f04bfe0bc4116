import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../core/api/schemas';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub } from '../../test/support/renderer/testHub';
import { ApplicantShell } from './ApplicantShell';
import { RatingForm } from './RatingForm';

const t = fa.feedback;
const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران', code: '1234', city: 'تهران', lockAfterMinutes: 5 };
const device = { kind: 'device', deviceId: 4, role: 'applicant', counterId: 1 } as unknown as Principal;
const TICKET = '9a6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f';

describe('RatingForm', () => {
  it('sends a good score alone, and asks a low one for a reason — «other» with its text', () => {
    const sent = vi.fn();
    render(<RatingForm ticket="الف-۰۰۱" serviceName="ثبت دادخواست" busy={false} error={null} onSubmit={sent} />);
    const send = screen.getByRole('button', { name: t.send });
    expect(send).toBeDisabled();
    fireEvent.click(screen.getByRole('radio', { name: t.scores[4] }));
    expect(screen.queryByRole('group', { name: t.reasonTitle })).toBeNull();
    fireEvent.click(send);
    expect(sent).toHaveBeenLastCalledWith({ score: 5 });

    fireEvent.click(screen.getByRole('radio', { name: t.scores[0] }));
    expect(screen.getByRole('group', { name: t.reasonTitle })).toBeInTheDocument();
    expect(send).toBeDisabled();
    fireEvent.click(screen.getByRole('radio', { name: t.reasons.other }));
    expect(send).toBeDisabled();
    fireEvent.change(screen.getByLabelText(t.otherText), { target: { value: 'کسی پاسخ نداد' } });
    fireEvent.click(send);
    expect(sent).toHaveBeenLastCalledWith({ score: 1, reason: { code: 'other', text: 'کسی پاسخ نداد' } });
  });
});

describe('the applicant screen between people', () => {
  it('asks about the ticket just served, sends the answer for it, and thanks', async () => {
    const submitted: unknown[] = [];
    renderWithHub(<ApplicantShell office={office} principal={device} onLogout={() => {}} />, {
      'applicantScreen.view': () => out({ counterNumber: 1, ticketDisplay: null, request: null }),
      'rating.pending': () => out({ ticket: submitted.length ? null : { ticketId: TICKET, display: 'الف-۰۰۱', serviceName: 'ثبت دادخواست', windowMinutes: 30 } }),
      'complaint.status': () => out({ accepting: true }),
      'rating.submitAtScreen': (input) => {
        submitted.push(input);
        return out({ ok: true });
      },
    });
    expect(await screen.findByText(t.rateFor('الف-۰۰۱', 'ثبت دادخواست'))).toBeInTheDocument();
    expect(screen.getByRole('button', { name: t.complain })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: t.scores[3] }));
    fireEvent.click(screen.getByRole('button', { name: t.send }));
    await waitFor(() => expect(submitted).toEqual([{ counterId: 1, ticketId: TICKET, score: 4 }]));
    expect(await screen.findByText(t.thanks)).toBeInTheDocument();
  });

  it('shows the refusal of a second answer as its sentence', async () => {
    renderWithHub(<ApplicantShell office={office} principal={device} onLogout={() => {}} />, {
      'applicantScreen.view': () => out({ counterNumber: 1, ticketDisplay: null, request: null }),
      'rating.pending': () => out({ ticket: { ticketId: TICKET, display: 'الف-۰۰۱', serviceName: 'ثبت دادخواست', windowMinutes: 30 } }),
      'complaint.status': () => out({ accepting: false }),
      'rating.submitAtScreen': () => fail('RATING_ALREADY_GIVEN'),
    });
    fireEvent.click(await screen.findByRole('radio', { name: t.scores[4] }));
    fireEvent.click(screen.getByRole('button', { name: t.send }));
    expect(await screen.findByText(fa.errors.RATING_ALREADY_GIVEN)).toBeInTheDocument();
    // no key from the Center yet: no complaint button
    expect(screen.queryByRole('button', { name: t.complain })).toBeNull();
  });
});
