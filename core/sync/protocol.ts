/**
 * The sync protocol between an office hub and the central system (docs/SYNC-PROTOCOL.md has the prose
 * and the sequence). Both ends validate every body against these schemas: the hub's outbox
 * (hub/sync/) and the reference central server (central/).
 *
 * Pure: no Node, no I/O. Signing itself (Ed25519) happens at each end with Node's crypto over the
 * byte strings built here, so the two ends can never disagree on what was signed.
 */
import { z } from 'zod';
import { serviceCodes } from '../fees/services';
import { tariffItemCodes } from '../fees/tariff';
import { statisticsPackage } from '../report/statistics';

export const PROTOCOL_VERSION = 1 as const;

/** Largest page file the central accepts (a 600 dpi colour A4 JPEG is ~4 MB). */
export const MAX_BLOB_BYTES = 25 * 1024 * 1024;
/** Largest JSON body (manifest, enrollment, blob check). */
export const MAX_JSON_BYTES = 512 * 1024;
/** Pages per submission: far above any filing, far below what a JSON body can carry. */
export const MAX_PAGES_PER_SUBMISSION = 2000;
/** How far a device's clock may be from the central's before its signed requests are refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------
// Field schemas

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { message: 'invalid_sha256' });
export const uuid = z.string().uuid();
export const instant = z.iso.datetime({ offset: false });
/** An Ed25519 public key: its 32 raw bytes, base64url without padding. */
export const ed25519PublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'invalid_public_key' });
/** An Ed25519 signature: 64 raw bytes, base64url without padding. */
export const ed25519Signature = z.string().regex(/^[A-Za-z0-9_-]{86}$/, { message: 'invalid_signature' });
/** A tracking code (کد رهگیری): 16 decimal digits, the first never 0. */
export const trackingCode = z.string().regex(/^[1-9][0-9]{15}$/, { message: 'invalid_tracking_code' });
/** Jalali day as the request stores it, «YYYY/MM/DD». */
export const jalaliDeadline = z.string().regex(/^1[34]\d{2}\/(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])$/, { message: 'invalid_deadline' });
const rials = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const shortText = z.string().min(1).max(200);

// ---------------------------------------------------------------------------------------------
// Signed requests (every call but enrollment)

/** Header names; lower case as Node delivers them. */
export const headers = {
  device: 'x-daftaryar-device',
  time: 'x-daftaryar-time',
  signature: 'x-daftaryar-signature',
  /** on every central answer: its clock, so a hub can say «the clock is off by …» */
  serverTime: 'x-daftaryar-server-time',
} as const;

/**
 * The bytes a device signs for one HTTP request. The body is bound by its sha256 (of the exact
 * bytes sent; of the empty string when there is none), the path with its query string as sent.
 */
export function requestSigningInput(method: string, pathAndQuery: string, time: string, bodySha256: string): string {
  return `DAFTARYAR-SYNC-${PROTOCOL_VERSION}\n${method.toUpperCase()}\n${pathAndQuery}\n${time}\n${bodySha256}`;
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON: what manifests, receipts and tariff tables are signed as

/**
 * Canonical JSON of a value built from objects, arrays, strings, safe integers, booleans and null:
 * object keys in code-point order, no whitespace, `undefined` members left out. Anything else
 * (floats, NaN, functions, symbols, bigint) throws: a signature must never depend on how a float
 * prints. Both ends sign and verify these exact UTF-8 bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON holds only safe integers, got ${value}`);
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError('canonical JSON holds only plain objects');
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold ${typeof value}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Enrollment: POST /v1/enroll (not signed: the one-time code is the credential)

export const enrollRequest = z
  .object({
    code: z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, { message: 'invalid_enrollment_code' }),
    publicKey: ed25519PublicKey,
    deviceName: z.string().min(1).max(120),
    softwareVersion: z.string().min(1).max(40),
  })
  .strict();
export type EnrollRequest = z.infer<typeof enrollRequest>;

export const enrollResponse = z
  .object({
    officeId: uuid,
    officeCode: z.string().regex(/^[0-9]{3,10}$/),
    officeName: z.string().min(1).max(200),
    deviceId: uuid,
    /** the central's receipt and tariff signing key */
    serverPublicKey: ed25519PublicKey,
    enrolledAt: instant,
  })
  .strict();
export type EnrollResponse = z.infer<typeof enrollResponse>;

// ---------------------------------------------------------------------------------------------
// Blobs: page files by the sha256 of their bytes, per office
//   HEAD /v1/blobs/:sha256          200 (have it) | 404
//   POST /v1/blobs/missing          { sha256: [...] } → { missing: [...] }
//   PUT  /v1/blobs/:sha256          octet-stream body; 201 stored | 200 had it | 422 DIGEST_MISMATCH | 413

export const blobCheckRequest = z.object({ sha256: z.array(sha256Hex).min(1).max(MAX_PAGES_PER_SUBMISSION) }).strict();
export const blobCheckResponse = z.object({ missing: z.array(sha256Hex) }).strict();
export const blobPutResponse = z.object({ sha256: sha256Hex, bytes: z.number().int().nonnegative(), created: z.boolean() }).strict();
export type BlobPutResponse = z.infer<typeof blobPutResponse>;

// ---------------------------------------------------------------------------------------------
// Submissions: PUT /v1/submissions/:submissionId  { manifest, signature }

export const pageMime = z.enum(['image/jpeg', 'image/png']);

export const manifestPage = z.object({ sha256: sha256Hex, bytes: z.number().int().positive().max(MAX_BLOB_BYTES), mime: pageMime }).strict();

export const manifestDocument = z
  .object({
    /** the document's type as the clerk set it (petition, evidence, identity, …) */
    type: z.string().min(1).max(40),
    pages: z.array(manifestPage).min(1).max(MAX_PAGES_PER_SUBMISSION),
  })
  .strict();

export const manifestParty = z
  .object({
    role: z.enum(['plaintiff', 'defendant', 'attorney', 'representative', 'other']),
    name: shortText,
    nationalId: z.string().regex(/^[0-9]{10}$/).optional(),
  })
  .strict();

/** The returned filing a supplement answers. */
export const supplementOf = z.object({ submissionId: uuid, trackingCode }).strict();
export type SupplementOf = z.infer<typeof supplementOf>;

export const manifest = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    submissionId: uuid,
    officeId: uuid,
    deviceId: uuid,
    /** the office's own request: its id and number («year-number» as printed on receipts) */
    request: z.object({ id: uuid, year: z.number().int().min(1390).max(1500), number: z.number().int().positive() }).strict(),
    service: z.enum(serviceCodes),
    instance: z.enum(['first', 'appeal', 'cassation']).nullable(),
    /** when the clerk pressed «ارسال»: the moment the office took responsibility for delivery */
    queuedAt: instant,
    /** the last day the filing may reach the authority (ماده ۳۸ الف), or null */
    deadline: jalaliDeadline.nullable(),
    applicant: z.object({ kind: z.enum(['natural', 'legalEntity', 'foreign']), name: shortText, id: z.string().min(1).max(40) }).strict(),
    parties: z.array(manifestParty).max(200),
    fees: z.object({ officeTariffRials: rials, judicialCostRials: rials, payableRials: rials, settlement: z.enum(['paid', 'waived']) }).strict(),
    documents: z.array(manifestDocument).min(1).max(200),
    /**
     * Present on a supplement (رفع نقص): the filing the authority returned, by its submission id and
     * the tracking code the central gave it. The supplement is receipted under that same tracking
     * code; the central refuses it for a filing of another office (SUPPLEMENT_FOREIGN) or one that is
     * not waiting for a supplement (SUPPLEMENT_NOT_RETURNED).
     */
    supplementOf: supplementOf.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const pages = m.documents.reduce((n, d) => n + d.pages.length, 0);
    if (pages > MAX_PAGES_PER_SUBMISSION) ctx.addIssue({ code: 'custom', message: 'too_many_pages', path: ['documents'] });
  });
export type Manifest = z.infer<typeof manifest>;

export const submitRequest = z.object({ manifest, signature: ed25519Signature }).strict();
export type SubmitRequest = z.infer<typeof submitRequest>;

/** What the central signs when it accepts a submission: the applicant's proof of filing. */
export const receiptBody = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    officeId: uuid,
    submissionId: uuid,
    trackingCode,
    /** sha256 of the manifest's canonical JSON: what exactly was received */
    manifestSha256: sha256Hex,
    pages: z.number().int().positive(),
    receivedAt: instant,
  })
  .strict();
export type ReceiptBody = z.infer<typeof receiptBody>;

export const submitResponse = z
  .object({
    receipt: receiptBody,
    /** Ed25519 by the central's key over canonicalJson(receipt) */
    signature: ed25519Signature,
    /** false when this was a replay of a submission already on record */
    created: z.boolean(),
  })
  .strict();
export type SubmitResponse = z.infer<typeof submitResponse>;

// ---------------------------------------------------------------------------------------------
// Pull: what the authority decided, and tariff tables
//   GET /v1/status?after=<seq>&limit=<n>     → { updates, next }
//   GET /v1/tariffs?after=<version>          → { tables }

export const statusUpdate = z
  .object({
    seq: z.number().int().positive(),
    submissionId: uuid,
    status: z.enum(['accepted', 'returned']),
    /** why it was returned; null when accepted */
    reason: z.string().max(1000).nullable(),
    at: instant,
  })
  .strict();
export type StatusUpdate = z.infer<typeof statusUpdate>;
export const statusResponse = z.object({ updates: z.array(statusUpdate).max(1000), next: z.number().int().nonnegative() }).strict();

export const signedTariffTable = z
  .object({
    version: z.number().int().positive(),
    table: z
      .object({
        id: z.string().regex(/^[a-z0-9-]{3,60}$/),
        title: z.string().min(2).max(200),
        effectiveFrom: z.string().regex(/^1[34]\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
        source: z.string().min(2).max(500),
        items: z.partialRecord(z.enum(tariffItemCodes), z.number().int().min(0).max(1_000_000_000)),
      })
      .strict(),
    publishedAt: instant,
    /** Ed25519 by the central's key over canonicalJson({ version, table, publishedAt }) */
    signature: ed25519Signature,
  })
  .strict();
export type SignedTariffTable = z.infer<typeof signedTariffTable>;
export const tariffsResponse = z.object({ tables: z.array(signedTariffTable).max(100) }).strict();

// ---------------------------------------------------------------------------------------------
// Anonymous complaints (ماده ۲۰): sealed at the office for the Center, which alone can open them.
//
//   GET /v1/complaint-key          → 200 complaintKey (signed by the central's Ed25519 key)
//   PUT /v1/complaints/{id}        body: sealedComplaint → 201 (stored) | 200 (the same bytes again)
//                                  | 409 COMPLAINT_CONFLICT (the same id, other bytes)
//
// Sealing (docs/SYNC-PROTOCOL.md § Complaints): a fresh X25519 key pair per complaint; the shared
// secret with the published key → HKDF-SHA256 (salt = epk ‖ published key, info = COMPLAINT_HKDF_INFO)
// → a 32-byte AES-256-GCM key; a random 12-byte nonce; the additional data is `complaintAad(id, keyId)`;
// `ct` is the ciphertext followed by the 16-byte tag. The plaintext is `complaintPlaintext` as JSON,
// padded with spaces to a multiple of COMPLAINT_PAD_BYTES.

export const COMPLAINT_SEAL_ALG = 'X25519-HKDF-SHA256-AES256GCM';
export const COMPLAINT_HKDF_INFO = 'daftaryar complaint v1';
export const COMPLAINT_PAD_BYTES = 512;
/** The largest sealed complaint's ciphertext, base64url (a 2,000-character text is at most ~8 KB of UTF-8 and JSON). */
export const COMPLAINT_MAX_CT = 16_384;
/** 128 random bits in hex: a complaint's id says nothing of when or where it was written. */
export const complaintId = z.string().regex(/^[0-9a-f]{32}$/);
const x25519Key = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const complaintKey = z
  .object({
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    alg: z.literal(COMPLAINT_SEAL_ALG),
    /** the 32 raw bytes of the X25519 public key, base64url */
    publicKey: x25519Key,
    publishedAt: instant,
    /** Ed25519 by the central's key over canonicalJson({ keyId, alg, publicKey, publishedAt }) */
    signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
  })
  .strict();
export type ComplaintKey = z.infer<typeof complaintKey>;
export const complaintKeySigned = (k: Omit<ComplaintKey, 'signature'>) => canonicalJson({ keyId: k.keyId, alg: k.alg, publicKey: k.publicKey, publishedAt: k.publishedAt });

export const sealedComplaint = z
  .object({
    v: z.literal(1),
    alg: z.literal(COMPLAINT_SEAL_ALG),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    /** the ephemeral X25519 public key */
    epk: x25519Key,
    nonce: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
    ct: z.string().regex(/^[A-Za-z0-9_-]+$/).max(COMPLAINT_MAX_CT),
  })
  .strict();
export type SealedComplaint = z.infer<typeof sealedComplaint>;
export const complaintAad = (id: string, keyId: string) => `daftaryar complaint ${id} ${keyId}`;

/** What is sealed: the office day (Jalali) and the text — nothing else. */
export const complaintPlaintext = z.object({ v: z.literal(1), day: z.string().regex(/^1[34]\d{2}-\d{2}-\d{2}$/), text: z.string().min(1).max(4000) }).strict();
export type ComplaintPlaintext = z.infer<typeof complaintPlaintext>;
export const complaintPutResponse = z.object({ complaintId, received: z.literal(true) }).strict();
// Statistics (ماده ۳۵ ب): the central asks an office for its statistics of a period by a due instant;
// the hub pulls the requests by cursor, like decisions and tariffs, and the manager sends the package.
//   GET /v1/statistics/requests?after=<seq>     → { requests }
//   PUT /v1/statistics/:requestId               { package } → 201 new / 200 replay { receivedAt, late }
// Sent after `dueAt` is accepted and stored as late (late statistics is an offence; refusing them would
// hide it). The same request sent again with the same package is a replay; with another, 409.

export const statisticsRequest = z
  .object({
    seq: z.number().int().positive(),
    requestId: uuid,
    /** office days, Jalali `1405-08-01` */
    from: z.string().regex(/^1[34]\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
    to: z.string().regex(/^1[34]\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
    dueAt: instant,
  })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'the period ends before it starts' });
export type StatisticsRequest = z.infer<typeof statisticsRequest>;
export const statisticsRequestsResponse = z.object({ requests: z.array(statisticsRequest).max(100) }).strict();
/** A statistics package may be larger than other JSON bodies: a year's out-of-turn calls and refusals, row by row. */
export const STATISTICS_MAX_BYTES = 8 * 1024 * 1024;
export const statisticsPut = z.object({ package: statisticsPackage }).strict();
export const statisticsPutResponse = z.object({ requestId: uuid, receivedAt: instant, late: z.boolean(), created: z.boolean() }).strict();
export type StatisticsPutResponse = z.infer<typeof statisticsPutResponse>;

// ---------------------------------------------------------------------------------------------
// Inquiries (ماده ۳۸ ج, ۱۴, ۳ تبصره): a question to the judiciary's registries, always for a request
// and a stated purpose, answered at once (never queued) and logged at both ends.
//
//   POST /v1/inquiries   body: inquiryRequest   → 200 inquiryResponse
//
// The same inquiry id asked again gets the same answer (a retry after a lost reply is not a second
// inquiry in the central's log).

export const inquiryKinds = ['identity', 'coverage', 'document', 'notification', 'caseStatus'] as const;
export type InquiryKind = (typeof inquiryKinds)[number];
/** Why an inquiry may be made, per kind: the legal basis the office states with it. */
export const inquiryPurposes = {
  /** ماده ۴: the applicant's identity, against the civil registry */
  identity: ['identityVerification'],
  /** ماده ۱۴: coverage by the relief committee, welfare, or the prisoners' foundation, for the fee exemption */
  coverage: ['feeExemption'],
  /** ماده ۳ تبصره: a document's authenticity, by its unique code */
  document: ['documentAuthenticity'],
  /** the service «مشاهدهٔ ابلاغیه»: the applicant's own electronic notifications (ابلاغیه), to print */
  notification: ['notificationView'],
  /** the services «پیگیری» and «وضعیت پرونده»: where a filing stands, by its tracking code */
  caseStatus: ['caseFollowUp'],
} as const satisfies Record<InquiryKind, readonly string[]>;
export const inquiryPurpose = z.enum(['identityVerification', 'feeExemption', 'documentAuthenticity', 'notificationView', 'caseFollowUp']);
export type InquiryPurpose = z.infer<typeof inquiryPurpose>;

export const nationalIdDigits = z.string().regex(/^\d{10}$/, { message: 'invalid_national_id' });
/** a document's unique code as printed on it (e.g. a notarised document's شناسهٔ یکتا) */
export const documentCode = z.string().regex(/^[0-9A-Za-z-]{6,40}$/, { message: 'invalid_document_code' });
const exemptionCoverage = z.enum(['reliefCommittee', 'welfarePensioner', 'indigentPrisoner']);

export const inquiryRequest = z.discriminatedUnion('kind', [
  z.object({ inquiryId: uuid, requestId: uuid, kind: z.literal('identity'), purpose: z.literal('identityVerification'), nationalId: nationalIdDigits }).strict(),
  z.object({ inquiryId: uuid, requestId: uuid, kind: z.literal('coverage'), purpose: z.literal('feeExemption'), nationalId: nationalIdDigits }).strict(),
  z.object({ inquiryId: uuid, requestId: uuid, kind: z.literal('document'), purpose: z.literal('documentAuthenticity'), documentCode }).strict(),
  z.object({ inquiryId: uuid, requestId: uuid, kind: z.literal('notification'), purpose: z.literal('notificationView'), nationalId: nationalIdDigits }).strict(),
  z.object({ inquiryId: uuid, requestId: uuid, kind: z.literal('caseStatus'), purpose: z.literal('caseFollowUp'), trackingCode }).strict(),
]);
export type InquiryRequest = z.infer<typeof inquiryRequest>;

/** A Jalali day as the registries give it: 1403-05-12. */
const jalaliDay = z.string().regex(/^1[34]\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'invalid_jalali_day' });
const name = z.string().min(1).max(80);

/** An electronic notification (ابلاغیه) as the judiciary's notification system holds it. */
const notice = z
  .object({ number: z.string().regex(/^[0-9]{6,20}$/), issuedOn: jalaliDay, authority: z.string().min(1).max(200), title: z.string().min(1).max(200), text: z.string().min(1).max(4000) })
  .strict();
/** Where a filing stands at its authority. */
const caseStatus = z
  .object({ trackingCode, authority: z.string().min(1).max(200), stage: z.string().min(1).max(200), lastAction: z.string().min(1).max(500), on: jalaliDay })
  .strict();

/** What the registry said; null: it knows no such person, coverage, document or case. */
export const inquiryAnswer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('identity'), person: z.object({ firstName: name, lastName: name, fatherName: name, birthDate: jalaliDay, alive: z.boolean() }).strict().nullable() }).strict(),
  z.object({ kind: z.literal('coverage'), coverage: z.object({ category: exemptionCoverage, reference: z.string().min(1).max(40), validUntil: jalaliDay }).strict().nullable() }).strict(),
  z.object({ kind: z.literal('document'), document: z.object({ title: z.string().min(1).max(200), issuer: z.string().min(1).max(200), issuedOn: jalaliDay, valid: z.boolean() }).strict().nullable() }).strict(),
  /** the person's notifications, newest first; empty when there are none */
  z.object({ kind: z.literal('notification'), notices: z.array(notice).max(50) }).strict(),
  z.object({ kind: z.literal('caseStatus'), case: caseStatus.nullable() }).strict(),
]);
export type InquiryAnswer = z.infer<typeof inquiryAnswer>;

export const inquiryResponse = z.object({ inquiryId: uuid, answeredAt: instant, answer: inquiryAnswer }).strict();
export type InquiryResponse = z.infer<typeof inquiryResponse>;

// ---------------------------------------------------------------------------------------------
// Errors: { error: { code, message } } with the status below

export const syncErrorCodes = {
  BAD_REQUEST: 400, // body or parameters do not match the schema, or are not JSON
  UNAUTHENTICATED: 401, // no or unknown device, bad request signature
  DEVICE_REVOKED: 403,
  CLOCK_SKEW: 401, // the device's time is more than MAX_CLOCK_SKEW_MS off (answer carries the server time)
  ENROLLMENT_CODE_INVALID: 403, // unknown, used or expired one-time code
  NOT_FOUND: 404,
  MANIFEST_SIGNATURE_INVALID: 422,
  MANIFEST_MISMATCH: 422, // office/device/submission id in the manifest differ from the caller and the URL
  BLOB_MISSING: 422, // a page the manifest names was never uploaded, or its size differs
  DIGEST_MISMATCH: 422, // the bytes uploaded do not hash to the name they were put under
  SUBMISSION_CONFLICT: 409, // the same submission id with a different manifest
  INQUIRY_CONFLICT: 409, // the same inquiry id with a different question
  COMPLAINT_CONFLICT: 409, // the same complaint id with other sealed bytes
  STATISTICS_CONFLICT: 409, // the same statistics request answered again with a different package, or a package for another period
  SUPPLEMENT_FOREIGN: 422, // a supplement names a filing (submission id + tracking code) this office does not have
  SUPPLEMENT_NOT_RETURNED: 409, // a supplement for a filing that is not returned, or whose return already has a supplement
  TOO_LARGE: 413,
  RATE_LIMITED: 429, // with Retry-After
  INTERNAL: 500,
  UNAVAILABLE: 503, // with Retry-After when known
} as const;
export type SyncErrorCode = keyof typeof syncErrorCodes;
export const syncErrorBody = z.object({ error: z.object({ code: z.string().max(60), message: z.string().max(1000) }).strict() }).strict();

/**
 * How the hub's outbox treats an answer: `retry` (network trouble, 5xx, 429, a page the central
 * lost — try again later, with backoff), `reupload` (the central is missing a page: check and upload
 * again at once), `person` (a permanent rejection someone must read and fix), `identity` (the device
 * itself is refused: every item waits until enrollment is fixed; nothing is marked failed).
 */
export type Disposition = 'retry' | 'reupload' | 'person' | 'identity';

export function dispositionOf(status: number, code: string | null): Disposition {
  if (code === 'BLOB_MISSING') return 'reupload';
  // bytes changed on the way: read the page again and send it again
  if (code === 'DIGEST_MISMATCH') return 'retry';
  if (code === 'CLOCK_SKEW' || code === 'UNAUTHENTICATED' || code === 'DEVICE_REVOKED') return 'identity';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  if (status >= 400) return 'person';
  return 'retry';
}
