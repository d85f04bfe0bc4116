import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../core/api/schemas';
import { fa } from '../i18n/fa';
import { out, renderWithHub } from '../../test/support/renderer/testHub';
import { ManagerShell } from './ManagerShell';

const manager = { kind: 'user', userId: 1, username: 'maryam', displayName: 'مریم احمدی', role: 'manager' } satisfies Principal;
const office = { name: 'دفتر خدمات الکترونیک قضایی ۱۲۳۴ تهران', code: '1234', city: 'تهران', lockAfterMinutes: 5 };
const kpis = { tickets: 0, served: 0, noShows: 0, noShowPercent: null, averageWaitMinutes: null, maxWaitMinutes: null, averageServiceMinutes: null, withinTargetPercent: null, transfers: 0, recalls: 0, outOfTurn: 0 };

const script = {
  'queue.live': () => out({ services: [{ id: 1, name: 'ثبت‌نام ثنا', prefix: 'ب', waiting: 4, longestWaitMinutes: 9, issuedToday: 20 }], counters: [], printFailures: [] }),
  'queue.dayReport': () => out({ day: '1403-12-11', serviceLevelMinutes: 15, total: kpis, byService: [], byCounter: [], outOfTurn: [], csv: '' }),
  'day.status': () => out({ day: '1403-12-11', closedAt: null, closedBy: null, countersClosed: 0 }),
  'queue.config': () =>
    out({
      settings: { normalPerPriority: 2, maxWaitMinutes: 45, serviceLevelMinutes: 15, defaultServiceMinutes: 8, noShowAfterRecalls: 2 },
      printer: { kind: 'none' },
      services: [],
      counters: [],
      priorityCategories: [],
    }),
};

function renderShell() {
  return renderWithHub(<ManagerShell office={office} principal={manager} onLogout={() => {}} />, script);
}

const go = (section: string) => fireEvent.click(screen.getByRole('button', { name: section }));

describe('ManagerShell — queue sections', () => {
  it('opens on the dashboard with the live queue beside the office card', async () => {
    renderShell();
    expect(await screen.findByRole('table', { name: fa.managerQueue.live.servicesTitle })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: fa.manager.officeCard })).toBeInTheDocument();
    expect(screen.getByText('۱۲۳۴')).toBeInTheDocument();
  });

  it('shows the day report under «گزارش‌ها», with «بستن روز کاری دفتر» above it', async () => {
    renderShell();
    go(fa.manager.nav.reports);
    expect(await screen.findByRole('heading', { name: fa.managerQueue.report.title('۱۴۰۳/۱۲/۱۱') })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: fa.manager.officeDayClose.action })).toBeInTheDocument();
    expect(screen.getByText(fa.manager.officeDayClose.open('۱۴۰۳/۱۲/۱۱'))).toBeInTheDocument();
    expect(screen.getByRole('button', { name: fa.manager.nav.reports })).toHaveAttribute('aria-current', 'page');
  });

  it('shows services, counters, call order and the ticket printer under «خدمات و باجه‌ها»', async () => {
    renderShell();
    go(fa.manager.nav.services);
    expect(await screen.findByRole('heading', { name: fa.managerQueue.services.title })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: fa.managerQueue.counters.title })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: fa.managerQueue.callOrder.title })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: fa.managerQueue.printer.title })).toBeInTheDocument();
  });

  it('shows the ticket printer and the counters’ card terminals under «تنظیمات», where the printer errors send the manager', async () => {
    renderShell();
    go(fa.manager.nav.settings);
    expect(await screen.findByRole('heading', { name: fa.managerQueue.printer.title })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: fa.managerTerminal.title })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: fa.managerQueue.services.title })).not.toBeInTheDocument();
  });
});

describe('ManagerShell — document search', () => {
  it('searches the captured pages under «جستجوی اسناد», saying that every search is recorded', async () => {
    renderShell();
    go(fa.manager.nav.documentSearch);
    expect(await screen.findByRole('heading', { name: fa.managerSearch.title })).toBeInTheDocument();
    expect(screen.getByText(fa.managerSearch.audited)).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: fa.managerSearch.label })).toBeInTheDocument();
  });
});
