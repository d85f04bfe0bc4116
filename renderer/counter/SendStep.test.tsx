import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RequestView } from '../../core/api/request';
import type { SyncStatusView } from '../../core/api/sync';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../manager/testHub';
import { SendStep } from './SendStep';

const t = fa.send;
const base = {
  id: '6f1c1f7e-6a0b-4a57-9d43-1f1d8a0c2b11',
  year: 1405,
  number: 12,
  ticketId: 't1',
  counterId: 1,
  service: 'petition',
  officeDay: '1405-09-07',
  legalDeadline: '1405/09/20',
  status: 'originalsMatched',
  currentStep: 'send',
  missing: [],
  reason: null,
  applicant: null,
  details: null,
  quote: null,
  payments: [],
  receipts: [],
  submission: null,
} satisfies RequestView;
const sub = { id: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', state: 'queued', queuedAt: '2026-11-28T07:00:00.000Z', pages: 4, trackingCode: null, deliveredAt: null, receivedAt: null, authorityStatus: null, authorityReason: null, lastErrorCode: null } as const;
const status = (link: SyncStatusView['link']): SyncStatusView => ({
  enrolled: link !== 'unenrolled',
  centralUrl: null,
  officeName: null,
  link,
  pending: 1,
  rejected: 0,
  flagged: 0,
  deadlineBound: 1,
  bytesLeft: 1,
  current: null,
  lastError: null,
  nextRetryAt: null,
  lastDeliveredAt: null,
  lastPullAt: null,
  marginDays: 1,
  alarms: [],
});

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
    const delivered = { ...sub, state: 'delivered', trackingCode: '1405091234567890', deliveredAt: '2026-11-28T07:01:00.000Z', receivedAt: '2026-11-28T07:01:00.000Z', authorityStatus: 'returned', authorityReason: 'امضا ندارد' } as const;
    renderWithHub(<SendStep request={{ ...base, status: 'returned', currentStep: null, submission: delivered }} onChange={() => {}} />, { 'sync.status': () => out(status('online')) });
    const code = screen.getByText('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰');
    expect(code).toHaveAttribute('dir', 'ltr');
    expect(screen.getByText(`${t.authority.returned}: امضا ندارد`)).toBeInTheDocument();
  });
});
