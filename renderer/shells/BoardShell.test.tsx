import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fa } from '../i18n/fa';
import { out, renderWithHub } from '../../test/support/renderer/testHub';
import { BoardShell } from './BoardShell';

const t = fa.board;
const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران', code: '1234', city: 'تهران', lockAfterMinutes: 5 };

describe('BoardShell', () => {
  it('shows a called number apart from one being served, and the waiting count and estimate per service', async () => {
    renderWithHub(<BoardShell office={office} principal={{ kind: 'device', role: 'board' }} onLogout={() => {}} />, {
      'queue.board': () =>
        out({
          recentCalls: [{ display: 'الف-۰۰۲', prefix: 'الف', number: 2, counterNumber: 1, recall: false, at: '2026-11-29T06:00:00.000Z' }],
          serving: [
            { counterNumber: 1, display: 'الف-۰۰۲', status: 'called' },
            { counterNumber: 2, display: 'ب-۰۰۱', status: 'serving' },
          ],
          services: [
            { name: 'ثبت دادخواست', prefix: 'الف', waiting: 4, estimatedWaitMinutes: 18 },
            { name: 'ابلاغ', prefix: 'ب', waiting: 0, estimatedWaitMinutes: 0 },
          ],
        }),
    });
    const called = await screen.findByRole('region', { name: t.called });
    expect(within(called).getByText('الف-۰۰۲')).toBeInTheDocument();
    expect(within(called).queryByText('ب-۰۰۱')).toBeNull();
    const serving = screen.getByRole('region', { name: t.serving });
    expect(within(serving).getByText('ب-۰۰۱')).toBeInTheDocument();
    expect(within(serving).getByText(t.counterN('۲'))).toBeInTheDocument();
    const services = screen.getByRole('region', { name: t.servicesTitle });
    expect(within(services).getByText(t.waiting('۴'))).toBeInTheDocument();
    expect(within(services).getByText(t.estimate('۱۸'))).toBeInTheDocument();
    expect(within(services).getByText(t.noWait)).toBeInTheDocument();
  });
});
