import { describe, expect, it } from 'vitest';
import { addClerk } from '../../test/support/hub';
import { codeOf, hubsClosedAfterEach } from '../../test/support/hubPerTest';
import { applicant, clerkWithCalledTicket, details } from '../../test/support/requests';

// «پایان خدمت» (F8) never throws work away: what is left unfinished stays open for today, listed,
// resumed at a counter on the ticket it serves then, or handed over to another counter.

const setUpHub = hubsClosedAfterEach();

async function office() {
  const t = await setUpHub();
  const { kiosk, clerk: reza } = await clerkWithCalledTicket(t);
  const sara = await addClerk(t, 'sara');
  await t.ok('queue.openCounter', { counterId: 2 }, sara);
  const serve = async (counterId: number, clerk: string) => {
    await t.ok('queue.issueTicket', { serviceId: 1 }, kiosk);
    await t.ok('queue.callNext', { counterId }, clerk);
    await t.ok('queue.startService', { counterId }, clerk);
  };
  // reza identifies the applicant of a petition, then ends the service with it unfinished
  await t.ok('queue.startService', { counterId: 1 }, reza);
  const r = await t.ok('request.open', { counterId: 1, service: 'petition', legalDeadline: '1405/09/20' }, reza);
  const { applicantId } = await t.ok('applicant.save', applicant, reza);
  await t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, reza);
  const audit = (action: string) => (t.db.prepare('SELECT detail FROM audit_log WHERE action = ? ORDER BY seq').pluck().all(action) as string[]).map((d) => JSON.parse(d));
  return { ...t, reza, sara, kiosk, serve, request: r, audit };
}

describe('today’s open requests', () => {
  it('lists a request only once no desk has it, with its number, step, counter and the name whole for its own counter', async () => {
    const t = await office();
    expect((await t.ok('request.openToday', { counterId: 1 }, t.reza)).requests).toEqual([]); // still on reza's desk
    await t.ok('queue.finish', { counterId: 1 }, t.reza);
    const [item, ...rest] = (await t.ok('request.openToday', { counterId: 1 }, t.reza)).requests;
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ id: t.request.id, number: 1, year: 1405, service: 'petition', status: 'identityVerified', currentStep: 'details', counterId: 1, counterNumber: 1, applicantName: 'علی رضایی', nameMasked: false, legalDeadline: '1405/09/20' });
    // another counter and the manager see the first name and an initial only
    expect((await t.ok('request.openToday', { counterId: 2 }, t.sara)).requests[0]).toMatchObject({ applicantName: 'علی ر.', nameMasked: true });
    expect((await t.ok('request.openToday', {}, t.managerSession)).requests[0]).toMatchObject({ applicantName: 'علی ر.', nameMasked: true });
  });

  it('leaves out closed requests and those in the outbox', async () => {
    const t = await office();
    await t.ok('request.close', { requestId: t.request.id, kind: 'cancelled', reason: 'متقاضی منصرف شد' }, t.reza);
    await t.ok('queue.finish', { counterId: 1 }, t.reza);
    expect((await t.ok('request.openToday', {}, t.managerSession)).requests).toEqual([]);
  });
});

describe('resuming and handing over', () => {
  it('resumes at the same counter on the ticket it serves now, and the desk shows it again', async () => {
    const t = await office();
    await t.ok('queue.finish', { counterId: 1 }, t.reza);
    expect(codeOf(await t.call('request.resume', { requestId: t.request.id, counterId: 1 }, t.reza))).toBe('COUNTER_IDLE');
    await t.serve(1, t.reza);
    const resumed = await t.ok('request.resume', { requestId: t.request.id, counterId: 1 }, t.reza);
    expect(resumed).toMatchObject({ id: t.request.id, counterId: 1, status: 'identityVerified' });
    const desk = await t.ok('request.atCounter', { counterId: 1 }, t.reza);
    expect(desk.requests.map((x) => x.id)).toEqual([t.request.id]);
    expect(desk.ticketId).toBe(resumed.ticketId);
    expect((await t.ok('request.openToday', {}, t.managerSession)).requests).toEqual([]);
    expect(t.audit('requestResumed')).toEqual([expect.objectContaining({ counterId: 1, fromCounterId: 1, ticketId: resumed.ticketId })]);
  });

  it('hands over to another counter, whose clerk resumes it there; the first counter may no longer touch it', async () => {
    const t = await office();
    expect(codeOf(await t.call('request.handOver', { requestId: t.request.id, toCounterId: 2 }, t.reza))).toBe('REQUEST_AT_DESK');
    await t.ok('queue.finish', { counterId: 1 }, t.reza);
    // sara may not take reza's request before it is handed to her
    await t.serve(2, t.sara);
    expect(codeOf(await t.call('request.resume', { requestId: t.request.id, counterId: 2 }, t.sara))).toBe('REQUEST_OTHER_COUNTER');
    expect(await t.ok('request.handOver', { requestId: t.request.id, toCounterId: 2 }, t.reza)).toEqual({ counterId: 2 });
    expect(t.audit('requestHandedOver')).toEqual([{ fromCounterId: 1, toCounterId: 2 }]);
    expect((await t.ok('request.openToday', { counterId: 2 }, t.sara)).requests[0]).toMatchObject({ counterId: 2, applicantName: 'علی رضایی', nameMasked: false });
    expect(codeOf(await t.call('request.handOver', { requestId: t.request.id, toCounterId: 1 }, t.reza))).toBe('REQUEST_OTHER_COUNTER');
    const resumed = await t.ok('request.resume', { requestId: t.request.id, counterId: 2 }, t.sara);
    expect(resumed.counterId).toBe(2);
    await t.ok('request.setDetails', { requestId: t.request.id, details }, t.sara);
  });

  it('refuses a closed request and an unknown counter', async () => {
    const t = await office();
    await t.ok('queue.finish', { counterId: 1 }, t.reza);
    expect(codeOf(await t.call('request.handOver', { requestId: t.request.id, toCounterId: 99 }, t.reza))).toBe('UNKNOWN_COUNTER');
    const manager = t.managerSession;
    await t.ok('request.close', { requestId: t.request.id, kind: 'clerkError', reason: 'دو بار ثبت شد' }, manager);
    expect(codeOf(await t.call('request.handOver', { requestId: t.request.id, toCounterId: 2 }, t.reza))).toBe('REQUEST_NOT_OPEN');
  });
});
