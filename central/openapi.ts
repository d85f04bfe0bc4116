import { z } from 'zod';
import {
  PROTOCOL_VERSION,
  blobCheckRequest,
  blobCheckResponse,
  blobPutResponse,
  complaintKey,
  complaintPutResponse,
  sealedComplaint,
  enrollRequest,
  enrollResponse,
  headers,
  inquiryRequest,
  inquiryResponse,
  statusResponse,
  submitRequest,
  submitResponse,
  syncErrorBody,
  tariffsResponse,
  statisticsRequestsResponse,
  statisticsPut,
  statisticsPutResponse,
} from '../core/sync/protocol';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const error = (description: string) => ({ description, ...json(syncErrorBody) });
const signed = [{ deviceSignature: [] }];

/** The OpenAPI 3.1 document, generated from the protocol's zod schemas so it cannot drift from them. */
export function openApiDocument(): Record<string, unknown> {
  const sha256Param = { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } };
  const submissionParam = { name: 'submissionId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Daftaryar central sync protocol',
      version: String(PROTOCOL_VERSION),
      description: `Signed requests carry ${headers.device}, ${headers.time} and ${headers.signature} (docs/SYNC-PROTOCOL.md); every answer carries ${headers.serverTime}.`,
    },
    components: {
      securitySchemes: { deviceSignature: { type: 'apiKey', in: 'header', name: headers.signature, description: 'Ed25519 over requestSigningInput(method, path, time, sha256(body))' } },
    },
    paths: {
      '/v1/enroll': { post: { summary: 'Enroll a device with a one-time code', requestBody: json(enrollRequest), responses: { 201: { description: 'enrolled', ...json(enrollResponse) }, 403: error('ENROLLMENT_CODE_INVALID') } } },
      '/v1/blobs/{sha256}': {
        head: { summary: 'Does the office have this page?', security: signed, parameters: [sha256Param], responses: { 200: { description: 'stored' }, 404: { description: 'not stored' } } },
        put: {
          summary: 'Upload a page under the sha256 of its bytes',
          security: signed,
          parameters: [sha256Param],
          requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          responses: { 201: { description: 'stored', ...json(blobPutResponse) }, 200: { description: 'already stored', ...json(blobPutResponse) }, 413: error('TOO_LARGE'), 422: error('DIGEST_MISMATCH') },
        },
      },
      '/v1/blobs/missing': { post: { summary: 'Which of these pages the office lacks', security: signed, requestBody: json(blobCheckRequest), responses: { 200: { description: 'the missing ones', ...json(blobCheckResponse) } } } },
      '/v1/submissions/{submissionId}': {
        put: {
          summary: 'Submit a signed manifest (idempotent by submission id)',
          security: signed,
          parameters: [submissionParam],
          requestBody: json(submitRequest),
          responses: {
            201: { description: 'received: signed receipt', ...json(submitResponse) },
            200: { description: 'a replay: the receipt on record', ...json(submitResponse) },
            409: error('SUBMISSION_CONFLICT'),
            422: error('MANIFEST_SIGNATURE_INVALID, MANIFEST_MISMATCH or BLOB_MISSING'),
          },
        },
        get: { summary: 'The receipt on record', security: signed, parameters: [submissionParam], responses: { 200: { description: 'receipt', ...json(submitResponse) }, 404: error('NOT_FOUND') } },
      },
      '/v1/status': {
        get: {
          summary: "The authority's decisions after a cursor",
          security: signed,
          parameters: [
            { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          ],
          responses: { 200: { description: 'updates', ...json(statusResponse) } },
        },
      },
      '/v1/tariffs': {
        get: { summary: 'Signed tariff tables after a version', security: signed, parameters: [{ name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } }], responses: { 200: { description: 'tables', ...json(tariffsResponse) } } },
      },
      '/v1/statistics/requests': {
        get: {
          summary: "The office's statistics requests (ماده ۳۵ ب) after a cursor: a period of office days and a due instant",
          security: signed,
          parameters: [{ name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } }],
          responses: { 200: { description: 'requests', ...json(statisticsRequestsResponse) } },
        },
      },
      '/v1/statistics/{requestId}': {
        put: {
          summary: 'The statistics package for one request; stored once, marked late after the due instant',
          security: signed,
          parameters: [{ name: 'requestId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: json(statisticsPut),
          responses: {
            200: { description: 'a replay: the answer on record', ...json(statisticsPutResponse) },
            201: { description: 'stored', ...json(statisticsPutResponse) },
            404: error('NOT_FOUND: no such request for this office'),
            409: error('STATISTICS_CONFLICT: a package for another period, or another package for an answered request'),
          },
        },
      },
      '/v1/inquiries': {
        post: {
          summary: 'Ask a registry (identity, fee-exemption coverage, document authenticity) for a request and a purpose; logged, idempotent by inquiry id',
          security: signed,
          requestBody: json(inquiryRequest),
          responses: {
            200: { description: "the registry's answer (null inside when it knows no such record); a retry gets the same answer", ...json(inquiryResponse) },
            400: error('BAD_REQUEST: the body does not match, e.g. a purpose the kind does not allow'),
            409: error('INQUIRY_CONFLICT: the inquiry id is on record with another question'),
          },
        },
      },
      '/v1/complaint-key': {
        get: { summary: 'The X25519 key to seal anonymous complaints to (ماده ۲۰), signed with the central key', security: signed, responses: { 200: { description: 'the newest key', ...json(complaintKey) } } },
      },
      '/v1/complaints/{complaintId}': {
        put: {
          summary: 'Deliver a sealed anonymous complaint (idempotent by its random id)',
          security: signed,
          parameters: [{ name: 'complaintId', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' } }],
          requestBody: json(sealedComplaint),
          responses: {
            201: { description: 'stored', ...json(complaintPutResponse) },
            200: { description: 'the same bytes were stored before', ...json(complaintPutResponse) },
            409: error('COMPLAINT_CONFLICT: the id holds other bytes, or the key is unknown'),
          },
        },
      },
      '/v1/health': { get: { summary: 'Liveness and database reachability', responses: { 200: { description: 'ok' }, 503: error('UNAVAILABLE') } } },
      '/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
  };
}
