import { describe, expect, it } from 'vitest';
import { hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { addClerk } from '../../test/support/hub';
import { clerkWithCalledTicket } from '../../test/support/requests';

// Satisfaction (ماده ۱۸) through the real dispatch: who may answer, once, within the window; the sums.

const setUpHub = hubsClosedAfterEach();

/** Counter 1 served ticket «الف-۰۰۱» to the end; its applicant screen is open. */
async function served() {
  const t = await setUpHub();
  const { kiosk, clerk } = await clerkWithCalledTicket(t);
  await t.ok('queue.startService', { counterId: 1 }, clerk);
  await t.ok('queue.finish', { counterId: 1 }, clerk);
  const screen = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 1 })).session;
  const ticketId = (await t.ok('rating.pending', { counterId: 1 }, screen)).ticket!.ticketId;
  const code = async (res: Promise<{ ok: boolean; error?: { code: string } }>) => {
    const r = await res;
    return r.ok ? 'ok' : r.error!.code;
  };
  const stored = () => t.db.prepare('SELECT count(*) FROM satisfaction_rating').pluck().get() as number;
  return { ...t, kiosk, clerk, screen, ticketId, code, stored };
}

describe('rating at the applicant screen', () => {
  it('asks for the ticket just served, takes one answer, and refuses a second one', async () => {
    const t = await served();
    expect((await t.ok('rating.pending', { counterId: 1 }, t.screen)).ticket).toMatchObject({ display: 'الف-۰۰۱', windowMinutes: 30 });
    expect(await t.ok('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 5 }, t.screen)).toEqual({ ok: true });
    expect((await t.ok('rating.pending', { counterId: 1 }, t.screen)).ticket).toBeNull();
    expect(await t.code(t.call('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 1, reason: { code: 'longWait' } }, t.screen))).toBe('RATING_ALREADY_GIVEN');
    // nor again at the kiosk
    expect(await t.code(t.call('rating.submitAtKiosk', { ticketId: t.ticketId, score: 4 }, t.kiosk))).toBe('RATING_ALREADY_GIVEN');
    expect(await t.code(t.call('rating.findAtKiosk', { prefix: 'الف', number: '۱' }, t.kiosk))).toBe('RATING_ALREADY_GIVEN');
    expect(t.db.prepare('SELECT ticket_id, office_day, service_id, counter_id, score, answered_on FROM satisfaction_rating').all()).toEqual([
      { ticket_id: t.ticketId, office_day: '1405-09-07', service_id: 1, counter_id: 1, score: 5, answered_on: 'applicantScreen' },
    ]);
  });

  it('refuses staff: a clerk or the manager posting a rating is FORBIDDEN, and nothing is stored', async () => {
    const t = await served();
    for (const session of [t.clerk, t.managerSession]) {
      expect(await t.code(t.call('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 5 }, session))).toBe('FORBIDDEN');
      expect(await t.code(t.call('rating.submitAtKiosk', { ticketId: t.ticketId, score: 5 }, session))).toBe('FORBIDDEN');
      expect(await t.code(t.call('rating.pending', { counterId: 1 }, session))).toBe('FORBIDDEN');
    }
    // the clerk cannot see the sums either; the kiosk cannot answer as a screen, nor a screen as the kiosk
    expect(await t.code(t.call('rating.summary', { from: '1405-09-07', to: '1405-09-07' }, t.clerk))).toBe('FORBIDDEN');
    expect(await t.code(t.call('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 5 }, t.kiosk))).toBe('FORBIDDEN');
    expect(await t.code(t.call('rating.submitAtKiosk', { ticketId: t.ticketId, score: 5 }, t.screen))).toBe('FORBIDDEN');
    expect(await t.code(t.call('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 5 }))).toBe('UNAUTHENTICATED');
    expect(t.stored()).toBe(0);
  });

  it('refuses bad input with a code and stores nothing: a score outside 1–5, a low score without a reason, a reason for a good one', async () => {
    const t = await served();
    const rate = (input: Record<string, unknown>) => t.code(t.call('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, ...input } as never, t.screen));
    expect(await rate({ score: 0 })).toBe('INVALID_INPUT');
    expect(await rate({ score: 6 })).toBe('INVALID_INPUT');
    expect(await rate({ score: 2.5 })).toBe('INVALID_INPUT');
    expect(await rate({ score: '5' })).toBe('INVALID_INPUT');
    expect(await rate({ score: 2 })).toBe('RATING_REASON_INVALID');
    expect(await rate({ score: 4, reason: { code: 'longWait' } })).toBe('RATING_REASON_INVALID');
    expect(await rate({ score: 1, reason: { code: 'other' } })).toBe('RATING_REASON_INVALID');
    expect(await rate({ score: 1, reason: { code: 'bribe' } })).toBe('INVALID_INPUT');
    expect(await rate({ score: 1, reason: { code: 'other', text: 'x'.repeat(201) } })).toBe('INVALID_INPUT');
    expect(await rate({ score: 1, reason: { code: 'other', text: 'دیر\u202eشد' } })).toBe('INVALID_INPUT');
    expect(t.stored()).toBe(0);
    expect(await rate({ score: 2, reason: { code: 'other', text: 'راهنمایی نشد' } })).toBe('ok');
    expect(t.db.prepare('SELECT reason_code, reason_text FROM satisfaction_rating').get()).toEqual({ reason_code: 'other', reason_text: 'راهنمایی نشد' });
  });

  it('closes after the window, and as soon as the counter calls the next person', async () => {
    const t = await served();
    t.advance(31 * 60_000);
    expect((await t.ok('rating.pending', { counterId: 1 }, t.screen)).ticket).toBeNull();
    expect(await t.code(t.call('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 5 }, t.screen))).toBe('RATING_NOT_AVAILABLE');
    expect(await t.code(t.call('rating.findAtKiosk', { prefix: 'الف', number: '1' }, t.kiosk))).toBe('RATING_NOT_AVAILABLE');

    const u = await served();
    await u.ok('queue.issueTicket', { serviceId: 1 }, u.kiosk);
    await u.ok('queue.callNext', { counterId: 1 }, u.clerk);
    expect((await u.ok('rating.pending', { counterId: 1 }, u.screen)).ticket).toBeNull();
    expect(await u.code(u.call('rating.submitAtScreen', { counterId: 1, ticketId: u.ticketId, score: 5 }, u.screen))).toBe('RATING_NOT_AVAILABLE');
    // the applicant who left can still answer at the kiosk
    expect(await u.ok('rating.submitAtKiosk', { ticketId: u.ticketId, score: 3 }, u.kiosk)).toEqual({ ok: true });
  });

  it('answers for its own counter only', async () => {
    const t = await served();
    const other = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 2 })).session;
    expect(await t.code(t.call('rating.pending', { counterId: 1 }, other))).toBe('SCREEN_OTHER_COUNTER');
    expect(await t.code(t.call('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 5 }, other))).toBe('SCREEN_OTHER_COUNTER');
    expect(await t.code(t.call('rating.submitAtScreen', { counterId: 2, ticketId: t.ticketId, score: 5 }, other))).toBe('RATING_NOT_AVAILABLE');
    expect(t.stored()).toBe(0);
  });
});

describe('rating at the kiosk', () => {
  it('finds a served ticket by its printed number, in any digits, and takes one answer with a reason', async () => {
    const t = await served();
    expect(await t.ok('rating.findAtKiosk', { prefix: 'الف', number: '۰۰۱' }, t.kiosk)).toMatchObject({ ticketId: t.ticketId, display: 'الف-۰۰۱' });
    expect(await t.ok('rating.submitAtKiosk', { ticketId: t.ticketId, score: 1, reason: { code: 'staffConduct' } }, t.kiosk)).toEqual({ ok: true });
    expect(await t.code(t.call('rating.submitAtKiosk', { ticketId: t.ticketId, score: 1, reason: { code: 'staffConduct' } }, t.kiosk))).toBe('RATING_ALREADY_GIVEN');
    expect(t.db.prepare('SELECT answered_on, reason_code FROM satisfaction_rating').get()).toEqual({ answered_on: 'kiosk', reason_code: 'staffConduct' });
  });

  it('knows no ticket that is unknown, still waiting or being served', async () => {
    const t = await served();
    expect(await t.code(t.call('rating.findAtKiosk', { prefix: 'الف', number: '9' }, t.kiosk))).toBe('RATING_NOT_AVAILABLE');
    expect(await t.code(t.call('rating.findAtKiosk', { prefix: 'ب', number: '1' }, t.kiosk))).toBe('RATING_NOT_AVAILABLE');
    const waiting = await t.ok('queue.issueTicket', { serviceId: 1 }, t.kiosk);
    expect(await t.code(t.call('rating.findAtKiosk', { prefix: 'الف', number: '2' }, t.kiosk))).toBe('RATING_NOT_AVAILABLE');
    expect(await t.code(t.call('rating.submitAtKiosk', { ticketId: waiting.ticket.id, score: 5 }, t.kiosk))).toBe('RATING_NOT_AVAILABLE');
    expect(await t.code(t.call('rating.findAtKiosk', { prefix: 'الف', number: 'abc' }, t.kiosk))).toBe('INVALID_INPUT');
  });
});

describe('the manager’s sums', () => {
  it('sums by service, counter and day — counts, averages, the distribution and the reasons — and never one answer', async () => {
    const t = await served();
    await t.ok('rating.submitAtScreen', { counterId: 1, ticketId: t.ticketId, score: 5 }, t.screen);
    const sara = await addClerk(t, 'sara');
    await t.ok('queue.openCounter', { counterId: 2 }, sara);
    for (const [score, reason] of [[2, 'longWait'], [4, null]] as const) {
      await t.ok('queue.issueTicket', { serviceId: 1 }, t.kiosk);
      await t.ok('queue.callNext', { counterId: 2 }, sara);
      await t.ok('queue.startService', { counterId: 2 }, sara);
      await t.ok('queue.finish', { counterId: 2 }, sara);
      const screen2 = (await t.ok('auth.deviceLogin', { role: 'applicant', counterId: 2 })).session;
      const pending = (await t.ok('rating.pending', { counterId: 2 }, screen2)).ticket!;
      await t.ok('rating.submitAtScreen', { counterId: 2, ticketId: pending.ticketId, score, ...(reason ? { reason: { code: reason } } : {}) }, screen2);
    }
    const s = await t.ok('rating.summary', { from: '۱۴۰۵/۹/۷', to: '1405-09-07' }, t.managerSession);
    expect(s.overall).toEqual({ count: 3, average: 3.67, distribution: [0, 1, 0, 1, 1] });
    expect(s.byCounter).toEqual([
      { counterId: 1, counterNumber: 1, count: 1, average: 5, distribution: [0, 0, 0, 0, 1] },
      { counterId: 2, counterNumber: 2, count: 2, average: 3, distribution: [0, 1, 0, 1, 0] },
    ]);
    expect(s.byService).toHaveLength(1);
    expect(s.byService[0]).toMatchObject({ serviceId: 1, count: 3 });
    expect(s.byDay).toEqual([{ day: '1405-09-07', count: 3, average: 3.67, distribution: [0, 1, 0, 1, 1] }]);
    expect(s.reasons.find((r) => r.code === 'longWait')).toEqual({ code: 'longWait', count: 1 });
    expect(JSON.stringify(s)).not.toContain(t.ticketId);
    // another period has none; a day the calendar lacks and a range backwards are refused
    expect((await t.ok('rating.summary', { from: '1405-09-08', to: '1405-09-30' }, t.managerSession)).overall).toEqual({ count: 0, average: null, distribution: [0, 0, 0, 0, 0] });
    expect(await t.code(t.call('rating.summary', { from: '1405-07-31', to: '1405-07-31' }, t.managerSession))).toBe('INVALID_INPUT');
    expect(await t.code(t.call('rating.summary', { from: '1405-09-08', to: '1405-09-07' }, t.managerSession))).toBe('INVALID_INPUT');
  });
});
