import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SyncItemView } from '../../core/api/sync';
import { syncStatus } from '../../test/support/renderer/fixtures';
import { fa } from '../i18n/fa';
import { SyncManager } from './SyncManager';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.syncManager;
const status = syncStatus;
const item = (over: Partial<SyncItemView> = {}): SyncItemView => ({
  submissionId: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
  requestId: '1b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
  requestYear: 1405,
  requestNumber: 17,
  state: 'pending',
  sending: false,
  deadline: '1405/09/08',
  daysLeft: 1,
  queuedAt: '2026-11-28T07:00:00.000Z',
  pages: 4,
  bytes: 354_000,
  attempts: 2,
  nextAttemptAt: '2026-11-28T07:01:00.000Z',
  lastErrorCode: 'NETWORK',
  lastErrorMessage: 'ECONNREFUSED',
  progress: null,
  ...over,
});

describe('SyncManager', () => {
  it('shows the link, the deadline alarm and every waiting item with its last error in Persian digits and words', async () => {
    const alarm = { submissionId: item().submissionId, requestId: item().requestId, requestYear: 1405, requestNumber: 17, deadline: '1405/09/08', daysLeft: 1 };
    renderWithHub(<SyncManager />, {
      'sync.status': () => out(status({ link: 'offline', pending: 1, deadlineBound: 1, bytesLeft: 354_000, lastError: { code: 'NETWORK', message: 'x', at: '2026-11-28T07:00:30.000Z' }, alarms: [alarm] })),
      'sync.items': () => out({ items: [item()] }),
    });
    expect(await screen.findByText(fa.sync.link.offline)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(fa.sync.alarmLine('۱۴۰۵/۱۷', '۱۴۰۵/۰۹/۰۸', fa.sync.daysLeft('۱')));
    expect(screen.getAllByText(fa.sync.errors.NETWORK).length).toBeGreaterThan(0);
    const row = (await screen.findByText('۱۴۰۵/۱۷', { selector: 'td' })).closest('tr')!;
    expect(within(row).getByText(t.pagesAndSize('۴', fa.sync.kilobytes('۳۴۶')))).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: t.resend })).toBeNull(); // pending items are the outbox's
    expect(document.body.textContent).not.toMatch(/[0-9]/);
  });

  it('resends a rejected item from its row', async () => {
    const resend = vi.fn<Handler>(() => out({ items: [] }));
    const hub = renderWithHub(<SyncManager />, {
      'sync.status': () => out(status({ rejected: 1 })),
      'sync.items': () => out({ items: [item({ state: 'rejected', lastErrorCode: 'SUBMISSION_CONFLICT', nextAttemptAt: null })] }),
      'sync.resend': resend,
    });
    expect(await screen.findByText(fa.sync.errors.SUBMISSION_CONFLICT)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.resend }));
    await waitFor(() => expect(resend).toHaveBeenCalledWith({ submissionId: item().submissionId }));
    expect(hub.callsTo('sync.items').length).toBeGreaterThanOrEqual(2);
  });

  it('enrolls with the central’s address and one-time code, and says a wrong code plainly', async () => {
    const enroll = vi.fn<Handler>().mockReturnValueOnce(fail('SYNC_ENROLLMENT_CODE_INVALID')).mockReturnValueOnce(out(status()));
    renderWithHub(<SyncManager />, { 'sync.status': () => out(status({ enrolled: false, centralUrl: null, officeName: null, link: 'unenrolled' })), 'sync.items': () => out({ items: [] }), 'sync.enroll': enroll });
    expect(await screen.findByText(fa.sync.notEnrolled)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(t.centralUrl), { target: { value: ' https://central.test ' } });
    fireEvent.change(screen.getByLabelText(t.code), { target: { value: 'abcd-efgh-jklm' } });
    fireEvent.click(screen.getByRole('button', { name: t.enroll }));
    expect(await screen.findByText(fa.errors.SYNC_ENROLLMENT_CODE_INVALID)).toBeInTheDocument();
    expect(enroll.mock.calls[0]![0]).toEqual({ centralUrl: 'https://central.test', code: 'abcd-efgh-jklm' });
    fireEvent.click(screen.getByRole('button', { name: t.enroll }));
    await waitFor(() => expect(enroll).toHaveBeenCalledTimes(2));
  });

  it('warns with both names and codes when the central knows the office otherwise, and saves only when the manager keeps it', async () => {
    const token = '3b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f';
    const pendingEnrollment = { token, centralUrl: 'https://central.test', central: { name: 'دفتر نمونه', code: '1234' }, local: { name: 'دفتر خدمات الکترونیک قضایی 5678', code: '5678' }, expiresAt: '2026-11-29T06:15:00.000Z' };
    let current = status({ enrolled: false, centralUrl: null, officeName: null, link: 'unenrolled', pendingEnrollment });
    const confirm = vi.fn<Handler>(() => {
      current = status();
      return out(current);
    });
    renderWithHub(<SyncManager />, { 'sync.status': () => out(current), 'sync.items': () => out({ items: [] }), 'sync.confirmEnrollment': confirm, 'sync.cancelEnrollment': () => out(current) });
    const warning = await screen.findByRole('alert', { name: t.mismatchTitle });
    for (const text of ['دفتر نمونه', '۱۲۳۴', 'دفتر خدمات الکترونیک قضایی ۵۶۷۸', '۵۶۷۸']) expect(within(warning).getByText(text)).toBeInTheDocument();
    expect(within(warning).getByText(t.mismatchCentral('https://central.test'))).toBeInTheDocument();
    expect(confirm).not.toHaveBeenCalled();
    fireEvent.click(within(warning).getByRole('button', { name: t.mismatchConfirm }));
    await waitFor(() => expect(confirm).toHaveBeenCalledWith({ token }));
    await waitFor(() => expect(screen.queryByRole('alert', { name: t.mismatchTitle })).toBeNull());
  });

  it('takes the alarm margin in Persian digits', async () => {
    const margin = vi.fn<Handler>(() => out(status({ marginDays: 3 })));
    renderWithHub(<SyncManager />, { 'sync.status': () => out(status()), 'sync.items': () => out({ items: [] }), 'sync.setAlarmMargin': margin });
    const input = await screen.findByLabelText(t.marginLabel);
    expect(input).toHaveValue('۱');
    fireEvent.change(input, { target: { value: '۳' } });
    fireEvent.click(within(screen.getByRole('region', { name: t.marginTitle })).getByRole('button', { name: fa.common.save }));
    await waitFor(() => expect(margin).toHaveBeenCalledWith({ days: 3 }));
  });

  it('sets how long page images stay after the central’s receipt, and shows a refusal beside the field', async () => {
    const retention = vi.fn<Handler>().mockReturnValueOnce(fail('INVALID_INPUT', { fields: [{ path: 'days', reason: 'too_small' }] })).mockReturnValueOnce(out(status({ retentionDays: 30 })));
    renderWithHub(<SyncManager />, { 'sync.status': () => out(status()), 'sync.items': () => out({ items: [] }), 'sync.setRetention': retention });
    const section = await screen.findByRole('region', { name: t.retentionTitle });
    const input = within(section).getByLabelText(t.retentionLabel);
    expect(input).toHaveValue('۹۰');
    fireEvent.change(input, { target: { value: '3' } });
    fireEvent.click(within(section).getByRole('button', { name: fa.common.save }));
    await waitFor(() => expect(retention).toHaveBeenCalledWith({ days: 3 }));
    expect((await within(section).findAllByRole('alert')).length).toBeGreaterThan(0);
    fireEvent.change(input, { target: { value: '۳۰' } });
    fireEvent.click(within(section).getByRole('button', { name: fa.common.save }));
    await waitFor(() => expect(retention).toHaveBeenLastCalledWith({ days: 30 }));
  });
});
