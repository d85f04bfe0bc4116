/**
 * Document capture at the counter (ماده ۴: the documents are turned into an electronic document,
 * shown to the applicant and matched against the paper originals): scan and import jobs, the request's
 * documents and pages, and the clerk's page-by-page match. The scanner, the scan profiles and the OCR
 * search are their own namespaces (./scanner.ts, ./scanProfiles.ts, ./documents.ts); the schemas they
 * share are in ./capture-types.ts.
 */
import { z } from 'zod';
import type { EventDef, ProcedureDef } from './contract-types';
import { event, procedure } from './define';
import { staff, id, uuid, documentTypes, scanSources, colorModes, captureView, image, UPLOAD_CHUNK_BYTES, MAX_IMPORT_BYTES } from './capture-types';
import * as s from './schemas';

/** The shared schemas, where the renderer and the hub have always found them. */
export { documentTypes, scanDrivers, scanSources, colorModes, captureErrorCodes, scannerSetting, scanResolutions, scanProfile, pageView, documentView, jobView, captureView, UPLOAD_CHUNK_BYTES, MAX_IMPORT_BYTES } from './capture-types';
export type { DocumentType, CaptureErrorCode, ScannerSettingInput, ScanProfile, PageView, DocumentView, JobView, CaptureView } from './capture-types';

export const captureProcedures = {
  'capture.view': procedure({
    summary: "A request's documents and pages, the latest scan jobs, the page-fee figures and the applicant's review.",
    access: staff,
    input: z.object({ requestId: uuid }).strict(),
    output: captureView,
  }),
  'capture.start': procedure({
    summary: "Scan into a request with the counter's scanner; pages arrive while it runs (capture.changed).",
    access: staff,
    input: z
      .object({
        requestId: uuid,
        counterId: id,
        documentType: z.enum(documentTypes),
        /** append to this document instead of starting a new one */
        documentId: uuid.optional(),
        /** rescan one page: the first page scanned takes this page's place (its document and number) */
        replacePageId: uuid.optional(),
        source: z.enum(scanSources).optional(),
        colorMode: z.enum(colorModes).optional(),
        /** this scan's resolution (a scan profile's); else the counter's scanner setting */
        dpi: z.number().int().min(75).max(1200).optional(),
      })
      .strict(),
    output: z.object({ jobId: uuid }),
  }),
  'capture.cancel': procedure({
    summary: 'Stop a running scan; pages already captured are kept.',
    access: staff,
    input: z.object({ jobId: uuid }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'capture.upload': procedure({
    summary: 'One chunk of a file to import (PDF, JPEG, PNG, TIFF), in order; the hub keeps it in its private temp folder.',
    access: staff,
    input: z
      .object({
        uploadId: uuid,
        offset: z.number().int().min(0).max(MAX_IMPORT_BYTES),
        dataBase64: z.string().min(1).max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'invalid_format' }),
      })
      .strict(),
    output: z.object({ received: z.number().int() }),
  }),
  'capture.import': procedure({
    summary: 'Import an uploaded file into a request as pages of a document.',
    access: staff,
    input: z
      .object({
        requestId: uuid,
        counterId: id,
        uploadId: uuid,
        /** what the clerk's computer called the file: shown as the pages' origin */
        fileName: s.freeText({ min: 1, max: 255 }),
        documentType: z.enum(documentTypes),
        documentId: uuid.optional(),
        colorMode: z.enum(colorModes).optional(),
      })
      .strict(),
    output: z.object({ jobId: uuid }),
  }),
  'capture.image': procedure({
    summary: 'A page as JPEG: the thumbnail or the screen view.',
    access: staff,
    input: z.object({ pageId: uuid, size: z.enum(['thumb', 'view']) }).strict(),
    output: image,
  }),
  'capture.editPage': procedure({
    summary: 'Rotate a page, delete it (its row is kept, marked deleted), or keep a page flagged blank.',
    access: staff,
    input: z.object({ pageId: uuid, action: z.enum(['rotateLeft', 'rotateRight', 'rotate180', 'delete', 'keepBlank']) }).strict(),
    output: captureView,
  }),
  'capture.restorePage': procedure({
    summary: 'Bring back a deleted page (undo): into its document, at the place it had.',
    access: staff,
    input: z.object({ pageId: uuid }).strict(),
    output: captureView,
  }),
  'capture.movePage': procedure({
    summary: 'Move a page within its request: to a position (1-based) in a document.',
    access: staff,
    input: z.object({ pageId: uuid, documentId: uuid, position: z.number().int().positive().max(100_000) }).strict(),
    output: captureView,
  }),
  'capture.split': procedure({
    summary: 'Start a new document at this page: it and the pages after it move to the new document.',
    access: staff,
    input: z.object({ pageId: uuid, documentType: z.enum(documentTypes) }).strict(),
    output: captureView,
  }),
  'capture.setDocument': procedure({
    summary: "A document's type or colour mode.",
    access: staff,
    input: z.object({ documentId: uuid, type: z.enum(documentTypes).optional(), colorMode: z.enum(colorModes).optional() }).strict(),
    output: captureView,
  }),
  'capture.finish': procedure({
    summary: 'The documents are captured: checks the pages against the fees paid and the blank pages decided, then shows them to the applicant.',
    access: staff,
    input: z.object({ requestId: uuid }).strict(),
    output: captureView,
  }),
  'capture.match': procedure({
    summary: 'The clerk checked a page against its paper original: it matches, or it does not (with the reason: back to capture).',
    access: staff,
    input: z.union([
      z.object({ pageId: uuid, matches: z.literal(true) }).strict(),
      z.object({ pageId: uuid, matches: z.literal(false), reason: s.freeText({ min: 5, max: 300, multiline: true }) }).strict(),
    ]),
    output: captureView,
  }),
  'capture.matchDone': procedure({
    summary: 'Every page matched its original: the request is ready for sending.',
    access: staff,
    input: z.object({ requestId: uuid }).strict(),
    output: captureView,
  }),
  'capture.documentPdf': procedure({
    summary: 'A document as a searchable PDF (page images + the OCR text layer done so far).',
    access: staff,
    input: z.object({ documentId: uuid }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string(), pages: z.number().int(), ocrPages: z.number().int() }),
    answerWithinMs: 60_000,
  }),
} satisfies Record<string, ProcedureDef>;

export const captureEvents = {
  'capture.changed': event({
    summary: "A request's pages or a scan job changed: the counter redraws its strip.",
    access: staff,
    payload: z.object({ requestId: uuid, counterId: id.nullable(), jobId: uuid.nullable(), at: s.isoInstant }),
  }),
} satisfies Record<string, EventDef>;
