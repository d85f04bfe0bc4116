import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BackupStatus } from '../../core/api/backup';
import { fa } from '../i18n/fa';
import { BackupPanel } from './BackupPanel';
import { out, renderWithHub } from '../../test/support/renderer/testHub';

const t = fa.manager.backup;

const green: BackupStatus = {
  target: '/media/backup',
  targetState: 'ok',
  freeBytes: 250e9,
  // 10:30 in Tehran
  lastVerifiedAt: '2026-11-28T07:00:00.000Z',
  lastVerifiedGeneration: '20261128T070000000Z-hourly',
  lastBackupBytes: 2.1e9,
  ageMinutes: 40,
  maxAgeMinutes: 120,
  workingHours: true,
  running: false,
  lastRun: { state: 'verified', kind: 'hourly', finishedAt: '2026-11-28T07:00:00.000Z', problem: null, detail: null },
  reasons: [],
  red: false,
  policy: { keepHourly: 48, keepDaily: 30, keepMonthly: 12 },
};

describe('BackupPanel', () => {
  it('shows the age of the last verified backup with its Jalali date in Persian digits, and starts one now', async () => {
    let started = 0;
    renderWithHub(<BackupPanel />, {
      'backup.status': () => out(green),
      'backup.now': () => {
        started++;
        return out({ started: true });
      },
    });
    expect(await screen.findByText(t.lastVerified('۴۰ دقیقه', '۱۴۰۵/۰۹/۰۷ ۱۰:۳۰'))).toHaveClass('form-notice');
    expect(screen.getByLabelText(t.target)).toHaveValue('/media/backup');
    expect(screen.getByText(/۲٫۱ گیگابایت/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: t.now }));
    await waitFor(() => expect(started).toBe(1));
  });

  it('turns red and says why: too old, the target missing, the last run failed naming the damaged file', async () => {
    const red: BackupStatus = {
      ...green,
      targetState: 'missing',
      freeBytes: null,
      ageMinutes: 185,
      reasons: ['missing', 'old', 'failed'],
      red: true,
      lastRun: { state: 'failed', kind: 'hourly', finishedAt: '2026-11-28T09:05:00.000Z', problem: 'BACKUP_CORRUPT', detail: 'pages/ab/ab12' },
    };
    renderWithHub(<BackupPanel />, { 'backup.status': () => out(red) });
    expect(await screen.findByText(t.lastVerified('۳ ساعت و ۵ دقیقه', '۱۴۰۵/۰۹/۰۷ ۱۰:۳۰'))).toHaveClass('form-error');
    expect(screen.getByText(t.reasons.missing)).toBeInTheDocument();
    expect(screen.getByText(t.reasons.old('۲ ساعت و ۰ دقیقه'))).toBeInTheDocument();
    expect(screen.getByText(t.reasons.failed)).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`${fa.errors.BACKUP_CORRUPT}.*pages/ab/ab12`))).toBeInTheDocument();
  });
});
