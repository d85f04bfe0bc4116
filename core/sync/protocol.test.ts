import { describe, expect, it } from 'vitest';
import { canonicalJson, dispositionOf, manifest, requestSigningInput } from './protocol';

describe('canonicalJson', () => {
  it('orders keys by code point at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
  });
  it('keeps Persian text and escapes exactly as JSON.stringify', () => {
    expect(canonicalJson({ name: 'علی "رضایی"\n' })).toBe('{"name":"علی \\"رضایی\\"\\n"}');
  });
  it('refuses what would make a signature depend on number printing or prototypes', () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 2 ** 60 })).toThrow(TypeError);
    expect(() => canonicalJson(new Date(0))).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });
  it('is the same for the same value built in another key order', () => {
    expect(canonicalJson({ x: 1, y: [{ q: 1, p: 2 }] })).toBe(canonicalJson({ y: [{ p: 2, q: 1 }], x: 1 }));
  });
});

describe('requestSigningInput', () => {
  it('binds method, path with query, time and body digest', () => {
    expect(requestSigningInput('put', '/v1/blobs/ab?x=1', '2026-01-01T00:00:00.000Z', 'e3b0')).toBe('DAFTARYAR-SYNC-1\nPUT\n/v1/blobs/ab?x=1\n2026-01-01T00:00:00.000Z\ne3b0');
  });
});

describe('dispositionOf', () => {
  it.each([
    [503, 'UNAVAILABLE', 'retry'],
    [500, null, 'retry'],
    [429, 'RATE_LIMITED', 'retry'],
    [422, 'BLOB_MISSING', 'reupload'],
    [422, 'DIGEST_MISMATCH', 'retry'],
    [409, 'SUBMISSION_CONFLICT', 'person'],
    [409, 'INQUIRY_CONFLICT', 'person'],
    [422, 'MANIFEST_SIGNATURE_INVALID', 'person'],
    [400, 'BAD_REQUEST', 'person'],
    [401, 'CLOCK_SKEW', 'identity'],
    [403, 'DEVICE_REVOKED', 'identity'],
    [502, null, 'retry'],
  ] as const)('%i %s → %s', (status, code, expected) => {
    expect(dispositionOf(status, code)).toBe(expected);
  });
});

describe('manifest', () => {
  const page = { sha256: 'a'.repeat(64), bytes: 1000, mime: 'image/jpeg' };
  const base = {
    v: 1,
    submissionId: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
    officeId: '1b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
    deviceId: '2b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
    request: { id: '3b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', year: 1405, number: 12 },
    service: 'petition',
    instance: 'first',
    queuedAt: '2026-11-28T10:00:00.000Z',
    deadline: '1405/09/10',
    applicant: { kind: 'natural', name: 'علی رضایی', id: '0012345679' },
    parties: [],
    fees: { officeTariffRials: 1, judicialCostRials: 2, payableRials: 3, settlement: 'paid' },
    documents: [{ type: 'petition', pages: [page] }],
  };
  it('accepts a well-formed manifest and refuses unknown members', () => {
    expect(manifest.safeParse(base).success).toBe(true);
    expect(manifest.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });
  it('refuses more pages in all than a submission may carry', () => {
    const documents = Array.from({ length: 3 }, () => ({ type: 'x', pages: Array.from({ length: 700 }, () => page) }));
    expect(manifest.safeParse({ ...base, documents }).success).toBe(false);
  });
});

describe('a supplement (رفع نقص)', () => {
  const page = { sha256: 'b'.repeat(64), bytes: 1000, mime: 'image/png' };
  const base = {
    v: 1,
    submissionId: '4b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
    officeId: '1b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
    deviceId: '2b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f',
    request: { id: '5b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', year: 1405, number: 13 },
    service: 'remedy',
    instance: null,
    queuedAt: '2026-11-29T10:00:00.000Z',
    deadline: null,
    applicant: { kind: 'natural', name: 'علی رضایی', id: '0012345679' },
    parties: [],
    fees: { officeTariffRials: 140000, judicialCostRials: 0, payableRials: 140000, settlement: 'paid' },
    documents: [{ type: 'evidence', pages: [page, page] }],
    supplementOf: { submissionId: '0b6f7c1e-2f1a-4c3e-9d5b-1a2b3c4d5e6f', trackingCode: '1234567890123456' },
  };
  it('names the returned filing by its submission id and tracking code', () => {
    expect(manifest.safeParse(base).success).toBe(true);
  });
  it('refuses a malformed tracking code, a missing submission id or an extra member', () => {
    expect(manifest.safeParse({ ...base, supplementOf: { ...base.supplementOf, trackingCode: '0234567890123456' } }).success).toBe(false);
    expect(manifest.safeParse({ ...base, supplementOf: { trackingCode: '1234567890123456' } }).success).toBe(false);
    expect(manifest.safeParse({ ...base, supplementOf: { ...base.supplementOf, office: 'x' } }).success).toBe(false);
  });
  it('sends the central’s refusals of a supplement to a person', () => {
    expect(dispositionOf(422, 'SUPPLEMENT_FOREIGN')).toBe('person');
    expect(dispositionOf(409, 'SUPPLEMENT_NOT_RETURNED')).toBe('person');
  });
});
