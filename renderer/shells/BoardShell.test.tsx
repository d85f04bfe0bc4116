import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { out, renderWithHub } from '../../test/support/renderer/testHub';
import { BoardShell } from './BoardShell';
import { tariffBoardOf } from '../../core/fees/board';
import { tariffBoardFa } from '../../core/fees/boardLabels.fa';
import { shippedTariffTables } from '../../core/fees/tables';
import { shippedJudicialCostSchedules } from '../../core/fees/tables/judicial1403';
import { DEFAULT_BOARD_CYCLE } from '../../core/queue/boardCycle';

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

describe('BoardShell: the tariff in turn with the calls (ماده ۳۴ ت)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const boardData = { recentCalls: [], serving: [], services: [] };
  const call = { display: 'الف-۰۰۷', prefix: 'الف', number: 7, counterNumber: 3, recall: false, ticketId: '9a6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', at: '2026-11-29T06:00:00.000Z' };
  const { callsMs, tariffMs, callHoldMs } = DEFAULT_BOARD_CYCLE;
  const page = () => document.querySelector('.board-shell')!.getAttribute('data-board-page');
  const advance = (ms: number) => act(async () => vi.advanceTimersByTime(ms));

  it('shows the tariff after the calls, a new call interrupts it at once and keeps the calls for its full time', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const hub = renderWithHub(<BoardShell office={office} principal={{ kind: 'device', role: 'board' }} onLogout={() => {}} />, {
      'queue.board': () => out(boardData),
      'tariff.board': () => out(tariffBoardOf(shippedTariffTables, shippedJudicialCostSchedules, '1405-09-16')),
    });
    await screen.findByText(t.waitingForFirstCall);
    expect(page()).toBe('calls');
    await advance(callsMs + 50);
    expect(page()).toBe('tariff');
    // the first tariff page is the office's, figures in Persian digits
    const office1403 = screen.getByRole('region', { name: tariffBoardFa.officeTariff });
    expect(within(office1403).getByText('۷۷۰٬۰۰۰')).toBeInTheDocument();
    await advance(5_000);
    await act(async () => hub.emit('queue.called', call));
    expect(page()).toBe('calls');
    expect(screen.getByText('الف-۰۰۷')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: tariffBoardFa.officeTariff })).toBeNull();
    await advance(callHoldMs - 500);
    expect(page()).toBe('calls');
    await advance(600);
    expect(page()).toBe('tariff');
    // the second tariff page is the judicial costs, with the latest call still in sight
    expect(screen.getByRole('region', { name: tariffBoardFa.judicialCosts })).toBeInTheDocument();
    expect(screen.getByText('الف-۰۰۷')).toBeInTheDocument();
    await advance(tariffMs + 50);
    expect(page()).toBe('calls');
  });

  it('stays on the calls when the hub has no tariff for today', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderWithHub(<BoardShell office={office} principal={{ kind: 'device', role: 'board' }} onLogout={() => {}} />, {
      'queue.board': () => out(boardData),
      'tariff.board': () => out({ day: '1398-01-01', office: null, judicial: null, nextChangeDay: '1399-01-01' }),
    });
    await screen.findByText(t.waitingForFirstCall);
    await advance(callsMs + tariffMs + 50);
    expect(page()).toBe('calls');
  });
});
