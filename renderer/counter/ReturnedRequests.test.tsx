import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ReturnedItem } from '../../core/api/followUp';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { requestView } from '../../test/support/renderer/fixtures';
import { FollowUpBanner, ReturnedRequests } from './ReturnedRequests';

const t = fa.followUp;
const slow = { timeout: 5000 };
const returned: ReturnedItem = {
  requestId: '11111111-1111-4111-8111-111111111111',
  year: 1405,
  number: 12,
  service: 'petition',
  applicantName: 'علی ر.',
  trackingCode: '1405091234567890',
  reason: 'پیوست شمارهٔ ۲ ناخواناست',
  returnedAt: '2026-11-29T08:00:00.000Z',
  followUp: null,
};

function list(props: { counterId: number | null; serving: boolean }, items: ReturnedItem[] = [returned], start?: Handler) {
  const startCall = vi.fn<Handler>(start ?? (() => out(requestView({ service: 'remedy' }))));
  const hub = renderWithHub(<ReturnedRequests {...props} />, { 'followUp.returned': () => out({ items }), 'followUp.start': startCall });
  return { ...hub, startCall };
}

describe('returned requests (رفع نقص)', () => {
  it('shows each returned filing with the reason, the tracking code in groups of four and Persian digits, and a shortened name', async () => {
    list({ counterId: 1, serving: true });
    const item = await screen.findByText(/پیوست شمارهٔ ۲ ناخواناست/, {}, slow);
    const row = item.closest('li')!;
    expect(within(row).getByText('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰')).toBeInTheDocument();
    expect(within(row).getByText('۱۴۰۵/۱۲')).toBeInTheDocument();
    expect(within(row).getByText('علی ر.')).toBeInTheDocument();
    expect(row.textContent).not.toMatch(/[0-9]/);
  });

  it('opens the remedy request at the counter serving a ticket', async () => {
    const { startCall } = list({ counterId: 3, serving: true });
    fireEvent.click(await screen.findByRole('button', { name: t.start }, slow));
    await waitFor(() => expect(startCall).toHaveBeenCalledWith({ requestId: returned.requestId, counterId: 3 }), slow);
  });

  it('waits for a ticket before it can open one, and says why', async () => {
    const { startCall } = list({ counterId: 3, serving: false });
    const button = await screen.findByRole('button', { name: t.start }, slow);
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('title', t.startNeedsTicket);
    fireEvent.click(button);
    expect(startCall).not.toHaveBeenCalled();
  });

  it('says in Persian why the hub refused', async () => {
    list({ counterId: 3, serving: true }, [returned], () => fail('FOLLOW_UP_EXISTS'));
    fireEvent.click(await screen.findByRole('button', { name: t.start }, slow));
    expect(await screen.findByRole('alert', {}, slow)).toHaveTextContent(fa.errors.FOLLOW_UP_EXISTS);
  });

  it('shows the remedy under way instead of the button, and nothing to act on in the manager’s console', async () => {
    list({ counterId: null, serving: false }, [returned, { ...returned, requestId: '22222222-2222-4222-8222-222222222222', number: 13, followUp: { requestId: '33333333-3333-4333-8333-333333333333', year: 1405, number: 20, status: 'readyToSend' } }]);
    expect(await screen.findByText(t.underWay('۱۴۰۵/۲۰', t.statuses.readyToSend), {}, slow)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: t.start })).not.toBeInTheDocument();
    expect(screen.getByText(t.notYet)).toBeInTheDocument();
  });

  it('says so when nothing was returned', async () => {
    list({ counterId: 1, serving: true }, []);
    expect(await screen.findByText(t.empty, {}, slow)).toBeInTheDocument();
  });
});

describe('the remedy request’s banner', () => {
  it('shows the returned request, its tracking code and the authority’s reason', async () => {
    renderWithHub(<FollowUpBanner link={{ requestId: returned.requestId, year: 1405, number: 12, trackingCode: returned.trackingCode, reason: 'امضا ندارد', returnedAt: null }} />, {});
    const note = await screen.findByRole('note', {}, slow);
    expect(note).toHaveTextContent(t.banner('۱۴۰۵/۱۲'));
    expect(note).toHaveTextContent('امضا ندارد');
    expect(note).toHaveTextContent('۱۴۰۵ ۰۹۱۲ ۳۴۵۶ ۷۸۹۰');
  });
});
