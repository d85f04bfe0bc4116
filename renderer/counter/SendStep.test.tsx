import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { RequestView } from '../../core/api/request';
import { describe, expect, it, vi } from 'vitest';
import type { SyncStatusView } from '../../core/api/sync';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { SendStep } from './SendStep';
import { requestView, submissionView, syncStatus } from '../../test/support/renderer/fixtures';

const t = fa.send;
const base = requestView({ legalDeadline: '1405/09/20', status: 'originalsMatched', currentStep: 'send', missing: [] });
const sub = submissionView({ id: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', queuedAt: '2026-11-28T07:00:00.000Z', pages: 4 });
const status = (link: SyncStatusView['link']): SyncStatusView => syncStatus({ enrolled: link !== 'unenrolled', link, pending: 1, deadlineBound: 1, bytesLeft: 1 });

describe('SendStep', () => {
  it('sends with the focused button (Enter), then shows the request as the hub has it', async () => {
    const send = vi.fn<Handler>(() => out({ submissionId: sub.id }));
    const onChange = vi.fn();
    renderWithHub(<SendStep request={base} onChange={onChange} />, { 'request.send': send, 'request.get': () => out({ ...base, status: 'readyToSend', submission: sub }) });
    expect(screen.getByText(t.deadlineFirst('۱۴۰۵/۰۹/۲۰'))).toBeInTheDocument();
    const button = screen.getByRole('button', { name: new RegExp(t.send) });
    expect(button).toHaveFocus();
    fireEvent.click(button);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ status: 'readyToSend' })));
    expect(send).toHaveBeenCalledWith({ requestId: base.id });
  });

  it('shows the hub’s refusal in Persian and stays', async () => {
    const onChange = vi.fn();
    renderWithHub(<SendStep request={base} onChange={onChange} />, { 'request.send': () => fail('SUBMISSION_INVALID') });
    fireEvent.click(screen.getByRole('button', { name: new RegExp(t.send) }));
    expect(await screen.findByText(fa.errors.SUBMISSION_INVALID)).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it.each([
    ['unenrolled', t.queuedUnenrolled],
    ['offline', t.queuedOffline],
    ['online', t.queuedOnline],
  ] as const)('says what a queued submission waits for when the link is %s', async (link, text) => {
    renderWithHub(<SendStep request={{ ...base, status: 'readyToSend', submission: sub }} onChange={() => {}} />, { 'sync.status': () => out(status(link)) });
    expect(await screen.findByText(text)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: t.stateTitle.queued })).toBeInTheDocument();
  });

  it('shows the tracking code in groups of four, left to right, and the authority’s decision with its reason', async () => {
    const delivered = submissionView({ ...sub, state: 'delivered', trackingCode: '1405091234567890', deliveredAt: '2026-11-28T07:01:00.000Z', receivedAt: '2026-11-28T07:01:00.000Z', authorityStatus: 'returned', authorityReason: 'امضا ندارد' });
    renderWithHub(<SendStep request={{ ...base, status: 'returned', currentStep: null, submission: delivered }} onChange={() => {}} />, { 'sync.status': () => out(status('online')) });
    const code = screen.getByText('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰');
    expect(code).toHaveAttribute('dir', 'ltr');
    expect(screen.getByText(`${t.authority.returned}: امضا ندارد`)).toBeInTheDocument();
  });
});

describe('SendStep for a Sana change (ماده ۴۰ ب)', () => {
  const sana = (sanaConsent: RequestView['sanaConsent']) => requestView({ service: 'sanaEdit', status: 'originalsMatched', currentStep: 'send', missing: [], sanaConsent });

  it('waits for the owner’s yes on the applicant screen: no send before it', () => {
    renderWithHub(<SendStep request={sana(null)} onChange={() => {}} />, {});
    expect(screen.getByText(fa.sanaConsent.counterWaiting)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: new RegExp(t.send) })).toBeDisabled();
  });

  it('says the owner declined, and still does not send', () => {
    renderWithHub(<SendStep request={sana({ given: false, identityDocument: 'nationalCard', at: '2026-11-28T07:00:00.000Z' })} onChange={() => {}} />, {});
    expect(screen.getByText(fa.sanaConsent.counterDeclined)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: new RegExp(t.send) })).toBeDisabled();
  });

  it('sends once the owner said yes, naming the document their identity was checked against', () => {
    renderWithHub(<SendStep request={sana({ given: true, identityDocument: 'nationalCard', at: '2026-11-28T07:00:00.000Z' })} onChange={() => {}} />, {});
    expect(screen.getByText(fa.sanaConsent.counterGiven('کارت ملی'))).toBeInTheDocument();
    expect(screen.getByRole('button', { name: new RegExp(t.send) })).toBeEnabled();
  });
});
