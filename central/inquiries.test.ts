import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jalaliDayOf, officeDay } from '../core/format/jalaliDay';
import { normalizeNationalId } from '../core/identity/nationalId';
import { canonicalJson, inquiryResponse, syncErrorBody } from '../core/sync/protocol';
import {
  addRegistryCoverage,
  addRegistryDocument,
  addRegistryPerson,
  issueEnrollmentCode,
  registryCoverageRow,
  registryDocumentRow,
  registryPersonRow,
  revokeDevice,
} from './admin';
import { createCentralApp } from './app';
import { demoRegistry, seedDemoRegistry } from '../test/support/demoRegistry';
import { openApiDocument } from './openapi';
import type { Sql } from './sql';
import { enrollTestDevice, injectClient, newDeviceKeys, testBackends, type TestDevice } from '../test/support/central';

/** The central's clock in these tests: 1405-09-07 in Tehran. */
const NOW = new Date('2026-11-28T08:00:00.000Z');
const TODAY = '1405-09-07';

describe.each(testBackends())('inquiries on $name', (backend) => {
  let sql: Sql;
  let app: FastifyInstance;
  let a: TestDevice;
  let b: TestDevice;

  beforeAll(async () => {
    sql = await backend.open();
    app = await createCentralApp({ sql, now: () => NOW });
    a = await enrollTestDevice(app, sql);
    b = await enrollTestDevice(app, sql);
    await seedDemoRegistry(sql);
    await addRegistryPerson(sql, { nationalId: '0061338801', firstName: 'حسین', lastName: 'موسوی', fatherName: 'جعفر', birthDate: '1320-03-01', alive: false });
    // valid through its last day (today), and one that ended yesterday
    await addRegistryCoverage(sql, { nationalId: '0499370899', category: 'indigentPrisoner', reference: 'DIA-7001', validUntil: TODAY });
    await addRegistryCoverage(sql, { nationalId: '0061338801', category: 'welfarePensioner', reference: 'BHZ-1', validUntil: '1405-09-06' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  const ask = (body: unknown, device: TestDevice = a) => injectClient(app, device)('POST', '/v1/inquiries', { body, time: NOW.toISOString() });
  const errorCode = (body: string) => syncErrorBody.parse(JSON.parse(body)).error.code;
  const identity = (nationalId: string) => ({ inquiryId: randomUUID(), requestId: randomUUID(), kind: 'identity', purpose: 'identityVerification', nationalId });
  const coverage = (nationalId: string) => ({ inquiryId: randomUUID(), requestId: randomUUID(), kind: 'coverage', purpose: 'feeExemption', nationalId });
  const document = (documentCode: string) => ({ inquiryId: randomUUID(), requestId: randomUUID(), kind: 'document', purpose: 'documentAuthenticity', documentCode });

  /** Asks, expects 200, and checks the answer against the protocol and the question. */
  async function answerOf(body: { inquiryId: string }) {
    const res = await ask(body);
    expect(res.status, res.body).toBe(200);
    const parsed = inquiryResponse.parse(res.json());
    expect(parsed.inquiryId).toBe(body.inquiryId);
    expect(parsed.answeredAt).toBe(NOW.toISOString());
    return parsed.answer;
  }

  async function logRows(officeId: string, inquiryId: string) {
    const { rows } = await sql.query<Record<string, unknown>>('SELECT * FROM inquiry_log WHERE office_id = $1 AND inquiry_id = $2', [officeId, inquiryId]);
    return rows;
  }

  it('answers a notification view with the person’s notices, newest first, and an empty list for someone with none', async () => {
    const body = { inquiryId: randomUUID(), requestId: randomUUID(), kind: 'notification', purpose: 'notificationView', nationalId: '0499370899' };
    const answer = await answerOf(body);
    expect(answer.kind === 'notification' && answer.notices.map((n) => [n.number, n.issuedOn])).toEqual([
      ['140409120031', '1404-09-12'],
      ['140407020017', '1404-07-02'],
    ]);
    const none = { ...body, inquiryId: randomUUID(), nationalId: '0076229645' };
    expect(await answerOf(none)).toEqual({ kind: 'notification', notices: [] });
    // asked again under the same id: the same answer, logged once, with its purpose and subject
    expect(await answerOf(body)).toEqual(answer);
    expect((await logRows(a.officeId, body.inquiryId)).map((r) => [r.kind, r.purpose, r.subject])).toEqual([['notification', 'notificationView', '0499370899']]);
    // the kind's purpose only
    expect(errorCode((await ask({ ...body, inquiryId: randomUUID(), purpose: 'identityVerification' })).body)).toBe('BAD_REQUEST');
  });

  it('answers a case’s status by its tracking code, null for a code it does not know, and refuses a malformed code', async () => {
    const body = { inquiryId: randomUUID(), requestId: randomUUID(), kind: 'caseStatus', purpose: 'caseFollowUp', trackingCode: '1404091200000017' };
    expect(await answerOf(body)).toEqual({ kind: 'caseStatus', case: { ...demoRegistry.cases[0], trackingCode: '1404091200000017' } });
    const unknown = { ...body, inquiryId: randomUUID(), trackingCode: '9999999999999999' };
    expect(await answerOf(unknown)).toEqual({ kind: 'caseStatus', case: null });
    expect((await logRows(a.officeId, body.inquiryId)).map((r) => r.subject)).toEqual(['1404091200000017']);
    expect(errorCode((await ask({ ...body, inquiryId: randomUUID(), trackingCode: '0404091200000017' })).body)).toBe('BAD_REQUEST');
  });

  it('takes the central day in Tehran as «today»', () => {
    expect(jalaliDayOf(NOW)).toEqual({ year: 1405, month: 9, day: 7 });
    expect(officeDay(NOW)).toBe(TODAY);
  });

  describe('identity', () => {
    it("answers the civil registry's record of a person", async () => {
      expect(await answerOf(identity('0499370899'))).toEqual({
        kind: 'identity',
        person: { firstName: 'مریم', lastName: 'احمدی', fatherName: 'حسن', birthDate: '1362-04-12', alive: true },
      });
    });

    it('says when the person has died', async () => {
      expect(await answerOf(identity('0061338801'))).toMatchObject({ person: { lastName: 'موسوی', alive: false } });
    });

    it('answers null for a national id the registry does not know', async () => {
      expect(await answerOf(identity('4455219870'))).toEqual({ kind: 'identity', person: null });
    });
  });

  describe('coverage (ماده ۱۴)', () => {
    it('answers a coverage valid today', async () => {
      expect(await answerOf(coverage('0076229645'))).toEqual({ kind: 'coverage', coverage: { category: 'reliefCommittee', reference: 'KMK-58213', validUntil: '1406-12-29' } });
    });

    it('counts the last day of a coverage as covered', async () => {
      expect(await answerOf(coverage('0499370899'))).toEqual({ kind: 'coverage', coverage: { category: 'indigentPrisoner', reference: 'DIA-7001', validUntil: TODAY } });
    });

    it('answers null once every coverage has ended', async () => {
      expect(await answerOf(coverage('1284567311'))).toEqual({ kind: 'coverage', coverage: null });
      expect(await answerOf(coverage('0061338801'))).toEqual({ kind: 'coverage', coverage: null });
    });

    it('answers null for a person with no coverage at all', async () => {
      expect(await answerOf(coverage('4455219870'))).toEqual({ kind: 'coverage', coverage: null });
    });

    it('gives of several valid coverages the one that lasts longest', async () => {
      await addRegistryCoverage(sql, { nationalId: '0076229645', category: 'welfarePensioner', reference: 'BHZ-2', validUntil: '1405-12-29' });
      expect(await answerOf(coverage('0076229645'))).toMatchObject({ coverage: { reference: 'KMK-58213' } });
    });
  });

  describe('document (ماده ۳ تبصره)', () => {
    it('answers a registered document, valid or revoked', async () => {
      expect(await answerOf(document('140402151234567890'))).toEqual({
        kind: 'document',
        document: { title: 'سند رسمی انتقال', issuer: 'دفترخانهٔ اسناد رسمی شمارهٔ ۱۲ تهران', issuedOn: '1404-02-15', valid: true },
      });
      expect(await answerOf(document('140301089876543210'))).toMatchObject({ document: { valid: false } });
    });

    it('answers null for a code the registry does not know', async () => {
      expect(await answerOf(document('999999999999999999'))).toEqual({ kind: 'document', document: null });
    });
  });

  describe('log (ماده ۳۸ ج)', () => {
    it('records who asked what, for which request and why, with the answer', async () => {
      const body = coverage('0076229645');
      const answer = await answerOf(body);
      const rows = await logRows(a.officeId, body.inquiryId);
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(row).toMatchObject({ office_id: a.officeId, device_id: a.deviceId, request_id: body.requestId, kind: 'coverage', purpose: 'feeExemption', subject: '0076229645' });
      expect(new Date(row.asked_at as string).toISOString()).toBe(NOW.toISOString());
      expect(row.answer).toEqual(answer);
    });

    it('logs a document inquiry under its code', async () => {
      const body = document('140402151234567890');
      await answerOf(body);
      expect(await logRows(a.officeId, body.inquiryId)).toMatchObject([{ kind: 'document', purpose: 'documentAuthenticity', subject: '140402151234567890' }]);
    });
  });

  describe('idempotency', () => {
    it('answers a retry with the byte-identical answer and logs the inquiry once', async () => {
      const person = { nationalId: '2314567897', firstName: 'رضا', lastName: 'نوری', fatherName: 'مهدی', birthDate: '1370-01-20', alive: true };
      await addRegistryPerson(sql, person);
      const body = identity(person.nationalId);
      const first = await ask(body);
      expect(first.status).toBe(200);
      // the registry changes in between: the retry still gets what was answered then
      await addRegistryPerson(sql, { ...person, alive: false });
      const again = await ask(body);
      expect(again.status).toBe(200);
      expect(inquiryResponse.parse(again.json()).answer).toMatchObject({ person: { alive: true } });
      expect(again.body).toBe(first.body);
      expect(first.body).toBe(canonicalJson(JSON.parse(first.body)));
      expect(await logRows(a.officeId, body.inquiryId)).toHaveLength(1);
    });

    it('answers a retry from another device of the same office the same way', async () => {
      const sibling = await enrollSibling();
      const body = document('140402151234567890');
      const first = await ask(body);
      const again = await ask(body, sibling);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body).toBe(first.body);
      expect(await logRows(a.officeId, body.inquiryId)).toHaveLength(1);
    });

    it('answers ten concurrent askings of one inquiry alike, with one log row', async () => {
      const body = coverage('0076229645');
      const answers = await Promise.all(Array.from({ length: 10 }, () => ask(body)));
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(new Set(answers.map((r) => r.body)).size).toBe(1);
      expect(await logRows(a.officeId, body.inquiryId)).toHaveLength(1);
    });

    it('refuses the same inquiry id with another question: 409 INQUIRY_CONFLICT', async () => {
      const body = identity('0499370899');
      expect((await ask(body)).status).toBe(200);
      for (const other of [{ ...body, nationalId: '0076229645' }, { ...body, requestId: randomUUID() }]) {
        const res = await ask(other);
        expect([res.status, errorCode(res.body)]).toEqual([409, 'INQUIRY_CONFLICT']);
      }
      expect(await logRows(a.officeId, body.inquiryId)).toMatchObject([{ subject: '0499370899' }]);
    });

    it('keeps inquiry ids per office: another office may use the same id', async () => {
      const body = identity('0499370899');
      expect((await ask(body)).status).toBe(200);
      const theirs = await ask({ ...body, nationalId: '4455219870' }, b);
      expect(theirs.status).toBe(200);
      expect(inquiryResponse.parse(theirs.json()).answer).toEqual({ kind: 'identity', person: null });
      expect(await logRows(b.officeId, body.inquiryId)).toMatchObject([{ office_id: b.officeId, subject: '4455219870' }]);
    });
  });

  describe('refusals', () => {
    it.each([
      ['a purpose the kind does not allow', { ...identity('0499370899'), purpose: 'feeExemption' }],
      ['coverage asked for identity verification', { ...coverage('0499370899'), purpose: 'identityVerification' }],
      ['no purpose', (({ purpose: _, ...rest }) => rest)(identity('0499370899'))],
      ['an unknown kind', { ...identity('0499370899'), kind: 'criminalRecord' }],
      ['a national id of nine digits', identity('049937089')],
      ['a national id in Persian digits', identity('۰۴۹۹۳۷۰۸۹۹')],
      ['a document code with a space', document('1404 0215')],
      ['a national id on a document inquiry', { ...document('140402151234567890'), nationalId: '0499370899' }],
      ['a request id that is not a uuid', { ...identity('0499370899'), requestId: '12' }],
      ['no request id', (({ requestId: _, ...rest }) => rest)(identity('0499370899'))],
    ])('answers 400 to %s and logs nothing', async (_name, body) => {
      const res = await ask(body);
      expect([res.status, errorCode(res.body)]).toEqual([400, 'BAD_REQUEST']);
      expect(await logRows(a.officeId, (body as { inquiryId: string }).inquiryId)).toHaveLength(0);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const res = await injectClient(app, a)('POST', '/v1/inquiries', { body: '{"kind":', contentType: 'application/json', time: NOW.toISOString() });
      expect([res.status, errorCode(res.body)]).toEqual([400, 'BAD_REQUEST']);
    });

    it('answers 401 to an unsigned request and to one signed by another key', async () => {
      const body = identity('0499370899');
      const unsigned = await app.inject({ method: 'POST', url: '/v1/inquiries', payload: body });
      expect([unsigned.statusCode, errorCode(unsigned.body)]).toEqual([401, 'UNAUTHENTICATED']);
      const forged = await injectClient(app, { deviceId: a.deviceId, privateKey: b.privateKey })('POST', '/v1/inquiries', { body, time: NOW.toISOString() });
      expect([forged.status, errorCode(forged.body)]).toEqual([401, 'UNAUTHENTICATED']);
      expect(await logRows(a.officeId, body.inquiryId)).toHaveLength(0);
    });

    it('answers 403 to a revoked device and logs nothing', async () => {
      const device = await enrollTestDevice(app, sql);
      expect(await revokeDevice(sql, device.deviceId)).toBe(true);
      const body = identity('0499370899');
      const res = await ask(body, device);
      expect([res.status, errorCode(res.body)]).toEqual([403, 'DEVICE_REVOKED']);
      expect(await logRows(device.officeId, body.inquiryId)).toHaveLength(0);
    });

    it('counts inquiries against the office rate limit', async () => {
      const limited = await createCentralApp({ sql, now: () => NOW, limits: { perOfficePerMinute: 2 } });
      try {
        const call = injectClient(limited, a);
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await call('POST', '/v1/inquiries', { body: identity('0499370899'), time: NOW.toISOString() })).status);
        expect(statuses).toEqual([200, 200, 429]);
      } finally {
        await limited.close();
      }
    });
  });

  it('keeps a registry row once: adding a document again corrects it', async () => {
    const doc = { code: 'DOC-000001', title: 'سند', issuer: 'دفترخانه', issuedOn: '1404-02-15', valid: true };
    await addRegistryDocument(sql, doc);
    await addRegistryDocument(sql, { ...doc, valid: false });
    const { rows } = await sql.query<{ valid: boolean }>('SELECT valid FROM registry_document WHERE code = $1', [doc.code]);
    expect(rows).toEqual([{ valid: false }]);
  });

  it('is in the OpenAPI document with its request and answer schemas', () => {
    const doc = openApiDocument() as { paths: Record<string, { post?: { requestBody?: unknown; responses: Record<string, unknown> } }> };
    const post = doc.paths['/v1/inquiries']?.post;
    expect(post?.requestBody).toBeDefined();
    expect(Object.keys(post!.responses)).toEqual(expect.arrayContaining(['200', '400', '409']));
    expect(JSON.stringify(post)).toContain('feeExemption');
  });

  /** A second device of office A. */
  async function enrollSibling(): Promise<TestDevice> {
    const { code } = await issueEnrollmentCode(sql, a.officeId, 3_600_000, NOW);
    const keys = newDeviceKeys();
    const res = await app.inject({ method: 'POST', url: '/v1/enroll', payload: { code, publicKey: keys.publicKey, deviceName: 'counter-2', softwareVersion: '0.1.0' } });
    expect(res.statusCode).toBe(201);
    const enrolled = res.json() as { officeId: string; deviceId: string };
    return { ...keys, officeId: enrolled.officeId, deviceId: enrolled.deviceId, enrollment: res.json() };
  }
});

describe('registry rows', () => {
  it('are refused by the admin commands when the national id, the day or the category is wrong', () => {
    const person = { nationalId: '0499370899', firstName: 'مریم', lastName: 'احمدی', fatherName: 'حسن', birthDate: '1362-04-12', alive: true };
    expect(registryPersonRow.safeParse(person).success).toBe(true);
    expect(registryPersonRow.safeParse({ ...person, nationalId: '0499370898' }).success).toBe(false);
    expect(registryPersonRow.safeParse({ ...person, birthDate: '1404-12-30' }).success).toBe(false); // 1404 is not leap
    expect(registryPersonRow.safeParse({ ...person, birthDate: '1362/04/12' }).success).toBe(false);
    const cover = { nationalId: '0076229645', category: 'reliefCommittee', reference: 'KMK-1', validUntil: '1406-12-29' };
    expect(registryCoverageRow.safeParse(cover).success).toBe(true);
    expect(registryCoverageRow.safeParse({ ...cover, category: 'charity' }).success).toBe(false);
    const doc = { code: '140402151234567890', title: 'سند', issuer: 'دفترخانه', issuedOn: '1404-02-15', valid: true };
    expect(registryDocumentRow.safeParse(doc).success).toBe(true);
    expect(registryDocumentRow.safeParse({ ...doc, code: 'ab' }).success).toBe(false);
  });

  it('of the demo central name only national ids whose check digit is right', () => {
    const ids = [...demoRegistry.persons.map((p) => p.nationalId), ...demoRegistry.coverages.map((c) => c.nationalId)];
    expect(ids).toContain('0499370899');
    for (const id of ids) expect(normalizeNationalId(id)).toBe(id);
    expect(demoRegistry.coverages.some((c) => c.category === 'reliefCommittee' && c.validUntil.startsWith('1406'))).toBe(true);
  });
});
