import { describe, expect, it } from 'vitest';
import { addClerk } from '../../test/support/hub';
import { codeOf, hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { applicant, clerkWithCalledTicket } from '../../test/support/requests';

// 2026-11-28T06:30Z is 1405-09-07 in Tehran (10:00). The office day turns at Tehran midnight (20:30 UTC).

const setUpHub = hubsClosedAfterEach();

async function counter() {
  const t = await setUpHub();
  const { clerk } = await clerkWithCalledTicket(t);
  const audit = (requestId: string) =>
    t.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'deadlineChanged' AND subject = ? ORDER BY seq").all(`request:${requestId}`) as Array<{ actor: string; detail: string }>;
  return { ...t, clerk, audit };
}

describe('a legal deadline at opening', () => {
  it('refuses a day already past with its own code beside the field, and takes today', async () => {
    const t = await counter();
    const past = await t.call('request.open', { counterId: 1, service: 'petition', legalDeadline: '۱۴۰۵/۰۹/۰۶' }, t.clerk);
    expect(codeOf(past)).toBe('DEADLINE_PASSED');
    if (!past.ok) expect(past.error.fields).toEqual([{ path: 'legalDeadline', reason: 'deadline_passed' }]);
    expect(t.db.prepare('SELECT count(*) FROM request').pluck().get()).toBe(0);
    const today = await t.ok('request.open', { counterId: 1, service: 'petition', legalDeadline: '۱۴۰۵/۰۹/۰۷' }, t.clerk);
    expect(today.legalDeadline).toBe('1405/09/07');
  });

  it('counts the day in Tehran: after Tehran midnight yesterday’s date is past, though UTC is still on it', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    t.setNow('2026-11-28T20:25:00.000Z'); // 23:55 on 1405-09-07 in Tehran
    const manager = (await t.ok('auth.login', { username: 'maryam', password: 'Sabz-Kuh-1403' })).session;
    expect(codeOf(await t.call('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/07' }, manager))).toBe('ok');
    t.setNow('2026-11-28T20:45:00.000Z'); // 00:15 on 1405-09-08 in Tehran, still the 28th in UTC
    expect(codeOf(await t.call('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/06' }, manager))).toBe('DEADLINE_PASSED');
    await t.ok('request.setDeadline', { requestId: r.id, legalDeadline: null }, manager);
    expect(codeOf(await t.call('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/07' }, manager))).toBe('DEADLINE_PASSED');
    expect((await t.ok('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/08' }, manager)).legalDeadline).toBe('1405/09/08');
  });
});

describe('request.setDeadline — correcting the deadline until it is sent', () => {
  it('corrects, clears and sets it again, each change audited with the old and the new day', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition', legalDeadline: '1405/09/20' }, t.clerk);
    expect((await t.ok('request.setDeadline', { requestId: r.id, legalDeadline: '۱۴۰۵/۰۹/۲۵' }, t.clerk)).legalDeadline).toBe('1405/09/25');
    expect((await t.ok('request.setDeadline', { requestId: r.id, legalDeadline: '  ' }, t.clerk)).legalDeadline).toBeNull();
    expect((await t.ok('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/07' }, t.clerk)).legalDeadline).toBe('1405/09/07');
    // the same day again changes nothing and records nothing
    await t.ok('request.setDeadline', { requestId: r.id, legalDeadline: '1405/9/7' }, t.clerk);
    expect(t.audit(r.id).map((a) => JSON.parse(a.detail))).toEqual([
      { from: '1405/09/20', to: '1405/09/25' },
      { from: '1405/09/25', to: null },
      { from: null, to: '1405/09/07' },
    ]);
    expect(t.audit(r.id)[0]!.actor).toMatch(/^staff:\d+$/);
  });

  it('refuses a past day and a day not in the calendar, keeping the deadline', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition', legalDeadline: '1405/09/20' }, t.clerk);
    expect(codeOf(await t.call('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/06' }, t.clerk))).toBe('DEADLINE_PASSED');
    expect(codeOf(await t.call('request.setDeadline', { requestId: r.id, legalDeadline: '1405/12/30' }, t.clerk))).toBe('INVALID_DEADLINE');
    expect((await t.ok('request.get', { requestId: r.id }, t.clerk)).legalDeadline).toBe('1405/09/20');
    expect(t.audit(r.id)).toEqual([]);
  });

  it('is refused once the request is in the outbox or sent, and once it is closed', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition', legalDeadline: '1405/09/20' }, t.clerk);
    const { applicantId } = await t.ok('applicant.save', applicant, t.clerk);
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, t.clerk);
    // as the outbox leaves it (the capture steps between are not what this test is about)
    for (const status of ['readyToSend', 'submitted'] as const) {
      t.db.prepare("UPDATE request SET status = ?, state = json_set(state, '$.status', ?) WHERE id = ?").run(status, status, r.id);
      expect(codeOf(await t.call('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/25' }, t.clerk))).toBe('DEADLINE_LOCKED');
    }
    const other = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    await t.ok('request.close', { requestId: other.id, kind: 'clerkError', reason: 'خدمت اشتباه بود' }, t.clerk);
    expect(codeOf(await t.call('request.setDeadline', { requestId: other.id, legalDeadline: '1405/09/25' }, t.clerk))).toBe('REQUEST_CLOSED');
    expect(t.audit(r.id)).toEqual([]);
  });

  it('is for the counter that has the request, or a manager', async () => {
    const t = await counter();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const sara = await addClerk(t, 'sara');
    expect(codeOf(await t.call('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/25' }, sara))).toBe('REQUEST_OTHER_COUNTER');
    expect((await t.ok('request.setDeadline', { requestId: r.id, legalDeadline: '1405/09/25' }, t.managerSession)).legalDeadline).toBe('1405/09/25');
  });
});

describe('closing as the clerk’s mistake', () => {
  it('is a cancel of its own, in the view and the audit trail', async () => {
    const t = await counter();
    const a = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const b = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    expect(await t.ok('request.close', { requestId: a.id, kind: 'clerkError', reason: 'دو بار باز شد' }, t.clerk)).toMatchObject({ status: 'cancelled', cancelCause: 'clerkError' });
    expect(await t.ok('request.close', { requestId: b.id, kind: 'cancelled', reason: 'متقاضی منصرف شد' }, t.clerk)).toMatchObject({ status: 'cancelled', cancelCause: 'applicant' });
    const details = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'requestCancelled' ORDER BY seq").pluck().all() as string[];
    expect(details.map((d) => JSON.parse(d))).toEqual([{ cause: 'clerkError' }, { cause: 'applicant' }]);
  });
});
