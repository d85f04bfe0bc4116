import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fa } from '../i18n/fa';
import { out, renderWithHub, type Handler } from '../../test/support/renderer/testHub';
import { KIOSK_IDLE_MS, KIOSK_RESET_MS, KioskShell, PRIORITY_KEY } from './KioskShell';
import { tariffBoardOf } from '../../core/fees/board';
import { tariffBoardFa } from '../../core/fees/boardLabels.fa';
import { shippedTariffTables } from '../../core/fees/tables';
import { shippedJudicialCostSchedules } from '../../core/fees/tables/judicial1403';

const t = fa.kiosk;
const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران', code: '1234', city: 'تهران', lockAfterMinutes: 5 };
const info = {
  services: [
    { id: 1, name: 'ثبت دادخواست', prefix: 'الف', waiting: 3, open: true, opensAt: '07:30', closesAt: '14:00', estimatedWaitMinutes: 12 },
    { id: 2, name: 'ابلاغ', prefix: 'ب', waiting: 0, open: true, opensAt: '08:00', closesAt: '13:30', estimatedWaitMinutes: 0 },
    { id: 3, name: 'ثنا', prefix: 'پ', waiting: 0, open: false, opensAt: '15:00', closesAt: '16:00', estimatedWaitMinutes: null },
  ],
  priorityCategories: [],
  printer: 'none',
};
const issued = (printed: boolean) => ({
  ticket: { id: '9a6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', display: 'الف-۰۰۴', prefix: 'الف', number: 4, serviceId: 1, serviceName: 'ثبت دادخواست', priority: false, status: 'waiting', issuedAt: '2026-11-29T06:00:00.000Z' },
  peopleAhead: 3,
  estimatedWaitMinutes: 12,
  printed,
});

function renderKiosk(issue: Handler) {
  return renderWithHub(<KioskShell office={office} principal={{ kind: 'device', role: 'kiosk' }} onLogout={() => {}} />, { 'queue.kioskInfo': () => out(info), 'queue.issueTicket': issue });
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KioskShell', () => {
  it('shows each service’s opening hours and estimated wait on its button', async () => {
    renderKiosk(() => out(issued(false)));
    const first = await screen.findByRole('button', { name: /ثبت دادخواست/ });
    expect(first).toHaveTextContent(t.hours('۰۷:۳۰', '۱۴:۰۰'));
    expect(first).toHaveTextContent(t.estimateShort('۱۲'));
    expect(screen.getByRole('button', { name: /ابلاغ/ })).toHaveTextContent(t.noWait);
    const closed = screen.getByRole('button', { name: /ثنا/ });
    expect(closed).toBeDisabled();
    expect(closed).toHaveTextContent(t.hours('۱۵:۰۰', '۱۶:۰۰'));
  });

  it('without a printer shows the ticket with its QR code for at least 15 s, and a close button', async () => {
    renderKiosk(() => out(issued(false)));
    fireEvent.click(await screen.findByRole('button', { name: /ثبت دادخواست/ }));
    const qr = await screen.findByRole('img', { name: t.qrLabel('الف-۰۰۴') });
    const text = qr.getAttribute('data-qr-text')!;
    expect(text).toContain('الف-۰۰۴');
    expect(text).toContain(office.name);
    expect(text).toContain('9a6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f');
    expect(qr.querySelector('path')!.getAttribute('d')!.length).toBeGreaterThan(100);
    expect(KIOSK_RESET_MS).toBeGreaterThanOrEqual(15_000);
    await act(async () => vi.advanceTimersByTime(15_000));
    expect(screen.getByText('الف-۰۰۴')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.close }));
    expect(screen.queryByText('الف-۰۰۴')).toBeNull();
    expect(screen.getByText(t.takeTicket)).toBeInTheDocument();
  });

  it('prints no QR code when the paper ticket came out, and returns to the start by itself', async () => {
    renderKiosk(() => out(issued(true)));
    fireEvent.click(await screen.findByRole('button', { name: /ثبت دادخواست/ }));
    expect(await screen.findByText(t.printed)).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: t.qrLabel('الف-۰۰۴') })).toBeNull();
    // the reset timer is set by an effect after the ticket is drawn: the clock is moved on letting the
    // pending work through, and the start screen is then waited for (a loaded machine draws late)
    await act(async () => vi.advanceTimersByTimeAsync(KIOSK_RESET_MS + 10));
    await waitFor(() => expect(screen.queryByText(t.printed)).toBeNull());
  });

  it('shows the tariff in force when left untouched, and the start again at the next touch or key (ماده ۳۴ ت)', async () => {
    renderWithHub(<KioskShell office={office} principal={{ kind: 'device', role: 'kiosk' }} onLogout={() => {}} />, {
      'queue.kioskInfo': () => out(info),
      'tariff.board': () => out(tariffBoardOf(shippedTariffTables, shippedJudicialCostSchedules, '1405-09-16')),
    });
    await screen.findByRole('button', { name: /ثبت دادخواست/ });
    await act(async () => vi.advanceTimersByTime(KIOSK_IDLE_MS - 1_000));
    expect(screen.queryByRole('region', { name: tariffBoardFa.officeTariff })).toBeNull();
    // a touch restarts the wait
    fireEvent.pointerDown(document.body);
    await act(async () => vi.advanceTimersByTime(KIOSK_IDLE_MS - 1_000));
    expect(screen.queryByRole('region', { name: tariffBoardFa.officeTariff })).toBeNull();
    await act(async () => vi.advanceTimersByTime(1_100));
    expect(screen.getByRole('region', { name: tariffBoardFa.officeTariff })).toHaveTextContent('۷۷۰٬۰۰۰');
    expect(screen.getByRole('region', { name: tariffBoardFa.judicialCosts })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /ثبت دادخواست/ })).toBeNull();
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(await screen.findByRole('button', { name: /ثبت دادخواست/ })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: tariffBoardFa.officeTariff })).toBeNull();
  });

  it('has a round priority button at a fixed corner, pressed by touch or by the «*» key, that takes a priority number (ماده ۴۷ پ)', async () => {
    const withPriority = { ...info, priorityCategories: [{ id: 7, name: 'معلولیت' }, { id: 8, name: 'سالمندی' }] };
    const { callsTo } = renderWithHub(<KioskShell office={office} principal={{ kind: 'device', role: 'kiosk' }} onLogout={() => {}} />, {
      'queue.kioskInfo': () => out(withPriority),
      'queue.issueTicket': () => out(issued(true)),
    });
    const button = await screen.findByRole('button', { name: t.priorityButton });
    expect(button).toHaveClass('kiosk-priority-button');
    expect(button).toHaveAttribute('aria-keyshortcuts', PRIORITY_KEY);
    expect(button).toHaveAttribute('aria-pressed', 'false');
    fireEvent.keyDown(document.body, { key: PRIORITY_KEY });
    expect(button).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText(t.prioritySelected('معلولیت'))).toBeInTheDocument();
    fireEvent.click(button);
    expect(button).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: /ثبت دادخواست/ }));
    await screen.findByText(t.printed);
    expect(callsTo('queue.issueTicket')[0]!.input).toEqual({ serviceId: 1, priorityCategoryId: 7 });
  });

  it('offers spoken guidance from a switch a person reaches by keyboard', async () => {
    renderKiosk(() => out(issued(true)));
    const voice = await screen.findByRole('button', { name: t.voiceGuidance });
    expect(voice).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(voice);
    expect(voice).toHaveAttribute('aria-pressed', 'true');
  });
});
