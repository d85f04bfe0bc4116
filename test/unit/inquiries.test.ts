/**
 * Inquiries end to end (ماده ۳۸ ج, ۱۴): the hub at the counter asks the reference central over real
 * HTTP on loopback, signed as its enrolled device; the central answers from its registry stand-ins
 * and keeps its own log with the request and the purpose; the hub logs and audits the same inquiry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Sql } from '../../central/sql';
import type { SyncTestHub } from '../support/sync';
import { officeAtCentral } from '../support/centralOffice';
import { applicant } from '../support/requests';

let sql: Sql;
let app: FastifyInstance;
let url: string;
let o: SyncTestHub;

const central = officeAtCentral({ code: '7001', name: 'دفتر ۷۰۰۱' });
beforeAll(() => ({ sql, app, url, o } = central));

describe('inquiries through the central', () => {
  it('answers an identity inquiry for the person at the counter, logged at both ends with the request and the purpose', async () => {
    const r = await o.t.ok('request.open', { counterId: 1, service: 'petition' }, o.clerk);
    const out = await o.t.ok('inquiry.run', { requestId: r.id, kind: 'identity', purpose: 'identityVerification', nationalId: '0499370899' }, o.clerk);
    expect(out.answer).toEqual({ kind: 'identity', person: { firstName: 'مریم', lastName: 'احمدی', fatherName: 'حسن', birthDate: '1362-04-12', alive: true } });
    const log = await sql.query<{ inquiry_id: string; request_id: string; kind: string; purpose: string; subject: string }>('SELECT inquiry_id, request_id, kind, purpose, subject FROM inquiry_log');
    expect(log.rows).toEqual([{ inquiry_id: out.id, request_id: r.id, kind: 'identity', purpose: 'identityVerification', subject: '0499370899' }]);
    // a national id the registry does not know: a plain «nobody»
    const unknown = await o.t.ok('inquiry.run', { requestId: r.id, kind: 'identity', purpose: 'identityVerification', nationalId: '4455219870' }, o.clerk);
    expect(unknown.answer).toEqual({ kind: 'identity', person: null });
  });

  it('finds the applicant’s ماده ۱۴ coverage, and refuses another person’s', async () => {
    const r = await o.t.ok('request.open', { counterId: 1, service: 'petition' }, o.clerk);
    const { applicantId } = await o.t.ok('applicant.save', { ...applicant, nationalId: '0076229645' }, o.clerk);
    await o.t.ok('request.verifyIdentity', { requestId: r.id, applicantId, document: 'nationalCard' }, o.clerk);
    const out = await o.t.ok('inquiry.run', { requestId: r.id, kind: 'coverage', purpose: 'feeExemption', nationalId: '0076229645' }, o.clerk);
    expect(out.answer).toEqual({ kind: 'coverage', coverage: { category: 'reliefCommittee', reference: 'KMK-58213', validUntil: '1406-12-29' } });
    const other = await o.t.call('inquiry.run', { requestId: r.id, kind: 'coverage', purpose: 'feeExemption', nationalId: '1284567311' }, o.clerk);
    expect(!other.ok && other.error.code).toBe('INQUIRY_NO_BASIS');
    const logged = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM inquiry_log WHERE subject = '1284567311'");
    expect(logged.rows[0]!.n).toBe(0); // refused here: it never reached the central
  });

  it('tells the clerk at once when the central cannot be reached, and logs the attempt', async () => {
    const r = await o.t.ok('request.open', { counterId: 1, service: 'petition' }, o.clerk);
    await app.close();
    const res = await o.t.call('inquiry.run', { requestId: r.id, kind: 'document', purpose: 'documentAuthenticity', documentCode: '140402151234567890' }, o.clerk);
    expect(!res.ok && res.error.code).toBe('SYNC_CENTRAL_UNREACHABLE');
    expect((await o.t.ok('inquiry.list', { requestId: r.id }, o.clerk)).inquiries).toEqual([expect.objectContaining({ kind: 'document', outcome: 'failed', answer: null })]);
  });
});
