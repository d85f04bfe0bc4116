import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { fail, out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { syncStatus } from '../../test/support/renderer/fixtures';
import { sizeFa, SyncPanel, SyncStatusItem, syncErrorText } from './SyncPanel';

describe('sync panel words', () => {
  it('says sizes in Persian digits and units', () => {
    expect(sizeFa(0)).toBe(fa.sync.kilobytes('۰'));
    expect(sizeFa(1)).toBe(fa.sync.kilobytes('۱'));
    expect(sizeFa(354_000)).toBe(fa.sync.kilobytes('۳۴۶'));
    expect(sizeFa(20 * 1024 * 1024 + 200_000)).toBe(fa.sync.megabytes('۲۰٫۲'));
  });

  it('has one Persian sentence for every outbox error, and a fallback for what it does not know', () => {
    for (const text of Object.values(fa.sync.errors)) expect(text).not.toMatch(/[A-Za-z]/);
    expect(syncErrorText('HTTP_502')).toBe(fa.sync.errors.INTERNAL);
    expect(syncErrorText('SOMETHING_NEW')).toBe(fa.sync.errors.UNKNOWN);
    expect(syncErrorText('CLOCK_SKEW')).toBe(fa.sync.errors.CLOCK_SKEW);
  });
});

describe('SyncPanel', () => {
  it('shows the item being sent with its progress and retries on demand', async () => {
    const retry = vi.fn<Handler>(() => out(syncStatus()));
    const onReload = vi.fn();
    const status = syncStatus({
      pending: 2,
      current: { submissionId: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', requestYear: 1405, requestNumber: 9, progress: { pagesDone: 3, pagesTotal: 8, bytesDone: 300, bytesTotal: 800 } },
    });
    renderWithHub(<SyncPanel status={status} onReload={onReload} />, { 'sync.retryNow': retry });
    expect(screen.getByText(fa.sync.sending('۱۴۰۵/۹', '۳', '۸'))).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '300');
    fireEvent.click(screen.getByRole('button', { name: fa.sync.retryNow }));
    await waitFor(() => expect(onReload).toHaveBeenCalled());
    expect(retry).toHaveBeenCalledWith({});
  });

  it('the status-bar item turns to an alarm when a deadline is near', async () => {
    const alarm = { submissionId: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', requestId: '1b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', requestYear: 1405, requestNumber: 3, deadline: '1405/09/08', daysLeft: 0 };
    const hub = renderWithHub(<SyncStatusItem onOpen={() => {}} />, { 'sync.status': () => out(syncStatus({ link: 'offline', pending: 1, alarms: [alarm] })) });
    const item = await screen.findByRole('button', { name: new RegExp(fa.sync.link.offline) });
    expect(item).toHaveClass('status-bar-alarm');
    expect(item).toHaveTextContent(fa.sync.alarmShort('۱'));
    expect(hub.listeners('sync.changed')).toBe(1);
  });
});

describe('the status bar while the hub itself is unreachable', () => {
  it('shows the central as «نامعلوم», not the last «برقرار», and the hub’s error clears once the link is back', async () => {
    let down = false;
    const hub = renderWithHub(<SyncStatusItem onOpen={() => {}} />, { 'sync.status': () => (down ? fail('HUB_UNREACHABLE') : out(syncStatus({ link: 'online' }))) });
    expect(await screen.findByRole('button')).toHaveTextContent(fa.sync.link.online);
    down = true;
    hub.setStatus('closed');
    expect(screen.getByText(fa.sync.statusLine(fa.sync.linkUnknownHubDown, '—'))).toBeInTheDocument();
    expect(screen.queryByText(new RegExp(fa.sync.link.online))).toBeNull();
    down = false;
    hub.setStatus('open');
    expect(await screen.findByRole('button')).toHaveTextContent(fa.sync.link.online);
  });
});
