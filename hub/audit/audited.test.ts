import { describe, expect, it } from 'vitest';
import { addClerk, manager } from '../../test/support/hub';
import { hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { applicant, clerkWithCalledTicket, details } from '../../test/support/requests';

// What the audit trail holds after real calls through the dispatcher, and who may read it.

const setUpHub = hubsClosedAfterEach();

async function office() {
  const t = await setUpHub();
  const { clerk } = await clerkWithCalledTicket(t);
  const list = async (action?: Parameters<typeof t.ok<'audit.list'>>[1]['action']) => (await t.ok('audit.list', { limit: 200, ...(action ? { action } : {}) }, t.managerSession)).entries;
  return { ...t, clerk, list };
}

describe('the audit trail records', () => {
  it('logins, and failed ones without keeping a name that is no account', async () => {
    const t = await office();
    await t.call('auth.login', { username: manager.username, password: 'not-the-password' });
    await t.call('auth.login', { username: 'Sabz-Kuh-1403', password: 'x' }); // a password typed into the name field
    const failed = await t.list('loginFailed');
    expect(failed.map((e) => e.detail)).toEqual([{ why: 'unknownUser', source: 'local' }, { why: 'wrongPassword', source: 'local' }]);
    expect(JSON.stringify(failed)).not.toContain('Sabz-Kuh-1403');
    const logins = await t.list('login');
    expect(logins.map((e) => e.actorName)).toEqual(['کارمند reza', manager.displayName]);
  });

  it('a discount with its reason, a refusal with its reason, a returning applicant looked up — each with who did it', async () => {
    const t = await office();
    const r = await t.ok('request.open', { counterId: 1, service: 'petition' }, t.clerk);
    const applicantId = (await t.ok('applicant.save', applicant, t.clerk)).applicantId;
    await t.ok('applicant.find', { kind: 'natural', id: applicant.nationalId }, t.clerk);
    await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, t.clerk);
    // refused by the hub (no details yet): nothing happened, nothing recorded
    expect((await t.call('request.fixFees', { requestId: r.id, discount: { amountRials: 5_000, reason: 'آزمایش' } }, t.clerk)).ok).toBe(false);
    await t.ok('request.setDetails', { requestId: r.id, details }, t.clerk);
    await t.ok('request.fixFees', { requestId: r.id, discount: { amountRials: 10_000, reason: 'همکار بازنشسته' } }, t.clerk);
    await t.ok('request.close', { requestId: r.id, kind: 'refused', reason: 'مدارک ناقص است' }, t.clerk);

    const entries = (await t.list()).filter((e) => e.action !== 'login');
    expect(entries.map((e) => [e.action, e.subject, e.reason, e.actorName])).toEqual([
      ['requestRefused', `request:${r.id}`, 'مدارک ناقص است', 'کارمند reza'],
      ['feesDiscounted', `request:${r.id}`, 'همکار بازنشسته', 'کارمند reza'],
      // the request showed its applicant from the identity check on: one view entry (hub/audit/requestViews.test.ts)
      ['requestViewed', `request:${r.id}`, null, 'کارمند reza'],
      ['applicantViewed', `applicant:${applicantId}`, null, 'کارمند reza'],
    ]);
    expect(entries[1]!.detail).toEqual({ amountRials: 10_000 });
  });

  it('each look at the exemptions report, the one that names applicants', async () => {
    const t = await office();
    await t.ok('report.exemptions', { month: '۱۴۰۵/۰۹' }, t.managerSession);
    await t.ok('report.services', { from: '1405-09-01', to: '1405-09-07' }, t.managerSession); // counts only: not recorded
    await t.ok('report.exemptions', { month: '1405-09' }, t.managerSession);
    const viewed = await t.list('reportViewed');
    expect(viewed.map((e) => [e.actorName, e.detail])).toEqual([
      [manager.displayName, { report: 'exemptions', month: '1405-09', rows: 0 }],
      [manager.displayName, { report: 'exemptions', month: '1405-09', rows: 0 }],
    ]);
  });

  it('is the manager’s to read and verify: intact now, and every entry chained to the one before', async () => {
    const t = await office();
    const clerkTry = await t.call('audit.list', { limit: 10 }, t.clerk);
    expect(clerkTry.ok ? 'ok' : clerkTry.error.code).toBe('FORBIDDEN');
    const sara = await addClerk(t, 'sara');
    expect(sara).toBeTruthy();
    const page1 = await t.ok('audit.list', { limit: 2 }, t.managerSession);
    expect(page1.more).toBe(true);
    const page2 = await t.ok('audit.list', { limit: 2, beforeSeq: page1.entries[1]!.seq }, t.managerSession);
    expect(page2.entries[0]!.seq).toBe(page1.entries[1]!.seq - 1);
    const check = await t.ok('audit.verify', {}, t.managerSession);
    expect(check).toMatchObject({ ok: true, entries: 3, head: page1.entries[0]!.hash });

    t.db.exec('DROP TRIGGER audit_log_no_update');
    t.db.prepare("UPDATE audit_log SET actor = 'staff:99' WHERE seq = 2").run();
    expect(await t.ok('audit.verify', {}, t.managerSession)).toEqual({ ok: false, entries: 1, brokenAt: 2, problem: 'hash' });
  });
});
