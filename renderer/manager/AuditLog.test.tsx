import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEntryView } from '../../core/api/audit';
import { fa } from '../i18n/fa';
import { AuditLog } from './AuditLog';
import { out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';

const t = fa.managerAudit;
const entry = (seq: number, over: Partial<AuditEntryView> = {}): AuditEntryView => ({
  seq,
  at: '2026-11-28T06:30:00.000Z',
  actor: 'staff:2',
  actorName: 'رضا کریمی',
  action: 'login',
  subject: 'staff:2',
  reason: null,
  detail: {},
  hash: 'ab'.repeat(32),
  ...over,
});

describe('AuditLog', () => {
  it('lists entries newest first in Persian and pages back to older ones', async () => {
    const list = vi.fn<Handler>((input) =>
      (input as { beforeSeq?: number }).beforeSeq
        ? out({ entries: [entry(1, { actor: 'anonymous', actorName: null, action: 'loginFailed', subject: null })], more: false })
        : out({ entries: [entry(3, { action: 'feesDiscounted', subject: 'request:6f1c1f7e-6a0b-4a57-9d43-1f1d8a0c2b11', reason: 'همکار بازنشسته' }), entry(2)], more: true }),
    );
    renderWithHub(<AuditLog />, { 'audit.list': list });
    expect(await screen.findByText('همکار بازنشسته')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: t.actions.feesDiscounted })).toBeInTheDocument();
    expect(screen.getByText('درخواست …0c2b11')).toBeInTheDocument();
    expect(screen.getByText('۳')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.more }));
    expect(await screen.findByRole('cell', { name: t.actions.loginFailed })).toBeInTheDocument();
    expect(screen.getByText(t.actors.anonymous!)).toBeInTheDocument();
    expect(list.mock.calls[1]![0]).toEqual({ limit: 50, beforeSeq: 2 });
    expect(screen.queryByRole('button', { name: t.more })).not.toBeInTheDocument();
  });

  it('shows what an entry recorded, as recorded, on demand', async () => {
    renderWithHub(<AuditLog />, {
      'audit.list': () => out({ entries: [entry(4, { action: 'inquiryRefused', detail: { kind: 'identity', subject: '0499370899', why: 'notOnTheRequest' } }), entry(3)], more: false }),
    });
    const shown = await screen.findByText(t.showDetail);
    expect(shown.closest('details')!.textContent).toContain('"why": "notOnTheRequest"');
    expect(screen.getAllByText(t.showDetail)).toHaveLength(1); // an entry with nothing more shows a dash
  });

  it('filters by kind of event', async () => {
    const list = vi.fn<Handler>(() => out({ entries: [], more: false }));
    renderWithHub(<AuditLog />, { 'audit.list': list });
    expect(await screen.findByText(t.empty)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(t.filter), { target: { value: 'queueOutOfTurn' } });
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    expect(list.mock.calls[1]![0]).toEqual({ limit: 50, action: 'queueOutOfTurn' });
  });

  it('says where the chain breaks, in Persian', async () => {
    renderWithHub(<AuditLog />, {
      'audit.list': () => out({ entries: [entry(1)], more: false }),
      'audit.verify': () => out({ ok: false, entries: 41, brokenAt: 42, problem: 'hash' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: t.verify }));
    expect(await screen.findByRole('alert')).toHaveTextContent(t.broken('۴۲', t.problems.hash));
  });

  it('says the chain is intact with its length', async () => {
    renderWithHub(<AuditLog />, {
      'audit.list': () => out({ entries: [entry(1)], more: false }),
      'audit.verify': () => out({ ok: true, entries: 1200, head: 'cd'.repeat(32) }),
    });
    fireEvent.click(await screen.findByRole('button', { name: t.verify }));
    expect(await screen.findByRole('status')).toHaveTextContent(t.intact('۱۲۰۰', 'cd'.repeat(8)));
  });
});
