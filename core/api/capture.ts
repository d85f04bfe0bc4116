/**
 * Document capture at the counter (ماده ۴: the documents are turned into an electronic document,
 * shown to the applicant and matched against the paper originals): the counter's scanner, scan and
 * import jobs, the request's documents and pages, the applicant's review on their screen, the clerk's
 * page-by-page match, and the manager's search in the OCR text.
 */
import { z } from 'zod';
import type { EventDef, ProcedureDef } from './contract-types';
import * as s from './schemas';

const procedure = <I extends z.ZodType, O extends z.ZodType>(def: ProcedureDef<I, O>) => def;
const event = <P extends z.ZodType>(def: EventDef<P>) => def;

const staff = ['manager', 'legalExpert', 'clerk'] as const;
const id = z.number().int().positive().max(1_000_000_000);
const uuid = z.string().uuid();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const documentTypes = ['petition', 'identity', 'evidence', 'powerOfAttorney', 'decision', 'other'] as const;
export type DocumentType = (typeof documentTypes)[number];
/** `workstation`: a scanner on the counter's own PC, reached through its device agent (docs/WORKSTATIONS.md) */
export const scanDrivers = ['sane', 'escl', 'dwt', 'folder', 'workstation'] as const;
export const scanSources = ['flatbed', 'adf', 'adfDuplex'] as const;
export const colorModes = ['color', 'grey', 'bw'] as const;

/** Why a scan or import stopped; mirrors native/capture ScannerErrorCode plus the store's own. */
export const captureErrorCodes = [
  'DEVICE_NOT_FOUND',
  'DEVICE_GONE',
  'DEVICE_BUSY',
  'PAPER_JAM',
  'FEEDER_EMPTY',
  'COVER_OPEN',
  'CANCELLED',
  'TIMEOUT',
  'DRIVER_MISSING',
  'LICENCE_MISSING',
  'LICENCE_INVALID',
  'LICENCE_EXPIRED',
  'DEVICE_ERROR',
  'BAD_DATA',
  'UNSUPPORTED',
  'FILE_UNREADABLE',
  'FILE_TOO_LARGE',
  'FILE_NAME_REFUSED',
  'FILE_NOT_SCANNED',
  'DISK_FULL',
  'PIPELINE_FAILED',
  'INTERRUPTED',
] as const;
export type CaptureErrorCode = (typeof captureErrorCodes)[number];

export const scannerSetting = z
  .object({
    driver: z.enum(scanDrivers),
    /** a SANE device name, an eSCL base URL, a folder path, a DWT source name */
    deviceId: z.string().min(1).max(500),
    label: s.freeText({ min: 1, max: 200 }),
    source: z.enum(scanSources),
    dpi: z.number().int().min(75).max(1200),
    colorMode: z.enum(colorModes),
  })
  .strict();
export type ScannerSettingInput = z.infer<typeof scannerSetting>;

/** The resolutions the counter offers (dpi). */
export const scanResolutions = [150, 200, 300, 400, 600] as const;

/**
 * A scan profile: how the office scans one document type (a petition in grey at 300 dpi, an ID card
 * in colour from the glass, …). Kept by the manager as an office setting; the counter picks the
 * profile of the document type it scans, and may change it for one scan.
 */
export const scanProfile = z
  .object({
    documentType: z.enum(documentTypes),
    dpi: z.number().int().min(75).max(1200),
    colorMode: z.enum(colorModes),
    source: z.enum(scanSources),
  })
  .strict();
export type ScanProfile = z.infer<typeof scanProfile>;

export const pageView = z.object({
  id: uuid,
  documentId: uuid,
  /** 1-based, within the request (the number the clerk and the applicant see) */
  number: z.number().int().positive(),
  sha256,
  widthPx: z.number().int(),
  heightPx: z.number().int(),
  dpi: z.number().int(),
  bytes: z.number().int(),
  deskewDeg: z.number(),
  /** flagged as blank by the pipeline; `blankKept` once the clerk decided to keep it */
  blank: z.boolean(),
  blankKept: z.boolean(),
  matched: z.boolean(),
  ocr: z.enum(['pending', 'done', 'failed']),
  source: z.string(),
});
export type PageView = z.infer<typeof pageView>;

export const documentView = z.object({
  id: uuid,
  type: z.enum(documentTypes),
  colorMode: z.enum(colorModes),
  pages: z.array(pageView),
});
export type DocumentView = z.infer<typeof documentView>;

export const jobView = z.object({
  id: uuid,
  driver: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']),
  errorCode: z.enum(captureErrorCodes).nullable(),
  pages: z.number().int(),
  startedAt: s.isoInstant,
  endedAt: s.isoInstant.nullable(),
});
export type JobView = z.infer<typeof jobView>;

export const captureView = z.object({
  requestId: uuid,
  documents: z.array(documentView),
  /** the latest jobs, newest first (at most 5) */
  jobs: z.array(jobView),
  /** pages the fees were paid for, and how many the service includes (for the per-page fee check) */
  pagesPaid: z.number().int(),
  pagesIncluded: z.number().int(),
  chargesExtraPages: z.boolean(),
  /** the digest of the page list the applicant is asked to confirm */
  digest: sha256,
  /** the last review on the applicant's screen, if any */
  review: z.object({ outcome: z.enum(['confirmed', 'objected']), reason: z.string().nullable(), at: s.isoInstant, digest: sha256 }).nullable(),
});
export type CaptureView = z.infer<typeof captureView>;

const image = z.object({ mime: z.literal('image/jpeg'), base64: z.string() });

/** Upload chunks for a file import: each at most this many bytes (base64 in the frame). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
/** The largest file one import takes. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export const captureProcedures = {
  'scanner.get': procedure({
    summary: "The counter's scanner setting (null when none is chosen).",
    access: staff,
    input: z.object({ counterId: id }).strict(),
    output: z.object({ setting: scannerSetting.nullable() }),
  }),
  'scanner.set': procedure({
    summary: "Choose the counter's scanner and its defaults; remembered.",
    access: staff,
    input: z.object({ counterId: id, setting: scannerSetting }).strict(),
    output: z.object({ setting: scannerSetting }),
  }),
  'scanner.devices': procedure({
    summary: 'The scanners a driver reaches now (SANE devices, eSCL by mDNS or a typed address, the folder).',
    access: staff,
    input: z.object({ driver: z.enum(scanDrivers), address: z.string().max(500).optional() }).strict(),
    output: z.object({
      /** `model`: the make and model the device reports of itself (eSCL MakeAndModel), once asked */
      devices: z.array(z.object({ driver: z.enum(scanDrivers), id: z.string(), label: z.string(), model: z.string().nullable() })),
      errorCode: z.enum(captureErrorCodes).nullable(),
    }),
    answerWithinMs: 20_000,
  }),

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
  'scanProfiles.get': procedure({
    summary: "The office's scan profiles: resolution, colour and paper input per document type.",
    access: staff,
    input: z.object({}).strict(),
    output: z.object({ profiles: z.array(scanProfile) }),
  }),
  'scanProfiles.set': procedure({
    summary: "Set the office's scan profiles (one per document type at most); the ones not given are removed.",
    access: ['manager'],
    input: z
      .object({ profiles: z.array(scanProfile).max(documentTypes.length) })
      .strict()
      .refine((v) => new Set(v.profiles.map((p) => p.documentType)).size === v.profiles.length, { message: 'one profile per document type', path: ['profiles'] }),
    output: z.object({ profiles: z.array(scanProfile) }),
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
  'documents.search': procedure({
    summary: 'Search the OCR text of captured pages (manager, legal expert); every search is audited.',
    access: ['manager', 'legalExpert'],
    input: z.object({ query: s.freeText({ min: 2, max: 200 }) }).strict(),
    output: z.object({
      hits: z.array(z.object({ requestId: uuid, requestNumber: z.string(), pageId: uuid, pageNumber: z.number().int(), snippet: z.string() })),
    }),
  }),
} satisfies Record<string, ProcedureDef>;

export const captureEvents = {
  'capture.changed': event({
    summary: "A request's pages or a scan job changed: the counter redraws its strip.",
    access: staff,
    payload: z.object({ requestId: uuid, counterId: id.nullable(), jobId: uuid.nullable(), at: s.isoInstant }),
  }),
} satisfies Record<string, EventDef>;
